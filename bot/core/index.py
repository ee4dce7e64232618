"""The immutable search index: weighted n-gram overlap, refined by rapidfuzz."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from itertools import chain

import numpy as np
from rapidfuzz import fuzz, process

from bot.core.cohesion import cohesion
from bot.core.collector import collector_paused
from bot.core.features import KIND_WEIGHTS, features
from bot.core.model import Corpus, Entry
from bot.core.normalize import DEFAULT_MAX_CHARS, normalizer_for
from bot.core.postings import Postings
from bot.core.query import QueryReader, Windows
from bot.core.speller import Speller

_CLAUSE_BREAK = re.compile(r"[，。！？；,.!?;\n]+")
_SLICE = 100_000
_PHRASING_SLICE = 500


@dataclass(frozen=True, slots=True)
class Scoring:
    """How scores are made; the defaults were chosen by measuring on the dev set."""

    recall_beta: float = 1.5
    fuzz_weight: float = 0.9
    coverage_weight: float = 0.3
    unknown_idf: float = 2.0
    candidates: int = 30
    common_postings: int = 2000
    long_chars: int = 30
    cohesion_floor: float = 0.3


@dataclass(frozen=True, slots=True)
class EntryScore:
    """How well one entry matches a question, 0 to 100, and the phrasing that matched best."""

    entry: Entry
    score: float
    phrasing: str


@dataclass(frozen=True, slots=True)
class Ranking:
    """The best entries for a question, and the best score of an out-of-scope topic (0 when none fits)."""

    matches: tuple[EntryScore, ...]
    decline: float


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
        self.normalizer = normalizer_for(corpus.lexicon, max_chars)
        self.scoring = scoring or Scoring()
        with collector_paused():
            self._phrasings = self._normalized_phrasings()
            self._normalized = [phrasing.normalized for phrasing in self._phrasings]
            feature_column, phrasing_column = self._feature_pairs()
        self._speller = Speller.from_texts(
            text.casefold() for text in _lexicon_words(corpus) + [phrasing.text for phrasing in self._phrasings]
        )
        self._entry_of = _int_array([phrasing.entry_index for phrasing in self._phrasings])
        self._entry_rank = _rank_by_id(corpus)
        self._target_count = len(corpus.entries) + len(corpus.declines)
        entry_features, entry_column = self._entry_pairs(feature_column, phrasing_column)
        entry_count = max(self._target_count, 1)
        document_frequency = np.bincount(entry_features, minlength=len(self._feature_ids))
        kinds = np.array([KIND_WEIGHTS[name[0]] for name in self._feature_ids])
        idf = np.log1p(entry_count / np.maximum(document_frequency, 1))
        phrasing_frequency = np.bincount(feature_column, minlength=len(self._feature_ids))
        self._feature_weight = (
            kinds * idf * cohesion(list(self._feature_ids), phrasing_frequency, self.scoring.cohesion_floor)
        )
        rarest = math.log1p(entry_count)
        unknown_idf = min(rarest, self.scoring.unknown_idf)
        unknown_weight = {kind: weight * unknown_idf for kind, weight in KIND_WEIGHTS.items()}
        self._phrasing_weight = np.bincount(
            phrasing_column, weights=self._feature_weight[feature_column], minlength=len(self._phrasings)
        )
        self._negative_recall_weight = -np.maximum(self.scoring.recall_beta**2 * self._phrasing_weight, 1e-9)
        typical = float(np.median(self._phrasing_weight)) if self._phrasings else 0.0
        self._reader = QueryReader(self._feature_ids, self._feature_weight, unknown_weight, typical)
        self._postings = Postings.from_pairs(feature_column, phrasing_column, len(self._feature_ids))
        self._entry_postings = Postings.from_pairs(entry_features, entry_column, len(self._feature_ids))
        self._common = np.diff(self._postings.offsets) > self.scoring.common_postings
        with_common = self._common[feature_column]
        self._common_features_of = Postings.from_pairs(
            phrasing_column[with_common], feature_column[with_common], len(self._phrasings)
        )

    def _feature_pairs(self) -> tuple[np.ndarray, np.ndarray]:
        """Give features ids in the order they are first met; return the (feature id, phrasing) pairs.

        Works through the phrasings a slice at a time, so that the Python objects made on the way are
        freed a slice at a time too: freeing millions at once would hold the GIL for a long while.
        """
        self._feature_ids: dict[str, int] = {}
        ids = self._feature_ids
        features_column, phrasings_column = [np.zeros(0, dtype=np.int64)], [np.zeros(0, dtype=np.int64)]
        for start in range(0, len(self._phrasings), _PHRASING_SLICE):
            found = [features(phrasing.normalized) for phrasing in self._phrasings[start : start + _PHRASING_SLICE]]
            met: dict[str, float] = {}
            for names in found:
                met.update(names)
            for name in met:
                if name not in ids:
                    ids[name] = len(ids)
            counts = np.fromiter(map(len, found), np.int64, len(found))
            features_column.append(np.fromiter(map(ids.__getitem__, chain.from_iterable(found)), np.int64))
            phrasings_column.append(np.repeat(np.arange(start, start + len(found)), counts))
        return np.concatenate(features_column), np.concatenate(phrasings_column)

    def _entry_pairs(self, feature_column: np.ndarray, phrasing_column: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Return the distinct (feature id, entry) pairs as two parallel arrays."""
        entry_count = max(self._target_count, 1)
        pairs = np.sort(feature_column * entry_count + self._entry_of[phrasing_column])
        pairs = pairs[np.concatenate(([True], pairs[1:] != pairs[:-1]))] if pairs.size else pairs
        return pairs // entry_count, pairs % entry_count

    @property
    def phrasing_count(self) -> int:
        """Return how many phrasings the index holds."""
        return len(self._phrasings)

    def _normalized_phrasings(self) -> list[_Phrasing]:
        """Normalise every distinct phrasing of every entry, then of every out-of-scope topic, once."""
        rows = []
        targets = [entry.phrasings() for entry in self.corpus.entries]
        targets += [decline.phrasings for decline in self.corpus.declines]
        for entry_index, phrasings in enumerate(targets):
            seen: set[str] = set()
            for text in phrasings:
                normalized = self.normalizer.normalize_phrasing(text)
                if normalized and normalized not in seen:
                    seen.add(normalized)
                    rows.append(_Phrasing(entry_index, text, normalized))
        return rows

    def search(self, question: str, limit: int = 3) -> list[EntryScore]:
        """Return the best-matching distinct entries, best first."""
        return list(self.rank(question, limit).matches)

    def rank(self, question: str, limit: int = 3) -> Ranking:
        """Rank entries and out-of-scope topics for a question; long messages are also read clause by clause."""
        windows = self.windows(question)
        totals, ids, membership = windows.totals, windows.features, windows.membership
        if not totals.any():
            return Ranking((), 0.0)
        weights = self._feature_weight[ids]
        picking = self._picking_membership(ids, membership)
        reached, overlap = self._postings.touched_window_sums(ids, picking, weights, len(totals), len(self._phrasings))
        if not overlap.size:
            return Ranking((), 0.0)
        coverage = self._entry_postings.window_sums(ids, membership, weights, len(totals), self._target_count)
        coverage /= np.maximum(totals, 1e-9)[:, None]
        positions, scores = self._candidates(windows, picking, reached, overlap, coverage)
        return self._best_entries(positions.ravel(), scores.ravel(), limit)

    def windows(self, question: str) -> Windows:
        """Normalise clause by clause; return the whole text and, when long, neighbouring clause pairs, weighed."""
        question = question[: self.normalizer.max_chars]
        clauses = self.normalizer.normalize_clauses(question, _CLAUSE_BREAK, self._speller.correct)
        return self._reader.windows(clauses, len(question) > self.scoring.long_chars)

    def _candidates(
        self,
        windows: Windows,
        picking: np.ndarray,
        reached: np.ndarray | None,
        overlap: np.ndarray,
        coverage: np.ndarray,
    ) -> tuple[np.ndarray, np.ndarray]:
        """Pick each window's most promising phrasings and score them, blended with their entry's coverage.

        `overlap` holds the windows' shared weight with the `reached` phrasings (all when None), and
        may leave out features common to very many phrasings (they pick no candidates); then the
        candidates' shared weight is completed with them. Scores are discounted by window; a
        phrasing that shares nothing scores -1.
        """
        totals = windows.totals
        picks, picked = self._pick(reached, overlap, totals)
        positions = picks if reached is None else reached[picks]
        shared = _along_rows(overlap, picks)
        if not (picking == windows.membership).all():
            shared = shared + self._left_out_weight(windows, picking, positions)
        scores = self._phrasing_scores(windows.texts, totals, shared, positions)
        blend = self.scoring.coverage_weight
        scores = (1 - blend) * scores + blend * 100 * _along_rows(coverage, self._entry_of[positions])
        scores *= windows.discounts[:, None]
        scores[~picked | (shared <= 0)] = -1.0
        return positions, scores

    def _pick(
        self, reached: np.ndarray | None, overlap: np.ndarray, totals: np.ndarray
    ) -> tuple[np.ndarray, np.ndarray]:
        """Return each window's (up to) `candidates` columns of `overlap` of highest F-measure, and which share.

        Ranks by shared / -(β²·phrasing weight + total), the F-measure without its constant factor and
        negated: numpy selects the smallest values far faster than the largest when many are zero.
        """
        count = min(self.scoring.candidates, overlap.shape[1])
        recall_weight = self._negative_recall_weight if reached is None else self._negative_recall_weight[reached]
        promise = overlap / (recall_weight[None, :] - totals[:, None])
        positions = np.sort(promise.argpartition(count - 1, axis=1)[:, :count], axis=1)
        return positions, _along_rows(overlap, positions) > 0

    def _fmeasure(self, shared: np.ndarray, positions: np.ndarray, totals: np.ndarray) -> np.ndarray:
        """Return the recall-leaning F-measure of each window's shared weight with the phrasings at `positions`.

        With precision p = shared / total and recall r = shared / phrasing_weight,
        (1 + β²)·p·r / (β²·p + r) simplifies to (1 + β²)·shared / (β²·phrasing_weight + total);
        `_negative_recall_weight` holds -β²·phrasing_weight, the same denominator `_pick` ranks by.
        """
        return (1 + self.scoring.recall_beta**2) * shared / (totals[:, None] - self._negative_recall_weight[positions])

    def _picking_membership(self, ids: np.ndarray, membership: np.ndarray) -> np.ndarray:
        """Return the window masks of the features that pick candidates: all but the very common ones.

        A window whose known features are all common picks with all of them.
        """
        rare = ~self._common[ids]
        with_rare = int(np.bitwise_or.reduce(membership[rare])) if rare.any() else 0
        return np.where(rare, membership, membership & ~with_rare)

    def _left_out_weight(self, windows: Windows, picking: np.ndarray, positions: np.ndarray) -> np.ndarray:
        """Sum, for each window's candidates, the weight of the window's common features left out of picking."""
        left_out = windows.membership & ~picking
        ids, masks = windows.features[left_out > 0], left_out[left_out > 0]
        features, lengths = self._common_features_of.gather(positions.ravel())
        slots = np.arange(positions.size).repeat(lengths)
        found = np.minimum(ids.searchsorted(features), len(ids) - 1)
        inside = (ids[found] == features) & ((masks[found] >> (slots // positions.shape[1])) & 1 == 1)
        contained = np.where(inside, self._feature_weight[ids[found]], 0.0)
        return np.bincount(slots, weights=contained, minlength=positions.size).reshape(positions.shape)

    def _phrasing_scores(
        self, texts: list[str], totals: np.ndarray, shared: np.ndarray, positions: np.ndarray
    ) -> np.ndarray:
        """Score phrasings 0 to 100: recall-weighted overlap, or rapidfuzz's similarity where that is higher.

        Phrasings that share no feature get a score too; the caller sets theirs aside.
        """
        scores = self._fmeasure(shared, positions, totals)
        candidates = list(map(self._normalized.__getitem__, positions.ravel().tolist()))
        texts = [text for text in texts for _ in range(positions.shape[1])]
        similarity = process.cpdist(texts, candidates, scorer=fuzz.ratio, dtype=np.float64).reshape(positions.shape)
        return 100 * np.maximum(scores, self.scoring.fuzz_weight * (similarity / 100))

    def _best_entries(self, positions: np.ndarray, scores: np.ndarray, limit: int) -> Ranking:
        """Keep each entry's best-scoring phrasing; return the top entries (ties broken by id) and the best decline."""
        targets = self._entry_of[positions]
        order = np.lexsort((self._entry_rank[targets], -scores)).tolist()
        entry_count = len(self.corpus.entries)
        decline = float(scores.max(where=targets >= entry_count, initial=0.0))
        targets, scores, positions = targets.tolist(), scores.tolist(), positions.tolist()
        best: list[EntryScore] = []
        seen: set[int] = set()
        for slot in order:
            target = targets[slot]
            if scores[slot] < 0 or len(best) == limit:
                break
            if target < entry_count and target not in seen:
                seen.add(target)
                phrasing = self._phrasings[positions[slot]].text
                best.append(EntryScore(self.corpus.entries[target], scores[slot], phrasing))
        return Ranking(tuple(best), decline)


def _along_rows(array: np.ndarray, columns: np.ndarray) -> np.ndarray:
    """Return, row by row, the array's values at the given columns (np.take_along_axis without its overhead)."""
    return array[np.arange(array.shape[0])[:, None], columns]


def _int_array(values: list[int]) -> np.ndarray:
    """Convert a list of ints to an int64 array a slice at a time: one call over millions would hold the GIL long."""
    array = np.empty(len(values), dtype=np.int64)
    for start in range(0, len(values), _SLICE):
        array[start : start + _SLICE] = values[start : start + _SLICE]
    return array


def _rank_by_id(corpus: Corpus) -> np.ndarray:
    """Return each entry's rank by id (ties break the same way every time); out-of-scope topics rank last."""
    by_id = sorted(range(len(corpus.entries)), key=lambda number: corpus.entries[number].id)
    ranks = np.arange(len(corpus.entries) + len(corpus.declines), dtype=np.int64)
    ranks[by_id] = np.arange(len(by_id))
    return ranks


def _lexicon_words(corpus: Corpus) -> list[str]:
    """Return every word and phrase of the corpus's synonyms and fillers."""
    lexicon = corpus.lexicon
    return [*lexicon.fillers, *(word for canonical, variants in lexicon.synonyms for word in (canonical, *variants))]
