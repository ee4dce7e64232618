"""Posting lists in one flat array (CSR layout), summed for a whole question in a few numpy calls."""

from __future__ import annotations

import numpy as np


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

    def window_sums(
        self, feature_ids: np.ndarray, membership: np.ndarray, weights: np.ndarray, windows: int, size: int
    ) -> np.ndarray:
        """Return a (windows, size) array: for each window, the summed weight of its features at every position.

        `membership` holds a bit mask per feature (bit w: window w contains it; 0: left out). Each
        posting list is read once however many windows share its feature: lists are summed per
        group of features with the same mask, and the groups are then added up window by window.
        """
        kept = membership > 0
        if not kept.any():
            return np.zeros((windows, size))
        items, lengths = self.gather(feature_ids[kept])
        weights = weights[kept].repeat(lengths)
        if windows == 1:
            return np.bincount(items, weights=weights, minlength=size).reshape(1, size)
        masks, group_of = np.unique(membership[kept], return_inverse=True)
        keys = items + (group_of.reshape(-1) * size).repeat(lengths)
        sums = np.bincount(keys, weights=weights, minlength=masks.size * size).reshape(masks.size, size)
        windows_of = (masks[None, :] >> np.arange(windows)[:, None]) & 1
        return windows_of.astype(np.float64) @ sums
