"""The synthetic corpora: deterministic, exactly sized, loadable, and made of corpus-like phrasings."""

from __future__ import annotations

import random
from collections import Counter

import pytest

from bot.bench import synthetic
from bot.bench.synthetic import (
    MAX_PHRASINGS,
    MIN_PHRASINGS,
    WHERE,
    entry_sizes,
    synthetic_corpus,
    write_corpus,
)
from bot.core.index import FaqIndex
from bot.core.loader import load_corpus
from bot.core.script import Lang, detect_lang


@pytest.fixture(scope="module")
def grown(shipped):
    return synthetic_corpus(shipped, 1000)


def phrasing_count(corpus):
    return sum(len(entry.phrasings()) for entry in corpus.entries)


def test_same_seed_same_corpus_other_seed_other_corpus(shipped, grown):
    assert synthetic_corpus(shipped, 1000) == grown
    other = synthetic_corpus(shipped, 1000, seed=1)
    assert other != grown
    assert phrasing_count(other) == 1000


@pytest.mark.parametrize("size", [2, 15, 16, 200, 1001])
def test_exact_phrasing_count_and_each_one_indexed(shipped, size):
    corpus = synthetic_corpus(shipped, size)
    assert phrasing_count(corpus) == size
    assert FaqIndex(corpus).phrasing_count == size


def test_entries_hold_ten_to_fifteen_phrasings_and_unique_ids(grown):
    sizes = [len(entry.phrasings()) for entry in grown.entries]
    assert all(MIN_PHRASINGS <= size <= MAX_PHRASINGS for size in sizes[:-1])
    assert 2 <= sizes[-1] <= MAX_PHRASINGS
    assert len({entry.id for entry in grown.entries}) == len(grown.entries)


@pytest.mark.parametrize("total", [2, 3, 11, 16, 17, 100, 12345])
def test_entry_sizes_add_up_and_never_leave_one(total):
    sizes = list(entry_sizes(random.Random(3), total))
    assert sum(sizes) == total
    assert all(2 <= size <= MAX_PHRASINGS for size in sizes)


def test_phrasings_read_like_the_source_in_a_new_situation(shipped, grown):
    first = grown.entries[0]
    base = shipped.by_id(first.id.rsplit("-", 1)[0])
    assert base is not None
    assert first.question.endswith(base.question) and first.question != base.question
    assert first.en.question.lower().endswith(base.en.question.lower())
    assert first.answer == base.answer and first.en.caveats == base.en.caveats
    places = [place for chinese, english in WHERE for place in (chinese, english)]
    assert sum(any(place in text for place in places) for text in first.phrasings()) >= len(first.phrasings()) // 2
    languages = Counter(detect_lang(text) for entry in grown.entries for text in entry.phrasings())
    assert {Lang.SIMPLIFIED, Lang.TRADITIONAL, Lang.ENGLISH} <= set(languages)
    assert languages[Lang.SIMPLIFIED] > languages[Lang.ENGLISH]


def test_every_source_entry_is_grown_and_nothing_is_copied_verbatim(shipped, grown):
    sources = {entry.id.rsplit("-", 1)[0] for entry in grown.entries}
    assert sources == {entry.id for entry in shipped.entries}
    shipped_texts = {text for entry in shipped.entries for text in entry.phrasings()}
    assert not shipped_texts & {text for entry in grown.entries for text in entry.phrasings()}


def test_written_folder_loads_back_to_the_same_corpus(grown, tmp_path, monkeypatch):
    monkeypatch.setattr(synthetic, "FILE_BUDGET", 40_000)
    files = write_corpus(grown, tmp_path / "big")
    assert len(files) > 5
    assert all(path.stat().st_size <= 40_000 + 10_000 for path in files)
    loaded = load_corpus(tmp_path / "big")
    assert loaded.lexicon == grown.lexicon
    by_id = {entry.id: entry for entry in loaded.entries}
    assert len(by_id) == len(grown.entries)
    for entry in grown.entries:
        copy = by_id[entry.id]
        assert (copy.phrasings(), copy.answer, copy.caveats, copy.en, copy.source, copy.tags) == (
            entry.phrasings(),
            entry.answer,
            entry.caveats,
            entry.en,
            entry.source,
            entry.tags,
        )


def test_small_corpus_grows_too_and_too_large_a_request_is_refused(corpus_dir, monkeypatch):
    small = load_corpus(corpus_dir)
    assert phrasing_count(synthetic_corpus(small, 300)) == 300
    with pytest.raises(ValueError, match="at least 2"):
        synthetic_corpus(small, 1)
    monkeypatch.setattr(synthetic, "WHERE", WHERE[:1])
    monkeypatch.setattr(synthetic, "WHEN", synthetic.WHEN[:1])
    capacity = len(small.entries) * len(synthetic.WHO)
    with pytest.raises(ValueError, match="cannot grow"):
        synthetic_corpus(small, capacity * MAX_PHRASINGS + 1)
