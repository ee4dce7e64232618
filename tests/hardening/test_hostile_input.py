"""Any text a chat can deliver is normalised, searched, decided and rendered without an exception."""

from __future__ import annotations

import math
import re
import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.core.decision import Answer, Clarify, NoMatch, Thresholds, decide, top_matches
from bot.core.index import FaqIndex
from bot.core.normalize import DEFAULT_MAX_CHARS, INVISIBLE_PLANES, fold
from bot.core.render import LABELS, MAX_REPLY_CHARS, choices, render_text
from bot.core.script import Lang
from tests.hardening.strategies import (
    COMBINING,
    CONTROLS,
    FEW,
    INVISIBLE,
    STABLE,
    blank_messages,
    messages,
    surrogates,
)

# What normalised text may never hold: controls, lone surrogates, zero-width, bidi and other format characters.
UNSEEN = re.compile("[\x00-\x1f\x7f-\x9f\ud800-\udfff\u00ad\u200b-\u200f\u202a-\u202e\u2060-\u206f\ufeff]")
LONG = 100_000


def assert_well_formed(result, index: FaqIndex, question: str) -> str:
    """Check a decision and its rendering; return the rendered text."""
    assert isinstance(result, Answer | Clarify | NoMatch)
    assert result.question == question and result.lang in Lang
    matches = top_matches(result)
    assert len({match.entry.id for match in matches}) == len(matches) <= 3
    assert all(any(match.entry is entry for entry in index.corpus.entries) for match in matches)
    text = render_text(result)
    text.encode("utf-8")  # raises on a lone surrogate
    assert 0 < len(text) <= MAX_REPLY_CHARS
    assert choices(result) == (() if isinstance(result, Answer) else matches)
    return text


@STABLE
@given(text=messages)
def test_fold_and_normalize_never_fail_and_leave_only_visible_text(any_index, text):
    for folded in (fold(text), any_index.normalizer.normalize(text)):
        assert isinstance(folded, str)
        folded.encode("utf-8")
        assert not UNSEEN.search(folded), ascii(folded)
        assert folded == folded.strip()


@STABLE
@given(text=messages)
def test_search_returns_distinct_entries_best_first(any_index, text):
    ranked = any_index.search(text, limit=3)
    assert len(ranked) <= 3
    assert len({item.entry.id for item in ranked}) == len(ranked)
    scores = [item.score for item in ranked]
    assert all(math.isfinite(score) and 0 <= score <= 100 for score in scores)
    assert scores == sorted(scores, reverse=True)


@STABLE
@given(text=messages)
def test_decide_and_render_any_message(any_index, text):
    result = decide(any_index, text, Thresholds())
    assert_well_formed(result, any_index, text)


@STABLE
@given(text=blank_messages)
def test_empty_and_blank_messages_get_a_plain_no_match(any_index, text):
    result = decide(any_index, text, Thresholds())
    assert isinstance(result, NoMatch) and result.nearest == ()
    assert render_text(result) == LABELS[result.lang].no_match


@FEW
@given(head=messages, filler=st.sampled_from(["保号卡短信", "a", "，", "\u200b", "👨\u200d👩\u200d👧", "\ud800", " "]))
def test_a_100k_message_is_cut_to_max_chars_before_scoring(any_index, head, filler):
    text = (head + filler * LONG)[:LONG]
    cut = text[: any_index.normalizer.max_chars]
    assert any_index.normalizer.max_chars == DEFAULT_MAX_CHARS
    # The work done on a message is the work done on its first max_chars characters: same normalised text...
    assert any_index.normalizer.normalize(text) == any_index.normalizer.normalize(cut)
    # ...same scoring, and the same decision.
    assert any_index.search(text) == any_index.search(cut)
    long_result, cut_result = decide(any_index, text, Thresholds()), decide(any_index, cut, Thresholds())
    assert (type(long_result), long_result.lang, top_matches(long_result)) == (
        type(cut_result),
        cut_result.lang,
        top_matches(cut_result),
    )
    assert_well_formed(long_result, any_index, text)


def phrasings(index: FaqIndex) -> list[str]:
    """Return every phrasing of an index's corpus."""
    return [phrasing for entry in index.corpus.entries for phrasing in entry.phrasings()]


@st.composite
def sprinkled(draw, index: FaqIndex, marks: list[str], cjk_only: bool = False) -> tuple[str, str]:
    """Draw a phrasing and the same phrasing with marks inserted (after Chinese characters only, if asked)."""
    phrasing = draw(st.sampled_from(phrasings(index)))
    spots = [i + 1 for i, char in enumerate(phrasing) if not cjk_only or unicodedata.name(char, "").startswith("CJK")]
    if not spots:
        return phrasing, phrasing
    chosen = sorted(draw(st.lists(st.sampled_from(spots), min_size=1, max_size=6)), reverse=True)
    noisy = phrasing
    for spot in chosen:
        noisy = noisy[:spot] + draw(st.sampled_from(marks)) + noisy[spot:]
    return phrasing, noisy


@STABLE
@given(data=st.data())
def test_invisible_characters_do_not_change_the_match(shipped_index, data):
    phrasing, noisy = data.draw(sprinkled(shipped_index, INVISIBLE))
    normalize = shipped_index.normalizer.normalize
    assert normalize(noisy) == normalize(phrasing)
    assert shipped_index.search(noisy) == shipped_index.search(phrasing)


@STABLE
@given(data=st.data())
def test_combining_marks_on_chinese_do_not_change_the_match(shipped_index, data):
    phrasing, noisy = data.draw(sprinkled(shipped_index, COMBINING, cjk_only=True))
    assert shipped_index.normalizer.normalize(noisy) == shipped_index.normalizer.normalize(phrasing)


@STABLE
@given(data=st.data(), breaker=st.one_of(st.sampled_from(CONTROLS), surrogates))
def test_a_control_character_or_lone_surrogate_acts_as_a_space(shipped_index, data, breaker):
    phrasing = data.draw(st.sampled_from(phrasings(shipped_index)))
    spot = data.draw(st.integers(0, len(phrasing)))
    normalize = shipped_index.normalizer.normalize
    assert normalize(phrasing[:spot] + breaker + phrasing[spot:]) == normalize(phrasing[:spot] + " " + phrasing[spot:])


@pytest.mark.parametrize("breaker", ["\x00", "\ud83d", "\x1b", "\u202e"])
def test_text_after_a_nul_or_surrogate_still_counts(small_index, breaker):
    # OpenCC stops at NUL and refuses surrogates; the normaliser removes both before converting.
    result = decide(small_index, f"保號卡{breaker}可以發簡訊嗎", Thresholds())
    assert isinstance(result, Answer) and result.match.entry.id == "send-sms"
    assert result.lang is Lang.TRADITIONAL


def test_the_planes_scanned_for_invisible_characters_hold_all_of_them():
    bounds = sorted((plane.start, plane.stop) for plane in INVISIBLE_PLANES)
    gaps = [range(stop, start) for (_, stop), (start, _) in zip(bounds, [*bounds[1:], (0x110000, 0)], strict=True)]
    assert bounds[0][0] == 0 and sum(map(len, gaps)) + sum(map(len, INVISIBLE_PLANES)) == 0x110000
    missed = [hex(code) for gap in gaps for code in gap if unicodedata.category(chr(code)) in {"Mn", "Me", "Cf"}]
    assert missed == []
