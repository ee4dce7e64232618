"""Fixtures of the benchmark tests."""

from __future__ import annotations

import pytest

from bot.core.loader import load_corpus
from bot.core.model import Corpus


@pytest.fixture(scope="session")
def shipped(shipped_corpus) -> Corpus:
    """Return the shipped corpus, loaded once."""
    return load_corpus(shipped_corpus)
