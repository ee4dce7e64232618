"""Shared fixtures: small corpus folders in tmp_path and the shipped corpus."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from bot.core.index import FaqIndex
from bot.core.loader import load_corpus
from tests.corpus_kit import write_corpus as _write_corpus

REPO_ROOT = Path(__file__).resolve().parent.parent
SHIPPED_CORPUS = REPO_ROOT / "faq"


@pytest.fixture
def write_corpus() -> Callable[..., Path]:
    """Return the helper: write_corpus(tmp_path, files=None, synonyms=..., name="faq") -> corpus folder."""
    return _write_corpus


@pytest.fixture
def corpus_dir(tmp_path: Path) -> Path:
    """Return a small valid corpus folder (three entries in two files, plus synonyms.yaml)."""
    return _write_corpus(tmp_path)


@pytest.fixture(scope="session")
def shipped_corpus() -> Path:
    """Return the corpus folder shipped in the repository."""
    return SHIPPED_CORPUS


@pytest.fixture(scope="session")
def shipped_index(shipped_corpus: Path) -> FaqIndex:
    """Return one index over the shipped corpus, built once per test session."""
    return FaqIndex(load_corpus(shipped_corpus))
