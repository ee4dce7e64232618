"""Perturbations change the surface of a phrasing but keep what it asks."""

from __future__ import annotations

import random

import pytest
from rapidfuzz.distance import Levenshtein

from bot.bench.perturb import Perturber, is_chinese, theme_of
from bot.core.normalize import Normalizer


@pytest.fixture
def perturber(shipped):
    return Perturber(shipped, random.Random(5))


@pytest.fixture(scope="module")
def normalizer(shipped):
    return Normalizer(shipped.lexicon)


@pytest.mark.parametrize("text", ["保号卡怎么充值", "can my number keeping sim send texts", "E卡能收验证码吗"])
def test_synonym_swap_changes_words_but_not_the_normalised_question(perturber, normalizer, text):
    swapped = {perturber.swap_synonym(text) for _ in range(30)}
    assert len(swapped - {text}) >= 2
    assert {normalizer.normalize(variant) for variant in swapped} == {normalizer.normalize(text)}


def test_synonym_swap_leaves_text_without_lexicon_words(perturber):
    assert perturber.swap_synonym("今天天气晴朗") == "今天天气晴朗"


def test_fillers_are_what_the_normaliser_drops(perturber, normalizer):
    for text in ("保号卡怎么充值", "how do i renew the plan"):
        padded = {perturber.add_filler(text) for _ in range(20)}
        assert len(padded) > 3
        assert all(text in variant and variant != text for variant in padded)
        assert {normalizer.normalize(variant) for variant in padded} == {normalizer.normalize(text)}


def test_a_typo_is_one_small_slip(perturber):
    for text in ("保号卡能收验证码吗", "does a backup number receive codes"):
        for _ in range(20):
            slipped = perturber.typo(text)
            assert 1 <= Levenshtein.distance(slipped, text) <= 2


def test_recombine_borrows_a_clause_of_the_same_theme_and_keeps_the_last(shipped, perturber):
    sms_clauses = {
        part
        for entry in shipped.entries
        if theme_of(entry.file) == "sms"
        for text in entry.phrasings()
        for part in text.replace(",", "，").split("，")[:-1]
    }
    for _ in range(20):
        made = perturber.recombine("我在国外，保号卡能收验证码吗", "sms")
        lead, _, last = made.partition("，")
        assert last == "保号卡能收验证码吗"
        assert lead.strip() in {clause.strip() for clause in sms_clauses}
        assert is_chinese(lead)
