"""The anchors find the phrasing a plain user of rapidfuzz or BM25 would get."""

from __future__ import annotations

import sys

import pytest

from bot.bench.anchors import Bm25Anchor, RapidfuzzAnchor, jieba_tokens, missing_packages

PHRASINGS = [
    "保号卡能收验证码吗",
    "美国保号卡可以发短信吗",
    "E卡怎么充值",
    "how do i renew my number keeping plan",
    "can my us esim receive verification codes",
]


@pytest.fixture(scope="module", params=[RapidfuzzAnchor, Bm25Anchor], ids=["rapidfuzz", "bm25"])
def anchor(request):
    return request.param(PHRASINGS)


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("保号卡能收验证码吗", 0),
        ("保号卡可以发短信吗？", 1),
        ("E卡怎么充值呀", 2),
        ("How do I renew my number keeping plan?", 3),
        ("can my esim get verification codes", 4),
    ],
)
def test_anchor_finds_the_matching_phrasing(anchor, question, expected):
    assert anchor.best(question) == expected


def test_bm25_has_nothing_for_unknown_words_and_rapidfuzz_for_empty_text():
    assert Bm25Anchor(PHRASINGS).best("zzzz qqqq") is None
    assert Bm25Anchor(PHRASINGS).best("？？") is None
    assert RapidfuzzAnchor(PHRASINGS).best("") is None


def test_jieba_words_are_lower_case_without_punctuation():
    tokens = jieba_tokens("美国保号卡可以发短信吗？ SMS!")
    assert "sms" in tokens and "美国" in tokens
    assert not {"？", "!", " "} & set(tokens)


def test_missing_packages_names_what_cannot_be_imported(monkeypatch):
    monkeypatch.setitem(sys.modules, "bm25s", None)
    assert missing_packages(["bm25s", "jieba", "rapidfuzz"]) == ["bm25s"]
