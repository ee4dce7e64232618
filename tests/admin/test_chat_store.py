"""ChatCore with the real store: what adapters report is recorded, and admins can read the summary."""

from __future__ import annotations

import pytest

from bot import runner
from bot.admin.store import OutcomeStore
from bot.chat import STATS_OFF, ChatCore
from bot.config import Settings
from bot.cooldown import Cooldown
from bot.core.decision import outcome_name
from bot.core.service import FaqService
from tests.admin.conftest import rows


@pytest.fixture
async def service(corpus_dir) -> FaqService:
    return await FaqService.start(corpus_dir)


async def test_questions_picks_and_votes_reach_the_store(service, make_store):
    store = make_store(store_questions=True)
    core = ChatCore(service, Cooldown(0, 1), store)
    clear = await core.ask("discord", "u1", "保号卡怎么充值")
    unsure = await core.ask("matrix", "@u2:x", "保号卡充值续费")
    core.picked("matrix", "@u2:x", "保号卡充值续费", "renew")
    core.feedback("discord", "u1", "topup", 1)
    core.feedback("discord", "u1", "topup", -1)
    assert store.flush()
    assert rows(store.path, "SELECT platform, outcome, entry_id, question FROM outcomes") == [
        ("discord", "answer", "topup", "保号卡怎么充值"),
        ("matrix", outcome_name(unsure), unsure.options[0].entry.id, "保号卡充值续费"),
    ]
    assert outcome_name(clear) == "answer" and outcome_name(unsure) == "clarify"
    assert rows(store.path, "SELECT platform, entry_id, question FROM picks") == [("matrix", "renew", "保号卡充值续费")]
    assert rows(store.path, "SELECT entry_id, vote FROM feedback") == [("topup", -1)]


async def test_questions_held_back_by_the_cooldown_are_not_recorded(service, make_store):
    store = make_store()
    core = ChatCore(service, Cooldown(1, 60), store)
    assert await core.ask("discord", "u1", "保号卡怎么充值") is not None
    assert await core.ask("discord", "u1", "保号卡怎么充值") is None
    assert store.flush()
    assert rows(store.path, "SELECT COUNT(*) FROM outcomes") == [(1,)]


async def test_admins_get_the_summary_through_the_core(service, make_store):
    store = make_store(store_questions=True)
    core = ChatCore(service, Cooldown(0, 1), store)
    await core.ask("discord", "u1", "保号卡怎么充值")
    core.feedback("discord", "u1", "topup", 1)
    assert store.flush()
    text = await core.stats(days=7)
    assert text.startswith("Questions in the last 7 days: 1")
    assert "+1 / -0  topup (保号卡怎么充值？)" in text


async def test_stats_without_a_store_say_they_are_off(service):
    class CountingRecorder:
        def record(self, asked, result, latency_ms) -> None:
            pass

    assert await ChatCore(service, Cooldown(0, 1)).stats() == STATS_OFF
    assert await ChatCore(service, Cooldown(0, 1), CountingRecorder()).stats() == STATS_OFF


async def test_stats_before_anything_was_recorded(service, tmp_path):
    store = OutcomeStore(tmp_path / "later" / "stats.sqlite3")
    store.close()
    (tmp_path / "later" / "stats.sqlite3").unlink()
    text = await ChatCore(service, Cooldown(0, 1), store).stats()
    assert text.startswith("No statistics: nothing has been recorded at")


async def test_faqbot_run_records_into_stats_db(corpus_dir, tmp_path, monkeypatch):
    monkeypatch.setitem(runner.PLATFORMS, "fake", "tests.admin.fake_adapter")
    path = tmp_path / "run.sqlite3"
    settings = Settings(_env_file=None, stats_db=path, store_questions=True, cooldown_questions=0)
    await runner.run_platforms(["fake"], settings, corpus_dir)
    assert rows(path, "SELECT platform, outcome, question FROM outcomes") == [
        ("fake", "answer", "保号卡怎么充值"),
        ("fake", "clarify", "保号卡充值续费"),
    ]
    assert rows(path, "SELECT entry_id FROM picks") == [("renew",)]
    assert rows(path, "SELECT entry_id, vote FROM feedback") == [("topup", 1)]


@pytest.mark.parametrize(("stats_db", "created"), [(None, ["faqbot-stats.sqlite3"]), ("", [])], ids=["default", "off"])
async def test_faqbot_run_default_store_is_a_file_in_the_working_directory(
    corpus_dir, tmp_path, monkeypatch, stats_db, created
):
    monkeypatch.setitem(runner.PLATFORMS, "fake", "tests.admin.fake_adapter")
    monkeypatch.delenv("STATS_DB", raising=False)
    monkeypatch.chdir(tmp_path)
    settings = Settings(_env_file=None) if stats_db is None else Settings(_env_file=None, stats_db=stats_db)
    await runner.run_platforms(["fake"], settings, corpus_dir)
    assert sorted(path.name for path in tmp_path.rglob("*.sqlite3")) == created
    if created:
        assert rows(tmp_path / created[0], "SELECT COUNT(*), COUNT(question) FROM outcomes") == [(2, 0)]
