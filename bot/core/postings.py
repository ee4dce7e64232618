"""Posting lists in one flat array (CSR layout), summed for a whole question in a few numpy calls."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

import numpy as np


class Postings:
    """For each feature, the sorted positions (phrasings or entries) that contain it."""

    def __init__(self, lists: Mapping[str, Iterable[int]]) -> None:
        self.ids = {name: number for number, name in enumerate(lists)}
        arrays = [np.fromiter(sorted(items), dtype=np.int32) for items in lists.values()]
        lengths = np.array([len(array) for array in arrays], dtype=np.int64)
        self.offsets = np.concatenate(([0], np.cumsum(lengths))).astype(np.int64)
        self.items = np.concatenate(arrays) if arrays else np.zeros(0, dtype=np.int32)

    def __contains__(self, name: str) -> bool:
        """Return whether any position has the feature."""
        return name in self.ids

    def weighted_sums(self, rows: Sequence[Mapping[str, float]], size: int) -> np.ndarray:
        """Return a (rows, size) array: for each row of feature weights, the summed weight at every position."""
        known = [
            (row, self.ids[name], weight)
            for row, weights in enumerate(rows)
            for name, weight in weights.items()
            if name in self.ids
        ]
        if not known:
            return np.zeros((len(rows), size))
        row_of, feature_ids, weights = (np.array(column) for column in zip(*known, strict=True))
        starts = self.offsets[feature_ids]
        lengths = self.offsets[feature_ids + 1] - starts
        steps = np.repeat(starts - np.concatenate(([0], np.cumsum(lengths)[:-1])), lengths)
        positions = self.items[steps + np.arange(int(lengths.sum()))] + np.repeat(row_of * size, lengths)
        sums = np.bincount(positions, weights=np.repeat(weights, lengths), minlength=len(rows) * size)
        return sums.reshape(len(rows), size)
