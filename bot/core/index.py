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
from bot.core.postings import Postings

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
        self._entry_of = np.array([entry_index for entry_index, _, _, _ in rows], dtype=np.int64)
        self._postings = Postings(phrasing_lists)
        self._entry_postings = Postings(entry_sets)

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
        overlap = self._postings.weighted_sums(weights, len(self._phrasings))
        coverage = self._entry_postings.weighted_sums(weights, len(self.corpus.entries)) / total
        return self._best_per_entry(normalized, total, overlap, coverage)

    def _best_per_entry(
        self, normalized: str, total: float, overlap: np.ndarray, coverage: np.ndarray
    ) -> dict[int, EntryScore]:
        """Score the most promising phrasings and keep each entry's best."""
        count = min(self.scoring.candidates, int(np.count_nonzero(overlap)))
        if count == 0:
            return {}
        promising = np.argpartition(-overlap, count - 1)[:count]
        entry_of = self._entry_of[promising]
        blend = self.scoring.coverage_weight
        scores = (1 - blend) * self._phrasing_scores(normalized, total, overlap, promising)
        scores += blend * 100 * coverage[entry_of]
        best: dict[int, EntryScore] = {}
        for position, entry_index, score in zip(promising.tolist(), entry_of.tolist(), scores.tolist(), strict=True):
            if entry_index not in best or score > best[entry_index].score:
                best[entry_index] = EntryScore(self.corpus.entries[entry_index], score, self._phrasings[position].text)
        return best

    def _phrasing_scores(self, normalized: str, total: float, overlap: np.ndarray, positions: np.ndarray) -> np.ndarray:
        """Score phrasings 0 to 100: recall-weighted overlap, or rapidfuzz's similarity where that is higher."""
        shared = overlap[positions]
        recall = shared / self._phrasing_weight[positions]
        precision = shared / total
        beta2 = self.scoring.recall_beta**2
        with np.errstate(invalid="ignore", divide="ignore"):
            fmeasure = np.nan_to_num((1 + beta2) * precision * recall / (beta2 * precision + recall))
        fuzz_weight = self.scoring.fuzz_weight
        for slot, position in enumerate(positions.tolist()):
            other = self._phrasings[position].normalized
            ceiling = 2 * min(len(normalized), len(other)) / (len(normalized) + len(other))
            if fuzz_weight * ceiling > fmeasure[slot]:
                cutoff = 100 * fmeasure[slot] / fuzz_weight
                similarity = fuzz.ratio(normalized, other, score_cutoff=cutoff) / 100
                fmeasure[slot] = max(fmeasure[slot], fuzz_weight * similarity)
        return 100 * fmeasure


def _idf(rows: list[tuple[int, str, str, dict[str, float]]], entry_count: int) -> tuple[dict[str, float], float]:
    """Weight each feature by how few entries use it; unseen features weigh as the rarest."""
    entries_with: dict[str, set[int]] = defaultdict(set)
    for entry_index, _, _, found in rows:
        for name in found:
            entries_with[name].add(entry_index)
    count = max(entry_count, 1)
    idf = {name: math.log(1 + count / len(owners)) for name, owners in entries_with.items()}
    return idf, math.log(1 + count)
