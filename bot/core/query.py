"""Read a question as weighted features: the whole text and, in a long message, neighbouring clause pairs."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from bot.core.features import features

WINDOW_DISCOUNT = 0.9
MAX_WINDOWS = 3
FAMILIAR_SHARE = 0.7
"""A clause is familiar when at least this share of its feature weight is known to the corpus."""
FAMILIAR_LEAST = 0.5
"""The familiar clauses are scored on their own only when they weigh this share of a typical phrasing."""
_FAMILIAR_WINDOW = 1
"""The familiar clauses, when scored on their own, are the second window, after the whole text."""


@dataclass(frozen=True, slots=True)
class Windows:
    """The texts a question is scored as, with their total feature weights and discounts.

    The known features of all windows are kept once: `features` holds their sorted ids and
    `membership` a bit mask per feature, bit w set when window w contains it.
    """

    texts: list[str]
    totals: np.ndarray
    features: np.ndarray
    membership: np.ndarray
    discounts: np.ndarray

    def window_features(self, number: int) -> np.ndarray:
        """Return the sorted known feature ids of one window."""
        return self.features[(self.membership >> number) & 1 == 1]


@dataclass(frozen=True, slots=True)
class _Clause:
    """One clause's feature ids known to the index, and the weights of the features it never saw."""

    known: list[int]
    unknown: dict[str, float]


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
        groups = [range(len(read))]
        if long and len(clauses) > 2:
            familiar = self._familiar(read)
            groups.append(familiar if 0 < len(familiar) < len(read) else [])
            starts = range(max(0, len(clauses) - 1 - MAX_WINDOWS), len(clauses) - 1)
            groups += [range(start, start + 2) for start in starts]
        ids, membership, totals = self._measure(read, groups)
        if len(groups) > 1 and (not groups[_FAMILIAR_WINDOW] or totals[_FAMILIAR_WINDOW] < self._least_familiar):
            del groups[_FAMILIAR_WINDOW]
            totals = np.delete(totals, _FAMILIAR_WINDOW)
            membership = (membership & 1) | ((membership >> 2) << 1)
        texts = [" ".join(clauses[number] for number in group) for group in groups]
        discounts = np.array([1.0] + [WINDOW_DISCOUNT] * (len(texts) - 1))
        return Windows(texts, totals, ids, membership, discounts)

    def _clause(self, clause: str) -> _Clause:
        """Split a clause's features into known ids and unknown names with their weights."""
        known: list[int] = []
        unknown: dict[str, float] = {}
        for name in features(clause):
            feature_id = self._feature_ids.get(name)
            if feature_id is None:
                unknown[name] = self._unknown_weight[name[0]]
            else:
                known.append(feature_id)
        return _Clause(known, unknown)

    def _familiar(self, read: list[_Clause]) -> list[int]:
        """Return the numbers of the clauses mostly made of features the corpus knows."""
        lengths = [len(clause.known) for clause in read]
        ids = np.fromiter((feature_id for clause in read for feature_id in clause.known), np.int64, sum(lengths))
        clause_of = np.arange(len(read)).repeat(lengths)
        known = np.bincount(clause_of, weights=self._weight[ids], minlength=len(read)).tolist()
        return [
            number
            for number, (clause, weight) in enumerate(zip(read, known, strict=True))
            if weight >= FAMILIAR_SHARE * (weight + sum(clause.unknown.values()))
        ]

    def _measure(
        self, read: list[_Clause], groups: list[range | list[int]]
    ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Return the sorted known feature ids of all windows, their window masks and each window's total weight."""
        if len(groups) == 1:
            return self._measure_whole(read)
        bits = [0] * len(read)
        for window, group in enumerate(groups):
            for number in group:
                bits[number] |= 1 << window
        masks: dict[int, int] = {}
        unknown: dict[str, int] = {}
        for clause, clause_bits in zip(read, bits, strict=True):
            for feature_id in clause.known:
                masks[feature_id] = masks.get(feature_id, 0) | clause_bits
            for name in clause.unknown:
                unknown[name] = unknown.get(name, 0) | clause_bits
        ids = np.fromiter(masks, np.int64, len(masks))
        order = ids.argsort()
        ids = ids[order]
        membership = np.fromiter(masks.values(), np.int64, len(masks))[order]
        inside = (membership[None, :] >> np.arange(len(groups))[:, None]) & 1 == 1
        totals = np.where(inside, self._weight[ids][None, :], 0.0).sum(axis=1)
        unknown_by_mask: dict[int, float] = {}
        for name, name_bits in unknown.items():
            unknown_by_mask[name_bits] = unknown_by_mask.get(name_bits, 0.0) + self._unknown_weight[name[0]]
        for window in range(len(groups)):
            totals[window] += sum(weight for mask, weight in unknown_by_mask.items() if mask >> window & 1)
        return ids, membership, totals

    def _measure_whole(self, read: list[_Clause]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Return `_measure` of a question read as one window, the whole text."""
        known = set().union(*(clause.known for clause in read))
        unknown: dict[str, float] = {}
        for clause in read:
            unknown.update(clause.unknown)
        ids = np.fromiter(known, np.int64, len(known))
        ids.sort()
        total = float(self._weight[ids].sum()) + sum(unknown.values())
        return ids, np.ones(len(ids), dtype=np.int64), np.array([total])
