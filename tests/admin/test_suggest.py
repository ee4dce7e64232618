"""`faqbot suggest`: picked wordings proposed as aliases, as a YAML patch that changes nothing."""

from __future__ import annotations

import pytest
import yaml

from bot.admin.database import reading
from bot.admin.suggest import patch_yaml, picked_wordings, propose
from bot.chat import Asked
from bot.cli import main
from bot.core.decision import Thresholds
from bot.core.service import build_index

PICKS = [
    ("1", "保号卡充值续费", "renew"),
    ("2", "保号卡充值续费", "renew"),
    ("3", "保号卡充值续费！", "renew"),
    ("4", "副卡咋整", "topup"),
    ("5", "保号卡怎么充值", "topup"),
    ("6", "保号卡可以发短信吗", "topup"),
    ("7", "看 t.me/deals 保号卡", "topup"),
    ("8", "副卡咋整", "retired-entry"),
]


@pytest.fixture
def seeded(make_store):
    store = make_store(store_questions=True)
    for user, text, entry_id in PICKS:
        store.record_pick(Asked("discord", user, text), entry_id)
    assert store.flush()
    return store


@pytest.fixture
def index(corpus_dir):
    return build_index(corpus_dir)


def test_unsure_wordings_are_proposed_for_the_entry_members_picked(seeded, index):
    with reading(seeded.path) as connection:
        picks, without_text = picked_wordings(connection)
    assert without_text == 0
    proposals, skipped = propose(picks, index, Thresholds())
    assert [(p.entry_id, p.text, p.picks) for p in proposals] == [
        ("renew", "保号卡充值续费", 3),
        ("topup", "副卡咋整", 1),
    ]
    assert all(p.today.startswith("clarify") for p in proposals)
    assert proposals[0].file == index.corpus.by_id("renew").file
    reasons = {(item.text, item.entry_id): item.reason for item in skipped}
    assert reasons == {
        ("保号卡怎么充值", "topup"): "already answered confidently with this entry",
        ("保号卡可以发短信吗", "topup"): "already a phrasing of send-sms",
        ("看 t.me/deals 保号卡", "topup"): "contains a link, address or mention",
        ("副卡咋整", "retired-entry"): "the entry is no longer in the corpus",
    }


def test_min_picks_leaves_out_rare_wordings(seeded, index):
    with reading(seeded.path) as connection:
        picks, _ = picked_wordings(connection)
    proposals, skipped = propose(picks, index, Thresholds(), min_picks=2)
    assert [p.text for p in proposals] == ["保号卡充值续费"]
    assert ("副卡咋整", "picked fewer than 2 times") in {(item.text, item.reason) for item in skipped}


def test_the_patch_is_yaml_an_admin_can_read(seeded, index):
    with reading(seeded.path) as connection:
        picks, _ = picked_wordings(connection)
    text = patch_yaml(*propose(picks, index, Thresholds()))
    assert yaml.safe_load(text) == [
        {"id": "renew", "file": index.corpus.by_id("renew").file, "add_aliases": ["保号卡充值续费"]},
        {"id": "topup", "file": index.corpus.by_id("topup").file, "add_aliases": ["副卡咋整"]},
    ]
    assert '- "保号卡充值续费"  # picked 3×; today: clarify' in text
    assert "t.me" not in text


def test_cli_suggest_prints_the_patch_and_changes_nothing(seeded, corpus_dir, monkeypatch, capsys):
    before = {path: path.read_bytes() for path in corpus_dir.iterdir()}
    monkeypatch.setenv("STATS_DB", str(seeded.path))
    assert main(["--faq-dir", str(corpus_dir), "suggest"]) == 0
    captured = capsys.readouterr()
    assert [item["id"] for item in yaml.safe_load(captured.out)] == ["renew", "topup"]
    assert "2 alias(es) proposed, 4 skipped; nothing was changed" in captured.err
    assert {path: path.read_bytes() for path in corpus_dir.iterdir()} == before


def test_cli_suggest_without_question_text_says_why_nothing_is_proposed(make_store, corpus_dir, monkeypatch, capsys):
    store = make_store(store_questions=False)
    store.record_pick(Asked("discord", "1", "保号卡充值续费"), "renew")
    assert store.flush()
    monkeypatch.setenv("STATS_DB", str(store.path))
    assert main(["--faq-dir", str(corpus_dir), "suggest"]) == 0
    captured = capsys.readouterr()
    assert yaml.safe_load(captured.out) == []
    assert "1 pick(s) kept no question text (STORE_QUESTIONS was off)" in captured.err
