"""Index internals that must not change answers: window sums, picking without common features, reached phrasings."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest

from bot.core import postings
from bot.core.features import features
from bot.core.index import FaqIndex

LONG = "上周刚办了保号卡，打电话正常。就是短信发不出去！客服好像问过要不要开短信，是不是这个原因？能补开吗"


QUESTIONS = [
    "保号卡怎么充值",
    "保號卡可以傳簡訊嗎",
    "how do i renew my esim",
    "E卡丢了怎么办，号码还能找回来吗",
    "上周刚办了保号卡，打电话正常，就是短信发不出去，客服好像问过要不要开短信，是不是这个原因",
    "我去年在国内办了一张卡，一直放着没怎么用，最近突然想起来了，想问问大家，保号卡联系人备分有什么办法",
    "完全无关的问题 weather tomorrow",
]


@pytest.fixture(scope="module")
def thin_index(shipped_index):
    """An index of the shipped corpus that leaves features in more than 40 phrasings out of candidate picking."""
    return FaqIndex(shipped_index.corpus, scoring=dataclasses.replace(shipped_index.scoring, common_postings=40))


def _window_sums(index, windows, membership):
    """Sum the windows' feature weights at every phrasing, through the index's postings."""
    weights = index._feature_weight[windows.features]
    return index._postings.window_sums(windows.features, membership, weights, len(windows.texts), index.phrasing_count)


@pytest.mark.parametrize("question", [*QUESTIONS, LONG])
def test_each_window_sums_the_postings_of_its_own_features(shipped_index, question):
    windows = shipped_index.windows(question)
    sums = _window_sums(shipped_index, windows, windows.membership)
    postings = shipped_index._postings
    for number in range(len(windows.texts)):
        expected = np.zeros(shipped_index.phrasing_count)
        for feature in windows.window_features(number):
            expected[postings.items[postings.offsets[feature] : postings.offsets[feature + 1]]] += (
                shipped_index._feature_weight[feature]
            )
        np.testing.assert_allclose(sums[number], expected)


# The English questions share no feature with more than 40 phrasings.
@pytest.mark.parametrize("question", [question for question in [*QUESTIONS, LONG] if not question.isascii()])
def test_shared_weight_completed_with_common_features_equals_the_full_overlap(thin_index, question):
    windows = thin_index.windows(question)
    picking = thin_index._picking_membership(windows.features, windows.membership)
    assert (picking != windows.membership).any(), "the test needs common features left out of picking"
    full = _window_sums(thin_index, windows, windows.membership)
    positions = np.argsort(-full, axis=1)[:, :40]
    picked = np.take_along_axis(_window_sums(thin_index, windows, picking), positions, axis=1)
    shared = picked + thin_index._left_out_weight(windows, picking, positions)
    np.testing.assert_allclose(shared, np.take_along_axis(full, positions, axis=1))


@pytest.mark.parametrize("question", ["保号卡怎么充值？", "What is a US eSIM phone plan?", "彩信能发吗", "什么是esim"])
def test_leaving_common_features_out_of_picking_keeps_clear_answers(shipped_index, thin_index, question):
    assert thin_index._common.any(), "the test needs some features counted as common"
    expected = shipped_index.search(question, limit=1)[0]
    found = thin_index.search(question, limit=1)[0]
    assert (found.entry.id, round(found.score, 6)) == (expected.entry.id, round(expected.score, 6))


def test_a_question_of_only_common_features_still_finds_candidates(shipped_index):
    thin = FaqIndex(shipped_index.corpus, scoring=dataclasses.replace(shipped_index.scoring, common_postings=0))
    assert thin._common.all()
    found = thin.search("what is an esim", limit=1)
    assert found and found[0].entry.id == shipped_index.search("what is an esim", limit=1)[0].entry.id


def test_a_long_message_is_read_whole_without_its_story_and_as_its_last_three_clause_pairs(shipped_index):
    windows = shipped_index.windows(LONG)
    clauses = windows.texts[0].split(" ")
    assert len(clauses) == 6
    assert 0 < len(windows.texts[1].split(" ")) < len(clauses)
    assert windows.texts[2:] == [" ".join(clauses[start : start + 2]) for start in (2, 3, 4)]
    assert windows.discounts.tolist() == [1.0, 0.9, 0.9, 0.9, 0.9]


def test_the_story_around_a_question_is_left_out_of_the_familiar_window(shipped_index):
    story = (
        "我表哥在洛杉矶开了家奶茶店，生意特别火，上周末我去帮忙排队的人一直排到街角，"
        "他说店里的电话号码想留着，保号卡怎么充值"
    )
    assert shipped_index.windows(story).texts[1] == shipped_index.normalizer.normalize("保号卡怎么充值")


def test_a_word_or_two_of_familiar_clauses_is_not_scored_alone(shipped_index):
    story = "昨天在群里看到有人卖美国实名手机号，说可以注册各种平台，价格挺便宜的，有人买过吗，靠谱吗"
    windows = shipped_index.windows(story)
    assert shipped_index.normalizer.normalize("靠谱吗") not in windows.texts[1:2]
    assert len(windows.texts) == 4  # the whole text and its last three clause pairs


def test_a_short_message_has_no_story_window(shipped_index):
    assert shipped_index.windows("保号卡怎么充值").texts == [shipped_index.normalizer.normalize("保号卡怎么充值")]


@pytest.mark.parametrize("question", [LONG, "保号卡怎么充值", "top up my esim 充值 and 續費"])
def test_window_weights_are_those_of_the_window_text_cut_whole(shipped_index, question):
    windows = shipped_index.windows(question)
    for number, (text, total) in enumerate(zip(windows.texts, windows.totals, strict=True)):
        names = features(text)
        known = sorted(shipped_index._feature_ids[name] for name in names if name in shipped_index._feature_ids)
        assert windows.window_features(number).tolist() == known
        unknown = [name for name in names if name not in shipped_index._feature_ids]
        unknown_weight = sum(shipped_index._reader._unknown_weight[name[0]] for name in unknown)
        assert total == pytest.approx(shipped_index._feature_weight[known].sum() + unknown_weight)


@pytest.mark.parametrize("share", [0, 10**9])
@pytest.mark.parametrize("question", [*QUESTIONS, LONG])
def test_sums_kept_at_reached_phrasings_only_equal_the_full_sums_there(shipped_index, monkeypatch, question, share):
    monkeypatch.setattr(postings, "COMPACT_SHARE", share)
    windows = shipped_index.windows(question)
    reached, sums = shipped_index._postings.touched_window_sums(
        windows.features,
        windows.membership,
        shipped_index._feature_weight[windows.features],
        len(windows.texts),
        shipped_index.phrasing_count,
    )
    full = _window_sums(shipped_index, windows, windows.membership)
    assert (reached is None) == (share > 1)
    if reached is not None:
        assert (np.flatnonzero(full.any(axis=0)) == reached).all()
        full = full[:, reached]
    np.testing.assert_allclose(sums, full)


@pytest.mark.parametrize("question", [*QUESTIONS, LONG])
def test_ranking_on_reached_phrasings_only_is_the_ranking_on_all(shipped_index, monkeypatch, question):
    monkeypatch.setattr(postings, "COMPACT_SHARE", 10**9)
    on_all = shipped_index.rank(question)
    monkeypatch.setattr(postings, "COMPACT_SHARE", 0)
    assert shipped_index.rank(question) == on_all
