"""Correct one-letter slips in English words of a question (recieve, verifcation) to words the corpus uses."""

from __future__ import annotations

import re
from collections.abc import Iterable

MIN_LETTERS = 7
"""Shorter words are left alone: too many of them are one letter away from another word."""
_LETTERS = re.compile(r"[a-z]+")
_LONG_WORDS = re.compile(rf"[a-z]{{{MIN_LETTERS},}}")


def _deletions(word: str) -> set[str]:
    """Return the word with each one of its letters left out."""
    return {word[:position] + word[position + 1 :] for position in range(len(word))}


class Speller:
    """Knows the corpus's English words and finds the one a misspelt word was meant to be, when only one fits."""

    def __init__(self, words: Iterable[str]) -> None:
        self._known = {word for word in words if len(word) >= MIN_LETTERS - 1}
        self._by_deletion: dict[str, set[str]] = {}
        for word in self._known:
            for shorter in _deletions(word):
                self._by_deletion.setdefault(shorter, set()).add(word)

    @classmethod
    def from_texts(cls, texts: Iterable[str]) -> Speller:
        """Collect the English words of folded texts."""
        return cls(word for text in texts for word in _LETTERS.findall(text))

    def correct(self, text: str) -> str:
        """Replace each unknown word of at least MIN_LETTERS letters that is one slip from exactly one known word."""
        return _LONG_WORDS.sub(self._correct_word, text)

    def _correct_word(self, match: re.Match[str]) -> str:
        """Return the known word a slip was meant to be, or the word unchanged."""
        word = match.group()
        if word in self._known:
            return word
        meant = set(self._by_deletion.get(word, ()))
        for shorter in _deletions(word):
            if shorter in self._known:
                meant.add(shorter)
            meant |= self._by_deletion.get(shorter, set())
        return meant.pop() if len(meant) == 1 else word
