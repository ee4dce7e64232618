"""Shared pieces of the admin tests: fixture articles, decisions on the small corpus, stores with a clock."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterator
from contextlib import closing
from pathlib import Path

import pytest

from bot.admin.store import OutcomeStore
from bot.core.decision import Answer, Clarify, NoMatch
from bot.core.index import EntryScore
from bot.core.loader import load_corpus
from bot.core.model import Corpus
from bot.core.script import Lang

FIXTURES = Path(__file__).resolve().parent / "fixtures"
ARTICLES = sorted(FIXTURES.iterdir())
DAY = 86_400.0
START = 1_700_000_000.0


class Clock:
    """A clock the test moves by hand."""

    def __init__(self, now: float = START) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def corpus(corpus_dir: Path) -> Corpus:
    return load_corpus(corpus_dir)


def matched(corpus: Corpus, entry_id: str, score: float) -> EntryScore:
    entry = corpus.by_id(entry_id)
    assert entry is not None, entry_id
    return EntryScore(entry, score, entry.question)


def answer(corpus: Corpus, entry_id: str, question: str = "q", score: float = 80.0) -> Answer:
    return Answer(matched(corpus, entry_id, score), Lang.SIMPLIFIED, question)


def clarify(corpus: Corpus, entry_ids: tuple[str, ...], question: str = "q") -> Clarify:
    return Clarify(tuple(matched(corpus, entry_id, 35.0) for entry_id in entry_ids), Lang.SIMPLIFIED, question)


def no_match(corpus: Corpus, question: str = "q") -> NoMatch:
    return NoMatch((matched(corpus, "topup", 10.0),), Lang.SIMPLIFIED, question)


@pytest.fixture
def make_store(tmp_path: Path) -> Iterator[Callable[..., OutcomeStore]]:
    """Return a factory of stores at tmp_path/stats.sqlite3 (or `path`); all are closed after the test."""
    stores: list[OutcomeStore] = []

    def make(path: Path | None = None, **options: object) -> OutcomeStore:
        store = OutcomeStore(path or tmp_path / "stats.sqlite3", **options)  # type: ignore[arg-type]
        stores.append(store)
        return store

    yield make
    for store in stores:
        store.close()


def rows(path: Path, sql: str) -> list[tuple]:
    """Read rows from a statistics database."""
    with closing(sqlite3.connect(path)) as connection:
        return connection.execute(sql).fetchall()
