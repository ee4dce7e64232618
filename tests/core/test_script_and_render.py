"""Replies come back in the asker's language and script, rendered with caveats and sources."""

from __future__ import annotations

import pytest

from bot.core.decision import Answer, Clarify, NoMatch, Thresholds, decide
from bot.core.index import FaqIndex
from bot.core.loader import load_corpus
from bot.core.render import LABELS, choices, render_text
from bot.core.script import Lang, detect_lang, local_question, local_text, to_traditional

OFFER_ALL = Thresholds(answer=101.0, clarify=0.0, margin=0.0, sure=101.0)
DECLINE_ALL = Thresholds(answer=101.0, clarify=101.0, margin=0.0, sure=101.0)


@pytest.fixture
def index(corpus_dir) -> FaqIndex:
    """An index over the small test corpus (topup, renew, send-sms)."""
    return FaqIndex(load_corpus(corpus_dir))


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("保号卡怎么充值", Lang.SIMPLIFIED),
        ("保号卡怎么top up", Lang.SIMPLIFIED),
        ("你好", Lang.SIMPLIFIED),
        ("保號卡怎麼儲值", Lang.TRADITIONAL),
        ("簡訊 SMS 收不到", Lang.TRADITIONAL),
        ("門號", Lang.TRADITIONAL),
        ("how do I top up?", Lang.ENGLISH),
        ("SMS", Lang.ENGLISH),
        ("😀😀", Lang.SIMPLIFIED),
        ("123 ？！", Lang.SIMPLIFIED),
    ],
)
def test_detect_lang(text, lang):
    assert detect_lang(text) is lang


@pytest.mark.parametrize(("simplified", "traditional"), [("短信", "簡訊"), ("保号卡", "保號卡"), ("软件", "軟體")])
def test_to_traditional_uses_taiwan_phrasing(simplified, traditional):
    assert to_traditional(simplified) == traditional


def test_english_question_gets_the_english_text(index):
    result = decide(index, "can the sim send texts", Thresholds())
    assert isinstance(result, Answer) and result.match.entry.id == "send-sms"
    assert result.lang is Lang.ENGLISH
    entry = result.match.entry
    text = render_text(result)
    assert entry.en.question in text and entry.en.answer in text and entry.en.caveats[0] in text
    assert entry.answer not in text and not any("\u4e00" <= char <= "\u9fff" for char in text.split("Source:")[0])


def test_traditional_question_gets_a_traditional_answer(index):
    result = decide(index, "保號卡可以發簡訊嗎？", Thresholds())
    assert isinstance(result, Answer) and result.match.entry.id == "send-sms"
    assert result.lang is Lang.TRADITIONAL
    entry = result.match.entry
    assert "短信" in entry.answer
    text = render_text(result)
    assert "簡訊" in text and "短信" not in text
    assert to_traditional(entry.answer) in text and entry.answer not in text
    assert "保號卡可以發簡訊嗎？" in text.splitlines()[0]
    assert f"- {to_traditional(entry.caveats[0])}" in text


def test_simplified_question_gets_the_entry_text_unchanged(index):
    result = decide(index, "保号卡可以发短信吗", Thresholds())
    assert isinstance(result, Answer) and result.lang is Lang.SIMPLIFIED
    entry = result.match.entry
    assert local_text(entry, Lang.SIMPLIFIED).answer == entry.answer
    assert entry.answer in render_text(result)


@pytest.mark.parametrize(
    ("lang", "heading", "source", "section"),
    [
        (Lang.SIMPLIFIED, "注意:", "来源:", "测试"),
        (Lang.TRADITIONAL, "注意:", "來源:", "測試"),
        (Lang.ENGLISH, "Caveats:", "Source:", "测试"),
    ],
)
def test_answer_has_title_answer_caveats_and_source(index, lang, heading, source, section):
    question = {
        Lang.SIMPLIFIED: "保号卡怎么充值",
        Lang.TRADITIONAL: "保號卡怎麼充值",
        Lang.ENGLISH: "How do I top up the SIM?",
    }
    result = decide(index, question[lang], Thresholds())
    assert isinstance(result, Answer) and result.match.entry.id == "topup" and result.lang is lang
    local = local_text(result.match.entry, lang)
    lines = render_text(result).splitlines()
    assert lines[0] == local.question
    assert local.answer in lines
    caveat_heading = lines.index(heading)
    assert lines[caveat_heading + 1 : caveat_heading + 1 + len(local.caveats)] == [f"- {c}" for c in local.caveats]
    assert lines.index(local.answer) < caveat_heading
    assert lines[-1].startswith(source)
    assert lines[-1].startswith(f"{source} test-notes.txt · {section} (match ")
    assert choices(result) == ()


def test_clarify_shows_a_numbered_list(index):
    result = decide(index, "保号卡怎么弄", OFFER_ALL)
    assert isinstance(result, Clarify) and len(result.options) >= 2
    lines = render_text(result).splitlines()
    assert lines[0] == LABELS[Lang.SIMPLIFIED].clarify
    assert lines[-1] == LABELS[Lang.SIMPLIFIED].pick
    numbered = lines[1:-1]
    expected = [f"{n}. {option.entry.question}" for n, option in enumerate(result.options, start=1)]
    assert numbered == expected
    assert choices(result) == result.options


def test_clarify_in_english_lists_english_questions(index):
    result = decide(index, "how do i do it with the sim", OFFER_ALL)
    assert isinstance(result, Clarify) and result.lang is Lang.ENGLISH
    text = render_text(result)
    assert text.startswith("Which of these did you mean?")
    assert f"1. {result.options[0].entry.en.question}" in text


def test_no_match_shows_nearest_topics(index):
    result = decide(index, "保號卡怎麼續費", DECLINE_ALL)
    assert isinstance(result, NoMatch) and result.nearest
    lines = render_text(result).splitlines()
    labels = LABELS[Lang.TRADITIONAL]
    assert lines[:2] == [labels.no_match, labels.nearest]
    assert lines[2] == f"1. {local_question(result.nearest[0].entry, Lang.TRADITIONAL)}"
    assert result.nearest[0].entry.id == "renew"
    assert len(lines) == 2 + len(result.nearest)
    assert choices(result) == result.nearest


def test_no_match_without_topics_only_apologises(index):
    result = decide(index, "🙂", Thresholds())
    assert isinstance(result, NoMatch) and result.nearest == ()
    assert render_text(result) == LABELS[Lang.SIMPLIFIED].no_match
    assert choices(result) == ()
