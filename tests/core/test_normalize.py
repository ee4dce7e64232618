"""Normalisation folds script, width, case, punctuation, fillers and synonyms; features catch homophones."""

from __future__ import annotations

import re

import pytest
import Stemmer
from snowballstemmer.english_stemmer import EnglishStemmer

import bot.core.normalize as normalize_module
from bot.core.features import features, pinyin
from bot.core.lexicon import load_lexicon
from bot.core.model import Lexicon
from bot.core.normalize import Normalizer, is_cjk_run, runs, stem

TEST_LEXICON = Lexicon(
    synonyms=(
        ("保号卡", ("副卡", "备用卡")),
        ("充值", ("储值", "top up")),
        ("短信", ("简讯", "sms", "text", "text message")),
    ),
    fillers=("请问", "大佬们", "pls", "吗"),
)


@pytest.fixture(scope="module")
def plain() -> Normalizer:
    """A normaliser with no synonyms and no fillers."""
    return Normalizer(Lexicon())


@pytest.fixture(scope="module")
def norm() -> Normalizer:
    """A normaliser with this module's own small lexicon."""
    return Normalizer(TEST_LEXICON)


@pytest.fixture(scope="module")
def shipped_norm(shipped_corpus) -> Normalizer:
    """A normaliser with the lexicon shipped in faq/synonyms.yaml."""
    lexicon, problems = load_lexicon(shipped_corpus)
    assert not problems
    return Normalizer(lexicon)


@pytest.mark.parametrize(
    ("traditional", "simplified"),
    [("簡訊", "短信"), ("軟體", "软件"), ("保號卡", "保号卡"), ("驗證碼", "验证码"), ("門號", "门号")],
)
def test_traditional_becomes_simplified_at_phrase_level(plain, traditional, simplified):
    assert plain.normalize(traditional) == simplified


def test_traditional_and_simplified_questions_meet(norm):
    assert norm.normalize("請問保號卡可以發簡訊嗎？") == norm.normalize("保号卡可以发短信") != ""


@pytest.mark.parametrize(
    ("wide", "narrow"),
    [("ＥＳＩＭ", "esim"), ("１２３４５", "12345"), ("ｅＳＩＭ　卡", "esim 卡"), ("ＳＭＳ！？", "sms")],
)
def test_full_width_becomes_half_width(plain, wide, narrow):
    assert plain.normalize(wide) == narrow


@pytest.mark.parametrize("text", ["ESIM", "eSIM", "EsIm", "esim"])
def test_case_is_folded(plain, text):
    assert plain.normalize(text) == "esim"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("保号卡，能发短信？！", "保号卡 能发短信"),
        ("「保号卡」……怎么办？", "保号卡 怎么办"),
        ("e-sim / sim_card (new)!", "e sim sim card new"),
        ("what's it?", "what it"),
    ],
)
def test_punctuation_is_removed(plain, text, expected):
    assert plain.normalize(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("请问保号卡怎么办", "保号卡怎么办"),
        ("大佬们，保号卡怎么办？", "保号卡怎么办"),
        ("pls help", "help"),
        ("PLS, help!", "help"),
    ],
)
def test_filler_words_are_removed(norm, text, expected):
    assert norm.normalize(text) == expected


def test_ascii_fillers_only_match_whole_words(norm):
    assert norm.normalize("plsx 保号卡") == "plsx 保号卡"
    assert norm.normalize("pls 保号卡") == "保号卡"


@pytest.mark.parametrize(
    ("variants", "canonical"),
    [
        (["副卡", "备用卡", "保号卡"], "保号卡"),
        (["top up", "Top-Up", "储值", "儲值", "充值"], "充值"),
        (["text", "SMS", "texts", "texting", "簡訊", "短信", "text message"], "短信"),
    ],
)
def test_synonyms_unify(norm, variants, canonical):
    assert {norm.normalize(variant) for variant in variants} == {canonical}


@pytest.mark.parametrize(
    ("variants", "canonical"),
    [
        (["副卡", "备用卡", "保号卡"], "保号卡"),
        (["top up", "储值", "儲值", "充值"], "充值"),
        (["text", "SMS", "texting", "簡訊", "短信"], "短信"),
        (["門號", "phone number", "号码"], "号码"),
    ],
)
def test_shipped_synonyms_unify(shipped_norm, variants, canonical):
    assert {shipped_norm.normalize(variant) for variant in variants} == {shipped_norm.normalize(canonical)}


