"""Pins the exact output of features(): names, weights and their order (feature ids are given in this order)."""

from __future__ import annotations

import pytest

from bot.core.features import features
from bot.core.normalize import fold

PINNED = {
    "保号卡能收短信吗": [
        ("u保", 0.35), ("u号", 0.35), ("u卡", 0.35), ("u能", 0.35), ("u收", 0.35), ("u短", 0.35), ("u信", 0.35),
        ("u吗", 0.35), ("b保号", 1.0), ("pbao hao", 0.5), ("b号卡", 1.0), ("phao ka", 0.5), ("b卡能", 1.0),
        ("pka nen", 0.5), ("b能收", 1.0), ("pnen sou", 0.5), ("b收短", 1.0), ("psou duan", 0.5), ("b短信", 1.0),
        ("pduan xin", 0.5), ("b信吗", 1.0), ("pxin ma", 0.5),
    ],
    "保號卡能傳簡訊嗎": [
        ("u保", 0.35), ("u号", 0.35), ("u卡", 0.35), ("u能", 0.35), ("u传", 0.35), ("u短", 0.35), ("u信", 0.35),
        ("u吗", 0.35), ("b保号", 1.0), ("pbao hao", 0.5), ("b号卡", 1.0), ("phao ka", 0.5), ("b卡能", 1.0),
        ("pka nen", 0.5), ("b能传", 1.0), ("pnen cuan", 0.5), ("b传短", 1.0), ("pcuan duan", 0.5), ("b短信", 1.0),
        ("pduan xin", 0.5), ("b信吗", 1.0), ("pxin ma", 0.5),
    ],
    "can i keep my us number": [
        ("wcan", 1.0), ("wi", 1.0), ("wkeep", 1.0), ("wmy", 1.0), ("wus", 1.0), ("wnumber", 1.0),
    ],
    "esim保号卡 收sms 验证码 保号": [
        ("wesim", 1.0), ("u保", 0.35), ("u号", 0.35), ("u卡", 0.35), ("b保号", 1.0), ("pbao hao", 0.5),
        ("b号卡", 1.0), ("phao ka", 0.5), ("u收", 0.35), ("wsms", 1.0), ("u验", 0.35), ("u证", 0.35),
        ("u码", 0.35), ("b验证", 1.0), ("pyan zen", 0.5), ("b证码", 1.0), ("pzen ma", 0.5),
    ],
    "卡卡 a 卡卡": [("u卡", 0.35), ("b卡卡", 1.0), ("pka ka", 0.5), ("wa", 1.0)],
}  # fmt: skip


@pytest.mark.parametrize("text", PINNED)
def test_features_are_pinned(text):
    assert list(features(fold(text)).items()) == PINNED[text]


@pytest.mark.parametrize("text", PINNED)
def test_features_are_the_same_when_asked_again(text):
    first = features(fold(text))
    first["u卡"] = -1.0
    assert list(features(fold(text)).items()) == PINNED[text]
