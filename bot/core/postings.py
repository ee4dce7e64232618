"""Posting lists in one flat array (CSR layout), summed for a whole question in a few numpy calls."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

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

    def weighted_sums(self, weights: Mapping[str, float], size: int) -> np.ndarray:
        """Return, for every position, the summed weight of the given features it contains."""
        known = [(self.ids[name], weight) for name, weight in weights.items() if name in self.ids]
        if not known:
            return np.zeros(size)
        feature_ids = np.array([feature for feature, _ in known], dtype=np.int64)
        starts = self.offsets[feature_ids]
        lengths = self.offsets[feature_ids + 1] - starts
        steps = np.repeat(starts - np.concatenate(([0], np.cumsum(lengths)[:-1])), lengths)
        positions = self.items[steps + np.arange(int(lengths.sum()))]
        feature_weights = np.repeat(np.array([weight for _, weight in known]), lengths)
        return np.bincount(positions, weights=feature_weights, minlength=size)
