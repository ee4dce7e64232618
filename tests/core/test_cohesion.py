"""Bigram cohesion: bigrams that are words in the corpus weigh more than bigrams across two words."""

from __future__ import annotations

import numpy as np
import pytest

from bot.core.cohesion import cohesion


def test_a_bigram_always_seen_together_keeps_its_weight_and_a_cross_word_bigram_drops_to_the_floor():
    names = ["u短", "u信", "b短信", "u国", "u怎", "b国怎", "wesim"]
    frequency = np.array([10, 10, 10, 50, 40, 1, 7])
    factors = cohesion(names, frequency, floor=0.3)
    assert factors[names.index("b短信")] == pytest.approx(1.0)
    assert factors[names.index("b国怎")] == pytest.approx(0.3 + 0.7 * 2 / 90)
    assert factors[names.index("wesim")] == 1.0 and factors[names.index("u国")] == 1.0


def test_pinyin_bigrams_are_measured_over_syllables():
    names = ["u短", "u信", "pduan xin", "u在", "u美", "pzai mei"]
    frequency = np.array([4, 4, 4, 30, 30, 2])
    factors = dict(zip(names, cohesion(names, frequency, floor=0.0), strict=True))
    assert factors["pduan xin"] == pytest.approx(1.0)
    assert factors["pzai mei"] == pytest.approx(4 / 60)


def test_shipped_corpus_weighs_a_word_above_a_cross_word_bigram(shipped_index):
    weight = {name: shipped_index._feature_weight[number] for name, number in shipped_index._feature_ids.items()}
    assert weight["b申请"] > 1.5 * weight["b国怎"]
