"""Read a question as weighted features: the whole text and, in a long message, neighbouring clause pairs."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from bot.core.features import features
from bot.core.postings import FeatureWeights

WINDOW_DISCOUNT = 0.9
MAX_WINDOWS = 3
FAMILIAR_SHARE = 0.7
"""A clause is familiar when at least this share of its feature weight is known to the corpus."""
FAMILIAR_LEAST = 0.5
"""The familiar clauses are scored on their own only when they weigh this share of a typical phrasing."""


@dataclass(frozen=True, slots=True)
class Windows:
    """The texts a question is scored as, each with its total feature weight, known features and discount."""

    texts: list[str]
    totals: np.ndarray
    weights: list[FeatureWeights]
    discounts: np.ndarray


@dataclass(frozen=True, slots=True)
class _Clause:
    """One clause's feature ids known to the index, and the weights of the features it never saw."""

    known: frozenset[int]
    unknown: dict[str, float]
    familiar: bool


class QueryReader:
    """Turns normalised clauses into windows, cutting each clause into features once."""

    def __init__(
        self, feature_ids: dict[str, int], weight: np.ndarray, unknown_weight: dict[str, float], typical: float
    ) -> None:
        self._feature_ids = feature_ids
        self._weight = weight
        self._unknown_weight = unknown_weight
        self._least_familiar = FAMILIAR_LEAST * typical

    def windows(self, clauses: list[str], long: bool) -> Windows:
        """Return the whole text and, when `long` with more than two clauses, its familiar clauses and last pairs.

        The familiar clauses are the message without its story: clauses made mostly of words the
        corpus never uses (who did what, where, when) are left out, so they no longer dilute the
        clauses that ask the question. A single word or two (靠谱吗, 能补开吗) is too little to be
        scored alone: it would match any phrasing that uses it.
        """
        read = [self._clause(clause) for clause in clauses]
        groups = [read]
        texts = [" ".join(clauses)]
        if long and len(clauses) > 2:
            familiar = [number for number, clause in enumerate(read) if clause.familiar]
            group = [read[number] for number in familiar]
            if 0 < len(familiar) < len(read) and self._union(group)[0] >= self._least_familiar:
                groups.append(group)
                texts.append(" ".join(clauses[number] for number in familiar))
            starts = range(max(0, len(clauses) - 1 - MAX_WINDOWS), len(clauses) - 1)
            groups += [read[start : start + 2] for start in starts]
            texts += [" ".join(clauses[start : start + 2]) for start in starts]
        measured = [self._union(group) for group in groups]
        discounts = np.array([1.0] + [WINDOW_DISCOUNT] * (len(texts) - 1))
        return Windows(texts, np.array([total for total, _ in measured]), [known for _, known in measured], discounts)

    def _clause(self, clause: str) -> _Clause:
        """Split a clause's features into known ids and unknown names with their weights."""
        names = list(features(clause))
        ids = list(map(self._feature_ids.get, names))
        known = frozenset(feature_id for feature_id in ids if feature_id is not None)
        unseen = (name for name, feature_id in zip(names, ids, strict=True) if feature_id is None)
        unknown = {name: self._unknown_weight[name[0]] for name in unseen}
        known_weight = float(self._weight.take(list(known)).sum()) if known else 0.0
        familiar = known_weight >= FAMILIAR_SHARE * (known_weight + sum(unknown.values()))
        return _Clause(known, unknown, familiar)

    def _union(self, clauses: list[_Clause]) -> tuple[float, FeatureWeights]:
        """Return the total weight of the clauses' features together, and their known ids and weights."""
        known = frozenset().union(*(clause.known for clause in clauses))
        unknown: dict[str, float] = {}
        for clause in clauses:
            unknown.update(clause.unknown)
        ids = np.fromiter(known, dtype=np.int64, count=len(known))
        ids.sort()
        weights = self._weight[ids]
        return float(weights.sum()) + sum(unknown.values()), (ids, weights)
