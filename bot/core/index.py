"""The immutable search index: weighted n-gram overlap refined by rapidfuzz."""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass

from rapidfuzz import fuzz

from bot.core.features import features
from bot.core.model import Corpus, Entry
from bot.core.normalize import DEFAULT_MAX_CHARS, Normalizer


@dataclass(frozen=True, slots=True)
class Scoring:
    """How phrasing scores are made; the defaults were measured on the dev set."""

    recall_beta: float = 2.0
    fuzz_weight: float = 0.9
    candidates: int = 40


@dataclass(frozen=True, slots=True)
class EntryScore:
    """How well one entry matches a question, 0 to 100, and the phrasing that matched best."""

    entry: Entry
    score: float
    phrasing: str


@dataclass(frozen=True, slots=True)
class _Phrasing:
    """One indexed phrasing: its entry, normalised text and total feature weight."""

    entry_index: int
    text: str
    normalized: str
    weight: float


class FaqIndex:
    """Finds the entries whose phrasings best match a question; never changes once built."""

    def __init__(self, corpus: Corpus, max_chars: int = DEFAULT_MAX_CHARS, scoring: Scoring | None = None) -> None:
        self.corpus = corpus
        self.normalizer = Normalizer(corpus.lexicon, max_chars)
        self.scoring = scoring or Scoring()
        indexed = self._normalized_phrasings()
        self._idf, self._unknown_idf = _idf(indexed, len(corpus.entries))
        self._phrasings: list[_Phrasing] = []
        self._postings: dict[str, list[tuple[int, float]]] = defaultdict(list)
        for entry_index, text, normalized, found in indexed:
            weights = {name: kind * self._idf[name] for name, kind in found.items()}
            for name, weight in weights.items():
                self._postings[name].append((len(self._phrasings), weight))
            self._phrasings.append(_Phrasing(entry_index, text, normalized, sum(weights.values())))

    @property
    def phrasing_count(self) -> int:
        """Return how many phrasings the index holds."""
        return len(self._phrasings)

    def _normalized_phrasings(self) -> list[tuple[int, str, str, dict[str, float]]]:
        """Normalise every distinct phrasing of every entry once."""
        rows = []
        for entry_index, entry in enumerate(self.corpus.entries):
            seen: set[str] = set()
            for text in entry.phrasings():
                normalized = self.normalizer.normalize(text)
                if normalized and normalized not in seen:
                    seen.add(normalized)
                    rows.append((entry_index, text, normalized, features(normalized)))
        return rows

    def search(self, question: str, limit: int = 3) -> list[EntryScore]:
        """Return the best-matching distinct entries, best first."""
        normalized = self.normalizer.normalize(question)
        found = features(normalized)
        if not found:
            return []
        weights = {name: kind * self._idf.get(name, self._unknown_idf) for name, kind in found.items()}
        overlap = self._overlap(weights)
        return self._rank(normalized, sum(weights.values()), overlap, limit)

    def _overlap(self, weights: dict[str, float]) -> dict[int, float]:
        """Sum, per phrasing, the weight of the question features it shares."""
        overlap: dict[int, float] = defaultdict(float)
        for name, weight in weights.items():
            for phrasing_index, _ in self._postings.get(name, ()):
                overlap[phrasing_index] += weight
        return overlap

    def _rank(self, normalized: str, total: float, overlap: dict[int, float], limit: int) -> list[EntryScore]:
        """Score the most promising phrasings and keep each entry's best."""
        best: dict[int, EntryScore] = {}
        promising = sorted(overlap.items(), key=lambda item: -item[1])[: self.scoring.candidates]
        for phrasing_index, shared in promising:
            phrasing = self._phrasings[phrasing_index]
            score = self._score(normalized, total, shared, phrasing)
            current = best.get(phrasing.entry_index)
            if current is None or score > current.score:
                entry = self.corpus.entries[phrasing.entry_index]
                best[phrasing.entry_index] = EntryScore(entry, score, phrasing.text)
        return sorted(best.values(), key=lambda item: (-item.score, item.entry.id))[:limit]

    def _score(self, normalized: str, total: float, shared: float, phrasing: _Phrasing) -> float:
        """Blend recall-weighted overlap with rapidfuzz's character similarity."""
        recall = shared / phrasing.weight
        precision = shared / total
        beta2 = self.scoring.recall_beta**2
        overlap = (1 + beta2) * precision * recall / (beta2 * precision + recall) if shared else 0.0
        similarity = fuzz.ratio(normalized, phrasing.normalized) / 100
        return 100 * max(overlap, self.scoring.fuzz_weight * similarity)


def _idf(indexed: list[tuple[int, str, str, dict[str, float]]], entry_count: int) -> tuple[dict[str, float], float]:
    """Weight each feature by how few entries use it; unseen features weigh most."""
    entries_with: dict[str, set[int]] = defaultdict(set)
    for entry_index, _, _, found in indexed:
        for name in found:
            entries_with[name].add(entry_index)
    count = max(entry_count, 1)
    idf = {name: math.log(1 + count / len(owners)) for name, owners in entries_with.items()}
    return idf, math.log(1 + count)
