"""The outcome store: schema, hashing, question text only on request, retention, votes, and failing quietly."""

from __future__ import annotations

import logging
import sqlite3
from contextlib import closing
from pathlib import Path

import pytest

from bot.admin.database import hash_user
from bot.admin.store import BATCH_LIMIT, QUEUE_LIMIT, OutcomeStore, open_store
from bot.chat import Asked, ChatCore
from bot.config import Settings
from bot.cooldown import Cooldown
from bot.core.decision import Answer
from bot.core.service import FaqService
from tests.admin.conftest import DAY, START, Clock, answer, clarify, no_match, rows

USER = "123456789012345678"


def salt_of(path) -> bytes:
    return bytes.fromhex(rows(path, "SELECT value FROM meta WHERE key = 'salt'")[0][0])


def test_a_new_database_gets_its_tables_and_a_salt_that_lasts(make_store, tmp_path):
    path = tmp_path / "new" / "folder" / "stats.sqlite3"
    first = make_store(path)
    assert first.flush()
    tables = {name for (name,) in rows(path, "SELECT name FROM sqlite_master WHERE type = 'table'")}
    assert {"meta", "outcomes", "picks", "feedback"} <= tables
    salt = salt_of(path)
    assert len(salt) == 32
    first.close()
    second = make_store(path)
    assert second.flush()
    assert salt_of(path) == salt


def test_user_ids_are_kept_only_as_salted_hashes(make_store, corpus):
    store = make_store(store_questions=True)
    store.record(Asked("discord", USER, "保号卡怎么充值"), answer(corpus, "topup"), 1.0)
    store.record(Asked("matrix", USER, "保号卡怎么充值"), answer(corpus, "topup"), 1.0)
    store.record_pick(Asked("discord", USER, "保号卡"), "topup")
    store.record_feedback("discord", USER, "topup", 1)
    assert store.flush()
    with closing(sqlite3.connect(store.path)) as connection:
        dump = "\n".join(connection.iterdump())
    assert USER not in dump
    salt = salt_of(store.path)
    discord, matrix = (user for (user,) in rows(store.path, "SELECT user_hash FROM outcomes ORDER BY platform"))
    assert discord == hash_user(salt, "discord", USER) != matrix
    assert rows(store.path, "SELECT user_hash FROM picks UNION SELECT user_hash FROM feedback") == [(discord,)]


def test_another_install_hashes_the_same_user_differently(make_store, corpus, tmp_path):
    hashes = []
    for name in ("one.sqlite3", "two.sqlite3"):
        store = make_store(tmp_path / name)
        store.record(Asked("discord", USER, "q"), answer(corpus, "topup"), 1.0)
        assert store.flush()
        hashes += rows(store.path, "SELECT user_hash FROM outcomes")
    assert hashes[0] != hashes[1]


def test_a_configured_salt_is_used_and_not_stored(make_store, corpus):
    store = make_store(salt=b"from-the-environment")
    store.record(Asked("discord", USER, "q"), answer(corpus, "topup"), 1.0)
    assert store.flush()
    assert rows(store.path, "SELECT user_hash FROM outcomes") == [
        (hash_user(b"from-the-environment", "discord", USER),)
    ]
    assert rows(store.path, "SELECT * FROM meta") == []


@pytest.mark.parametrize("keep", [False, True])
def test_question_text_is_kept_only_when_asked_to(make_store, corpus, keep):
    store = make_store(store_questions=keep)
    store.record(Asked("discord", "1", "我的秘密问题"), no_match(corpus), 2.0)
    store.record_pick(Asked("discord", "1", "我的秘密问题"), "topup")
    assert store.flush()
    with closing(sqlite3.connect(store.path)) as connection:
        dump = "\n".join(connection.iterdump())
    assert ("我的秘密问题" in dump) is keep
    expected = "我的秘密问题" if keep else None
    assert rows(store.path, "SELECT question FROM outcomes UNION ALL SELECT question FROM picks") == [(expected,)] * 2


def test_an_outcome_row_holds_outcome_entry_score_options_and_platform(make_store, corpus):
    clock = Clock()
    store = make_store(clock=clock)
    store.record(Asked("matrix", "@u:x", "q"), clarify(corpus, ("renew", "topup")), 3.5)
    assert store.flush()
    assert rows(
        store.path, "SELECT at, platform, outcome, entry_id, score, options, lang, latency_ms FROM outcomes"
    ) == [(START, "matrix", "clarify", "renew", 35.0, "renew topup", "zh-hans", 3.5)]


def test_rows_past_retention_are_deleted_when_the_store_starts(make_store, corpus):
    clock = Clock()
    store = make_store(clock=clock, retention_days=30)
    store.record(Asked("discord", "1", "q"), answer(corpus, "topup"), 1.0)
    store.record_pick(Asked("discord", "1", "q"), "topup")
    store.record_feedback("discord", "1", "topup", 1)
    clock.now += 10 * DAY
    store.record(Asked("discord", "2", "q"), answer(corpus, "renew"), 1.0)
    store.close()
    clock.now += 25 * DAY
    assert make_store(clock=clock, retention_days=30).flush()
    assert rows(store.path, "SELECT entry_id FROM outcomes") == [("renew",)]
    assert rows(store.path, "SELECT COUNT(*) FROM picks UNION ALL SELECT COUNT(*) FROM feedback") == [(0,), (0,)]


