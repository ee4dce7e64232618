"""The shipped corpus: complete, multilingual, and free of links, handles and addresses."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from bot.core.loader import corpus_files, load_corpus
from bot.core.model import Lexicon
from bot.core.normalize import Normalizer
from bot.core.script import Lang, detect_lang

TOPIC_IDS = (
    "keep-number-sim", "esim-keep-number", "esim-card", "esim-advantages", "roaming-card", "keep-number-use-cases",
    "verification-codes", "keep-number-sms", "sms-activation", "sms-coverage", "sms-device-compat",
    "carrier-restrictions", "esim-send-sms", "roaming-card-sms", "international-number-format",
    "international-sms-cost", "mms", "sms-failed", "sms-over-wifi", "heavy-sms-plan", "check-balance",
    "backup-messages", "switch-devices", "lost-phone", "esim-unsupported-phone", "choose-provider",
    "esim-buy-activate", "register-account", "topup-steps", "payment-methods", "pay-credit-card", "pay-paypal",
    "pay-apple-pay", "pay-bank-transfer", "pay-alipay-wechat", "topup-not-credited", "topup-amount",
    "keep-number-expiry", "renewal-methods", "auto-renew", "manual-renew", "renew-with-support", "renewal-timing",
    "renewal-account-check", "keep-receipts", "promotions", "roaming-card-fees", "roaming-backup-sim",
)  # fmt: skip
FORBIDDEN = re.compile(r"(?i)t\.me|telegram|http|www\.|@[a-z]")


@pytest.fixture(scope="module")
def corpus(shipped_corpus):
    """The shipped corpus, loaded and validated."""
    return load_corpus(shipped_corpus)


def test_topic_list_has_48_distinct_ids():
    assert len(TOPIC_IDS) == len(set(TOPIC_IDS)) == 48


def test_shipped_corpus_loads(corpus, shipped_corpus):
    assert corpus.folder == shipped_corpus
    assert len(corpus.entries) == 48
    assert {Path(entry.file).name for entry in corpus.entries} == {path.name for path in corpus_files(shipped_corpus)}
    assert corpus.lexicon.synonyms and corpus.lexicon.fillers


def test_every_topic_is_present_and_nothing_else(corpus):
    ids = [entry.id for entry in corpus.entries]
    assert sorted(ids) == sorted(TOPIC_IDS)


@pytest.mark.parametrize("entry_id", TOPIC_IDS)
def test_entry_has_enough_aliases_in_every_script(corpus, entry_id):
    entry = corpus.by_id(entry_id)
    assert entry is not None
    assert len(entry.aliases) >= 6, entry.aliases
    langs = [detect_lang(alias) for alias in entry.aliases]
    assert Lang.TRADITIONAL in langs, entry.aliases
    assert Lang.ENGLISH in langs, entry.aliases
    assert Lang.SIMPLIFIED in langs, entry.aliases


@pytest.mark.parametrize("entry_id", TOPIC_IDS)
def test_entry_has_answers_and_caveats_in_both_languages(corpus, entry_id):
    entry = corpus.by_id(entry_id)
    assert entry is not None
    assert entry.answer.strip() and entry.en.answer.strip()
    assert entry.caveats and all(caveat.strip() for caveat in entry.caveats)
    assert entry.en.caveats and all(caveat.strip() for caveat in entry.en.caveats)
    assert detect_lang(entry.answer) is not Lang.ENGLISH
    assert entry.source.document and entry.source.section


SHIPPED_FILES = ["cards.yaml", "renewal.yaml", "roaming.yaml", "sms.yaml", "topup.yaml"]
SHIPPED_FILES += ["synonyms.yaml", "out_of_scope.yaml"]


@pytest.mark.parametrize("name", SHIPPED_FILES)
def test_no_links_or_handles_in_raw_files(shipped_corpus, name):
    path = shipped_corpus / name
    assert path.is_file()
    text = path.read_text(encoding="utf-8")
    found = [(number, line) for number, line in enumerate(text.splitlines(), start=1) if FORBIDDEN.search(line)]
    assert not found, found


def test_every_yaml_file_is_checked_for_links(shipped_corpus):
    names = {path.name for path in shipped_corpus.glob("*.y*ml")}
    assert names == set(SHIPPED_FILES)


def test_forbidden_pattern_catches_what_it_should():
    for bad in ("see t.me/x", "Telegram group", "https://a.b", "www.shop", "ask @admin"):
        assert FORBIDDEN.search(bad), bad
    for good in ("E卡 eSIM", "$10 @ 5 texts", "telephone"):
        assert not FORBIDDEN.search(good), good


def test_no_synonym_variant_falls_into_two_groups(corpus):
    """The loader only compares raw variants; compare them as the matcher sees them (script, case, punctuation)."""
    plain = Normalizer(Lexicon())
    owner: dict[str, str] = {}
    clashes = []
    for canonical, variants in corpus.lexicon.synonyms:
        for variant in (canonical, *variants):
            first = owner.setdefault(plain.normalize(variant), canonical)
            if first != canonical:
                clashes.append((variant, first, canonical))
    assert not clashes
    fillers_that_are_synonyms = [filler for filler in corpus.lexicon.fillers if plain.normalize(filler) in owner]
    assert not fillers_that_are_synonyms
