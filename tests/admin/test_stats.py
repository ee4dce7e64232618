"""`faqbot stats`: most asked entries, unanswered and clarified questions grouped by similarity, feedback."""

from __future__ import annotations

from collections import Counter

import pytest

from bot.admin.stats import group_similar, quote, summary_text
from bot.chat import Asked
from bot.cli import main
from bot.core.normalize import Normalizer
from tests.admin.conftest import DAY, START, Clock, answer, clarify, no_match


def seed(store, corpus, clock) -> None:
    """Record a week of questions, picks and votes, plus one old question outside the window."""
    clock.now = START - 20 * DAY
    store.record(Asked("discord", "old", "很久以前的问题"), no_match(corpus, "很久以前的问题"), 1.0)
    clock.now = START
    for user in ("1", "2", "3"):
        store.record(Asked("discord", user, "保号卡怎么充值"), answer(corpus, "topup"), 1.0)
    store.record(Asked("matrix", "4", "保号卡怎么续费"), answer(corpus, "renew"), 1.0)
    for user, text in (("5", "怎么做蛋糕"), ("6", "怎么做蛋糕呢"), ("7", "怎么做蛋糕"), ("8", "今天天气怎么样")):
        store.record(Asked("discord", user, text), no_match(corpus, text), 1.0)
    store.record(Asked("discord", "9", "@everyone 看 t.me/deals"), no_match(corpus), 1.0)
    for user in ("1", "2"):
        store.record(Asked("discord", user, "保号卡充值续费"), clarify(corpus, ("renew", "topup")), 1.0)
    store.record_pick(Asked("discord", "1", "保号卡充值续费"), "renew")
    store.record_feedback("discord", "1", "topup", 1)
    store.record_feedback("matrix", "2", "topup", 1)
    store.record_feedback("discord", "3", "topup", -1)
    store.record_feedback("discord", "3", "renew", 1)
    assert store.flush()


@pytest.fixture
def seeded(make_store, corpus):
    clock = Clock()
    store = make_store(store_questions=True, clock=clock)
    seed(store, corpus, clock)
    return store


def section(text: str, title: str) -> list[str]:
    """Return the lines under a title, up to the next blank line."""
    lines = text.splitlines()
    start = lines.index(title) + 1
    end = lines.index("", start) if "" in lines[start:] else len(lines)
    return [line.strip() for line in lines[start:end]]


def test_summary_of_a_week(seeded, corpus):
    text = summary_text(seeded.path, corpus, 7, START + 60)
    assert text.splitlines()[:2] == [
        "Questions in the last 7 days: 11",
        "  answer 4 (36%), clarify 2 (18%), no match 5 (45%); 1 picks after unsure replies",
    ]
    assert section(text, "Most asked entries (answered or picked):") == [
        "3  topup (保号卡怎么充值？)",
        "2  renew (保号卡怎么续费？)",
    ]
    assert section(text, "Most frequent unanswered questions:") == [
        "3× 怎么做蛋糕 (+1 similar wordings)",
        "1× (withheld: contains a link, address or mention)",
        "1× 今天天气怎么样",
    ]
    assert section(text, "Most frequent clarified questions:") == ["2× 保号卡充值续费"]
    assert section(text, "Feedback per entry (helpful / not helpful):") == [
        "+2 / -1  topup (保号卡怎么充值？)",
        "+1 / -0  renew (保号卡怎么续费？)",
    ]
    assert "很久以前的问题" not in text


def test_a_longer_window_takes_in_older_questions(seeded, corpus):
    text = summary_text(seeded.path, corpus, 30, START + 60)
    assert "Questions in the last 30 days: 12" in text
    assert "1× 很久以前的问题" in text


def test_without_question_text_the_report_only_counts(make_store, corpus):
    clock = Clock()
    store = make_store(store_questions=False, clock=clock)
    seed(store, corpus, clock)
    text = summary_text(store.path, corpus, 7, START)
    assert section(text, "Most frequent unanswered questions:") == [
        "none with text",
        "5 without text (STORE_QUESTIONS was off)",
    ]
    assert section(text, "Most frequent clarified questions:") == [
        "none with text",
        "2× no text kept; offered: renew, topup",
    ]
    assert "怎么做蛋糕" not in text


def test_entries_no_longer_in_the_corpus_are_named_as_such(make_store, corpus):
    store = make_store()
    store.record_feedback("discord", "1", "retired-entry", -1)
    assert store.flush()
    assert "+0 / -1  retired-entry (no longer in the corpus)" in summary_text(store.path, corpus, 7, store.clock())


def test_group_similar_merges_close_wordings_only(corpus):
    normalize = Normalizer(corpus.lexicon).normalize
    texts = Counter({"保号卡能打国际电话吗": 3, "保号卡能不能打国际电话": 2, "怎么做蛋糕": 1, "how to bake bread": 1})
    groups = group_similar(texts, normalize)
    assert [(group.example, group.count, group.wordings) for group in groups] == [
        ("保号卡能打国际电话吗", 5, 2),
        ("how to bake bread", 1, 1),
        ("怎么做蛋糕", 1, 1),
    ]


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("保号卡\n怎么   充值", "保号卡 怎么 充值"),
        ("x" * 100, "x" * 59 + "…"),
        ("ask @room now", "(withheld: contains a link, address or mention)"),
        ("see www.example.com", "(withheld: contains a link, address or mention)"),
    ],
)
def test_member_text_is_shown_short_and_never_with_links_or_mentions(text, shown):
    assert quote(text) == shown


def test_cli_stats(seeded, corpus_dir, monkeypatch, capsys):
    monkeypatch.setenv("STATS_DB", str(seeded.path))
    assert main(["--faq-dir", str(corpus_dir), "stats", "--days", "3650"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("Questions in the last 3650 days: 12")
    assert "3× 怎么做蛋糕 (+1 similar wordings)" in out


@pytest.mark.parametrize(
    ("stats_db", "message"),
    [("", "statistics are off: STATS_DB is empty"), ("missing.sqlite3", "nothing has been recorded at")],
)
def test_cli_stats_explains_when_there_is_nothing(tmp_path, corpus_dir, monkeypatch, capsys, stats_db, message):
    monkeypatch.setenv("STATS_DB", str(tmp_path / stats_db) if stats_db else "")
    assert main(["--faq-dir", str(corpus_dir), "stats"]) == 1
    assert message in capsys.readouterr().err
    assert not (tmp_path / "missing.sqlite3").exists()


def test_cli_stats_refuses_a_bad_period(capsys):
    with pytest.raises(SystemExit) as exit_info:
        main(["stats", "--days", "0"])
    assert exit_info.value.code == 2
    assert "at least 1" in capsys.readouterr().err
