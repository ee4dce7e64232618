"""The immutable search index: weighted n-gram overlap, refined by rapidfuzz."""

from __future__ import annotations

import math
import re
from collections import defaultdict
from dataclasses import dataclass

import numpy as np
from rapidfuzz import fuzz

from bot.core.features import features
from bot.core.model import Corpus, Entry
from bot.core.normalize import DEFAULT_MAX_CHARS, Normalizer

_CLAUSE_BREAK = re.compile(r"[，。！？；,.!?;\n]+")
WINDOW_DISCOUNT = 0.9
MAX_WINDOWS = 3


@dataclass(frozen=True, slots=True)
class Scoring:
    """How scores are made; the defaults were chosen by measuring on the dev set."""

    recall_beta: float = 1.5
    fuzz_weight: float = 0.9
    coverage_weight: float = 0.3
    unknown_idf: float = 2.0
    candidates: int = 30
    long_chars: int = 30


@dataclass(frozen=True, slots=True)
class EntryScore:
    """How well one entry matches a question, 0 to 100, and the phrasing that matched best."""

    entry: Entry
    score: float
    phrasing: str


@dataclass(frozen=True, slots=True)
class _Phrasing:
    """One indexed phrasing: its entry, original and normalised text."""

    entry_index: int
    text: str
    normalized: str


class FaqIndex:
    """Finds the entries whose phrasings best match a question; never changes once built."""

    def __init__(self, corpus: Corpus, max_chars: int = DEFAULT_MAX_CHARS, scoring: Scoring | None = None) -> None:
        self.corpus = corpus
        self.normalizer = Normalizer(corpus.lexicon, max_chars)
        self.scoring = scoring or Scoring()
        rows = self._normalized_phrasings()
        self._phrasings = [_Phrasing(entry_index, text, normalized) for entry_index, text, normalized, _ in rows]
        self._idf, rarest = _idf(rows, len(corpus.entries))
        self._unknown_idf = min(rarest, self.scoring.unknown_idf)
        phrasing_lists: dict[str, list[int]] = defaultdict(list)
        entry_sets: dict[str, set[int]] = defaultdict(set)
        totals = np.zeros(len(rows))
        for position, (entry_index, _, _, found) in enumerate(rows):
            for name, kind in found.items():
                phrasing_lists[name].append(position)
                entry_sets[name].add(entry_index)
                totals[position] += kind * self._idf[name]
        self._phrasing_weight = totals
        self._postings = {name: np.array(items, dtype=np.int32) for name, items in phrasing_lists.items()}
        self._entry_postings = {name: np.array(sorted(items), dtype=np.int32) for name, items in entry_sets.items()}

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
        """Return the best-matching distinct entries, best first; long messages are also read clause by clause."""
        best: dict[int, EntryScore] = {}
        for window, discount in self._windows(question[: self.normalizer.max_chars]):
            for entry_index, item in self._search_text(window).items():
                if entry_index not in best or item.score * discount > best[entry_index].score:
                    best[entry_index] = EntryScore(item.entry, item.score * discount, item.phrasing)
        return sorted(best.values(), key=lambda item: (-item.score, item.entry.id))[:limit]

    def _windows(self, question: str) -> list[tuple[str, float]]:
        """Normalise clause by clause; return the whole text and, when long, neighbouring clause pairs."""
        clauses = [
            normalized for clause in _CLAUSE_BREAK.split(question) if (normalized := self.normalizer.normalize(clause))
        ]
        windows = [(" ".join(clauses), 1.0)]
        if len(question) > self.scoring.long_chars and len(clauses) > 2:
            pairs = [" ".join(clauses[i : i + 2]) for i in range(len(clauses) - 1)][-MAX_WINDOWS:]
            windows += [(pair, WINDOW_DISCOUNT) for pair in pairs]
        return windows

    def _search_text(self, normalized: str) -> dict[int, EntryScore]:
        """Score entries for one normalised text: each entry's best phrasing."""
        found = features(normalized)
        if not found:
            return {}
        weights = {name: kind * self._idf.get(name, self._unknown_idf) for name, kind in found.items()}
        total = sum(weights.values())
        overlap = np.zeros(len(self._phrasings))
        coverage = np.zeros(len(self.corpus.entries))
        for name, weight in weights.items():
            if name in self._postings:
                overlap[self._postings[name]] += weight
                coverage[self._entry_postings[name]] += weight / total
        return self._best_per_entry(normalized, total, overlap, coverage)

    def _best_per_entry(
        self, normalized: str, total: float, overlap: np.ndarray, coverage: np.ndarray
    ) -> dict[int, EntryScore]:
        """Score the most promising phrasings and keep each entry's best."""
        count = min(self.scoring.candidates, int(np.count_nonzero(overlap)))
        if count == 0:
            return {}
        promising = np.argpartition(-overlap, count - 1)[:count]
        best: dict[int, EntryScore] = {}
        blend = self.scoring.coverage_weight
        for position in promising.tolist():
            phrasing = self._phrasings[position]
            score = self._phrasing_score(normalized, total, float(overlap[position]), position)
            score = (1 - blend) * score + blend * 100 * float(coverage[phrasing.entry_index])
            if phrasing.entry_index not in best or score > best[phrasing.entry_index].score:
                entry = self.corpus.entries[phrasing.entry_index]
                best[phrasing.entry_index] = EntryScore(entry, score, phrasing.text)
        return best

    def _phrasing_score(self, normalized: str, total: float, shared: float, position: int) -> float:
        """Blend recall-weighted overlap with rapidfuzz's character similarity, 0 to 100."""
        recall = shared / self._phrasing_weight[position]
        precision = shared / total
        beta2 = self.scoring.recall_beta**2
        overlap = (1 + beta2) * precision * recall / (beta2 * precision + recall) if shared else 0.0
        similarity = fuzz.ratio(normalized, self._phrasings[position].normalized) / 100
        return 100 * max(overlap, self.scoring.fuzz_weight * similarity)


def _idf(rows: list[tuple[int, str, str, dict[str, float]]], entry_count: int) -> tuple[dict[str, float], float]:
    """Weight each feature by how few entries use it; unseen features weigh as the rarest."""
    entries_with: dict[str, set[int]] = defaultdict(set)
    for entry_index, _, _, found in rows:
        for name in found:
            entries_with[name].add(entry_index)
    count = max(entry_count, 1)
    idf = {name: math.log(1 + count / len(owners)) for name, owners in entries_with.items()}
    return idf, math.log(1 + count)
