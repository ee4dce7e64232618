"""What a user could pick instead of faqbot: rapidfuzz's extractOne and BM25 over jieba tokens."""

from __future__ import annotations

import logging
import re
from collections.abc import Sequence
from importlib.util import find_spec

from rapidfuzz import fuzz, process, utils

ANCHOR_PACKAGES = ("bm25s", "jieba")
_WORDLIKE = re.compile(r"\w")


def missing_packages(names: Sequence[str]) -> list[str]:
    """Return the names of the packages that cannot be imported."""
    return [name for name in names if find_spec(name) is None]


class RapidfuzzAnchor:
    """`process.extractOne` with WRatio over every phrasing, processed once up front as a careful user would."""

    name = "rapidfuzz_wratio"
    label = "rapidfuzz WRatio"

    @staticmethod
    def prepare() -> None:
        """Nothing to load before building."""

    def __init__(self, phrasings: Sequence[str]) -> None:
        self._choices = [utils.default_process(text) for text in phrasings]

    def best(self, question: str) -> int | None:
        """Return the position of the best-scoring phrasing, or None when nothing scores."""
        found = process.extractOne(utils.default_process(question), self._choices, scorer=fuzz.WRatio, processor=None)
        return found[2] if found is not None and found[1] > 0 else None


def jieba_tokens(text: str) -> list[str]:
    """Cut a text into lower-case jieba words, dropping spaces and punctuation."""
    import jieba

    return [token for token in jieba.lcut(text.lower()) if _WORDLIKE.search(token)]


class Bm25Anchor:
    """BM25 (bm25s) over jieba words of every phrasing; the best phrasing for a question."""

    name = "bm25s_jieba"
    label = "BM25 (bm25s, jieba)"

    @staticmethod
    def prepare() -> None:
        """Load jieba's dictionary now, quietly, so that it is not timed as part of a build or a question."""
        import jieba

        jieba.setLogLevel(logging.WARNING)
        logging.getLogger("bm25s").setLevel(logging.WARNING)
        jieba.initialize()

    def __init__(self, phrasings: Sequence[str]) -> None:
        import bm25s

        self.prepare()
        self._retriever = bm25s.BM25()
        self._retriever.index([jieba_tokens(text) for text in phrasings], show_progress=False)

    def best(self, question: str) -> int | None:
        """Return the position of the highest BM25 phrasing, or None when no word of the question is known."""
        tokens = jieba_tokens(question)
        if not tokens:
            return None
        documents, scores = self._retriever.retrieve([tokens], k=1, show_progress=False)
        return int(documents[0][0]) if scores[0][0] > 0 else None