def test_synonyms_inside_a_sentence(norm):
    assert norm.normalize("请问副卡怎么储值？") == "保号卡怎么充值"
    assert norm.normalize("can I top up and send SMS") == "can i 充值 and send 短信"


def test_ascii_variants_only_match_whole_words(norm):
    assert "短信" not in norm.normalize("context smsx")


def test_longer_variant_wins(norm):
    assert norm.normalize("text message") == "短信"
    assert norm.normalize("text messages") == "短信"


@pytest.mark.parametrize(
    "words",
    [
        ("text", "texts", "texting", "texted"),
        ("renew", "renews", "renewed", "renewing"),
        ("activate", "activated", "activating", "activates"),
        ("stop", "stopped", "stopping", "stops"),
        ("company", "companies"),
        ("use", "used", "uses", "using"),
        ("verify", "verified", "verifies"),
    ],
)
def test_english_stemming_meets(words):
    assert len({stem(word) for word in words}) == 1


@pytest.mark.parametrize("word", ["class", "sms", "is", "bus", "esim", "top"])
def test_stemming_leaves_short_and_ss_words(word):
    assert stem(word) == word


def test_input_longer_than_max_chars_is_cut():
    normalizer = Normalizer(TEST_LEXICON, max_chars=12)
    text = "保号卡怎么办" * 2 + "储值验证码" * 50
    cut = normalizer.normalize(text)
    assert cut == "保号卡怎么办保号卡怎么办"
    assert "充值" not in cut
    assert "充值" in Normalizer(TEST_LEXICON).normalize(text)


def test_runs_split_chinese_from_ascii(norm):
    found = runs(norm.normalize("保号卡esim卡 123"))
    assert found == ["保号卡", "esim", "卡", "123"]
    assert [is_cjk_run(run) for run in found] == [True, False, True, False]


def test_pinyin_drops_tones_and_merges_confusable_sounds():
    assert pinyin("冲") == pinyin("充")
    assert pinyin("证") == pinyin("正")
    assert pinyin("a") == "a"


@pytest.mark.parametrize(("typo", "right"), [("冲值", "充值"), ("验正码", "验证码"), ("短信余额", "短信馀额")])
def test_pinyin_makes_homophone_typos_share_features(norm, typo, right):
    typo_features, right_features = features(norm.normalize(typo)), features(norm.normalize(right))
    shared_sound = {name for name in typo_features.keys() & right_features.keys() if name.startswith("p")}
    assert shared_sound, (typo_features, right_features)
    assert typo_features.keys() != right_features.keys()


def test_homophone_shares_more_than_an_unrelated_word(norm):
    right = features(norm.normalize("充值"))
    homophone = features(norm.normalize("冲值"))
    unrelated = features(norm.normalize("价值"))
    weight = lambda found: sum(found[name] for name in found.keys() & right.keys())  # noqa: E731
    assert weight(homophone) > weight(unrelated) > 0


def test_features_of_chinese_and_english():
    found = features("保号卡 esim")
    assert {"u保", "u号", "u卡", "b保号", "b号卡", "wesim"} <= found.keys()
    assert any(name.startswith("p") for name in found)
    assert features("") == {}


@pytest.mark.parametrize(
    "text",
    [
        "請問保號卡可以傳簡訊嗎？我試了好幾次。大佬們 pls help",
        "ＡＢＣ，保号卡top up！！;;储值到帐了吗\n下一行",
        "。，！",
        "one clause only",
        "hi, top up my esim. top up? thanks!! 在吗，请问 E卡 能 top up 吗",
        "_top_ up__，\t\u3000保号卡\u2028e sim；sim card's  number",
    ],
)
def test_clauses_normalise_like_each_clause_on_its_own(norm, text):
    breaks = re.compile(r"[，。！？；,.!?;\n]+")
    one_by_one = [clause for piece in breaks.split(text) if (clause := norm.normalize(piece))]
    assert norm.normalize_clauses(text, breaks) == one_by_one


def test_english_stems_come_from_the_c_snowball_stemmer_with_the_same_results():
    stemmer = normalize_module._stemmer()
    assert isinstance(stemmer, Stemmer.Stemmer), "PyStemmer is a dependency: unseen words stem ~5x faster"
    words = ["running", "texts", "renewal", "renewing", "verification", "cheapest", "activated", "sim's", "number"]
    assert [stemmer.stemWord(word) for word in words] == [EnglishStemmer().stemWord(word) for word in words]
