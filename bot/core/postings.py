"""Posting lists in one flat array (CSR layout), summed for a whole question in a few numpy calls."""

from __future__ import annotations

import numpy as np

COMPACT_SHARE = 2
"""Sums are kept only at the positions reached when the posting lists hold under 1 / COMPACT_SHARE item per position."""


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
        posting list is read once however many windows share its feature.
        """
        kept = membership > 0
        items, lengths = self.gather(feature_ids[kept])
        return _sum_by_window(items, lengths, membership[kept], weights[kept], windows, size)

    def touched_window_sums(
        self, feature_ids: np.ndarray, membership: np.ndarray, weights: np.ndarray, windows: int, size: int
    ) -> tuple[np.ndarray | None, np.ndarray]:
        """Return the positions some window's features reach, sorted, and `window_sums` at those positions only.

        In a large corpus a question often reaches a few percent of the phrasings; working on those
        alone keeps every later step small. When the lists hold more than `size / COMPACT_SHARE`
        items, most positions are reached anyway and finding them costs more than it saves: then
        the positions are None and the sums cover every position.
        """
        kept = membership > 0
        items, lengths = self.gather(feature_ids[kept])
        if items.size * COMPACT_SHARE > size:
            return None, _sum_by_window(items, lengths, membership[kept], weights[kept], windows, size)
        reached = np.zeros(size, dtype=bool)
        reached[items] = True
        columns = np.flatnonzero(reached)
        column_of = np.empty(size, dtype=np.int32)
        column_of[columns] = np.arange(columns.size, dtype=np.int32)
        sums = _sum_by_window(column_of[items], lengths, membership[kept], weights[kept], windows, columns.size)
        return columns, sums


def _sum_by_window(
    items: np.ndarray, lengths: np.ndarray, masks: np.ndarray, weights: np.ndarray, windows: int, size: int
) -> np.ndarray:
    """Sum gathered posting lists into a (windows, size) array, by the window mask of each list's feature.

    Lists are summed per group of features with the same mask, and the groups then added up window by window.
    """
    weights = weights.repeat(lengths)
    if windows == 1:
        return np.bincount(items, weights=weights, minlength=size).reshape(1, size)
    groups, group_of = np.unique(masks, return_inverse=True)
    keys = items + (group_of.reshape(-1) * size).repeat(lengths)
    sums = np.bincount(keys, weights=weights, minlength=groups.size * size).reshape(groups.size, size)
    return ((groups[None, :] >> np.arange(windows)[:, None]) & 1).astype(np.float64) @ sums
