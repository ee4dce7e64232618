"""Posting lists in one flat array (CSR layout), summed for a whole question in a few numpy calls."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

FeatureWeights = tuple[np.ndarray, np.ndarray]
"""A text's known feature ids and their weights."""


class Postings:
    """For each feature id, the sorted positions (phrasings or entries) that contain it."""

    def __init__(self, offsets: np.ndarray, items: np.ndarray) -> None:
        self.offsets = offsets
        self.items = items

    @classmethod
    def from_pairs(cls, features: np.ndarray, positions: np.ndarray, feature_count: int) -> Postings:
        """Build the lists from parallel arrays of (feature id, position) pairs, each pair once.

        Sorts one int64 key per pair (feature id, then position), which numpy does far faster than a
        two-key lexsort and without holding the GIL.
        """
        span = int(positions.max()) + 1 if positions.size else 1
        keys = np.sort(features.astype(np.int64) * span + positions)
        counts = np.bincount(features, minlength=feature_count)
        offsets = np.concatenate(([0], np.cumsum(counts))).astype(np.int64)
        return cls(offsets, (keys % span).astype(np.int32))

    def gather(self, keys: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Return the concatenated lists of the given keys, and each list's length."""
        starts = self.offsets[keys]
        lengths = self.offsets[keys + 1] - starts
        ends = lengths.cumsum()
        steps = (starts - ends + lengths).repeat(lengths)
        return self.items[steps + np.arange(int(ends[-1]) if ends.size else 0)], lengths

    def weighted_sums(self, rows: Sequence[FeatureWeights], size: int) -> np.ndarray:
        """Return a (rows, size) array: for each row of feature weights, the summed weight at every position."""
        feature_ids = np.concatenate([ids for ids, _ in rows]) if rows else np.zeros(0, dtype=np.int64)
        if not feature_ids.size:
            return np.zeros((len(rows), size))
        weights = np.concatenate([weights for _, weights in rows])
        row_of = np.arange(len(rows)).repeat([len(ids) for ids, _ in rows])
        items, lengths = self.gather(feature_ids)
        positions = items + (row_of * size).repeat(lengths)
        sums = np.bincount(positions, weights=weights.repeat(lengths), minlength=len(rows) * size)
        return sums.reshape(len(rows), size)