def test_rows_past_retention_are_deleted_while_running(make_store, corpus):
    clock = Clock()
    store = make_store(clock=clock, retention_days=1)
    store.record(Asked("discord", "1", "q"), answer(corpus, "topup"), 1.0)
    assert store.flush()
    clock.now += 2 * DAY
    store.record(Asked("discord", "1", "q"), answer(corpus, "renew"), 1.0)
    assert store.flush()
    assert rows(store.path, "SELECT entry_id FROM outcomes") == [("renew",)]


def test_one_vote_per_user_and_entry_that_can_change_or_be_withdrawn(make_store):
    clock = Clock()
    store = make_store(clock=clock)
    store.record_feedback("discord", "1", "topup", 1)
    store.record_feedback("discord", "2", "topup", 1)
    clock.now += 60
    store.record_feedback("discord", "1", "topup", -1)
    store.record_feedback("discord", "1", "renew", 1)
    store.record_feedback("discord", "1", "renew", 0)
    store.record_feedback("discord", "3", "renew", 7)
    assert store.flush()
    votes = rows(store.path, "SELECT entry_id, vote, at FROM feedback ORDER BY entry_id, vote")
    assert votes == [("topup", -1, START + 60), ("topup", 1, START)]


def broken(tmp_path, how: str):
    """Return a STATS_DB path that cannot be written in the given way."""
    if how == "parent is a file":
        (tmp_path / "file").write_text("x")
        return tmp_path / "file" / "stats.sqlite3"
    path = tmp_path / "stats.sqlite3"
    if how == "not a database":
        path.write_bytes(b"this is not SQLite" * 100)
    else:
        with closing(sqlite3.connect(path)) as connection:
            connection.execute("CREATE TABLE outcomes (something_else TEXT)")
    return path


@pytest.mark.parametrize("how", ["parent is a file", "not a database", "tables of another shape"])
async def test_a_failing_store_never_stops_answering_and_is_logged_once(tmp_path, corpus_dir, caplog, how):
    caplog.set_level(logging.INFO, logger="bot.admin.store")
    store = OutcomeStore(broken(tmp_path, how), store_questions=True)
    core = ChatCore(await FaqService.start(corpus_dir), Cooldown(0, 1), store)
    results = [await core.ask("discord", str(user), "保号卡怎么充值") for user in range(5)]
    core.picked("discord", "1", "保号卡", "topup")
    core.feedback("discord", "1", "topup", 1)
    assert store.flush()
    store.close()
    assert all(isinstance(result, Answer) and result.match.entry.id == "topup" for result in results)
    assert store.failures >= 5
    warnings = [record for record in caplog.records if record.levelno >= logging.WARNING]
    assert len(warnings) == 1 and "answering goes on" in warnings[0].getMessage()


def test_settings_choose_the_store(tmp_path):
    assert open_store(Settings(_env_file=None, stats_db="")) is None
    store = open_store(
        Settings(_env_file=None, stats_db=tmp_path / "s.sqlite3", store_questions=True, retention_days=7)
    )
    assert store is not None
    try:
        assert (store.path, store.store_questions, store.retention_days) == (tmp_path / "s.sqlite3", True, 7)
    finally:
        store.close()


def test_default_stats_db_is_a_file_in_the_working_directory(monkeypatch):
    for name in ("STATS_DB", "STORE_QUESTIONS", "RETENTION_DAYS", "STATS_SALT"):
        monkeypatch.delenv(name, raising=False)
    settings = Settings(_env_file=None)
    assert (settings.stats_db, settings.store_questions, settings.retention_days) == (
        Path("faqbot-stats.sqlite3"),
        False,
        90,
    )


def test_a_stuck_writer_drops_rows_beyond_the_queue_instead_of_waiting(make_store, caplog):
    caplog.set_level(logging.WARNING, logger="bot.admin.store")
    store = make_store()
    assert store.flush()
    extra = 600
    total = QUEUE_LIMIT + 1 + BATCH_LIMIT + extra  # the queue, plus the batch the writer holds while it waits
    with closing(sqlite3.connect(store.path, isolation_level=None)) as holder:
        holder.execute("BEGIN EXCLUSIVE")
        for user in range(total):
            store.record_feedback("discord", str(user), "topup", 1)
        holder.execute("COMMIT")
    assert store.flush()
    assert store.failures >= extra
    assert [record.getMessage() for record in caplog.records] == [
        f"statistics store {store.path} is failing (the write queue is full); answering goes on without statistics"
    ]
    assert rows(store.path, "SELECT COUNT(*) FROM feedback") == [(total - store.failures,)]
