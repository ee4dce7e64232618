"""Indexes shared by the hardening tests: the shipped corpus and a small one."""

from __future__ import annotations

import pytest

from bot.core.index import FaqIndex
from bot.core.loader import load_corpus
from tests.corpus_kit import write_corpus


@pytest.fixture(scope="module")
def small_index(tmp_path_factory) -> FaqIndex:
    """Return an index over the small three-entry test corpus."""
    return FaqIndex(load_corpus(write_corpus(tmp_path_factory.mktemp("small"))))


@pytest.fixture(scope="module", params=["shipped", "small"])
def any_index(request, shipped_index, small_index) -> FaqIndex:
    """Return, in turn, the shipped corpus's index and the small corpus's index."""
    return shipped_index if request.param == "shipped" else small_index
