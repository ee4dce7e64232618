"""Index internals that must not change answers: candidate picking without common features."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest

from bot.core.index import FaqIndex

QUESTIONS = [
    "保号卡怎么充值",
    "保號卡可以傳簡訊嗎",
    "how do i renew my esim",
    "E卡丢了怎么办，号码还能找回来吗",
    "上周刚办了保号卡，打电话正常，就是短信发不出去，客服好像问过要不要开短信，是不是这个原因",
    "完全无关的问题 weather tomorrow",
]


@pytest.mark.parametrize("question", QUESTIONS)
def test_exact_shared_weight_of_picked_phrasings_equals_the_full_overlap(shipped_index, question):
    weights = shipped_index.windows(question).weights
    full = shipped_index._postings.weighted_sums(weights, shipped_index.phrasing_count)
    positions = np.argsort(-full, axis=1)[:, :40]
    exact = shipped_index._shared_weight(weights, positions)
    np.testing.assert_allclose(exact, np.take_along_axis(full, positions, axis=1))


@pytest.mark.parametrize("question", ["保号卡怎么充值？", "What is a US eSIM phone plan?", "彩信能发吗", "什么是esim"])
def test_leaving_common_features_out_of_picking_keeps_clear_answers(shipped_index, question):
    scoring = dataclasses.replace(shipped_index.scoring, common_postings=40)
    thin = FaqIndex(shipped_index.corpus, scoring=scoring)
    assert thin._common.any(), "the test needs some features counted as common"
    expected = shipped_index.search(question, limit=1)[0]
    found = thin.search(question, limit=1)[0]
    assert (found.entry.id, round(found.score, 6)) == (expected.entry.id, round(expected.score, 6))


def test_a_question_of_only_common_features_still_finds_candidates(shipped_index):
    thin = FaqIndex(shipped_index.corpus, scoring=dataclasses.replace(shipped_index.scoring, common_postings=0))
    assert thin._common.all()
    found = thin.search("what is an esim", limit=1)
    assert found and found[0].entry.id == shipped_index.search("what is an esim", limit=1)[0].entry.id
