"""How much a character bigram behaves like a word in the corpus, so cross-word bigrams weigh less."""

from __future__ import annotations

from collections import Counter

import numpy as np

from bot.core.features import pinyin


def cohesion(names: list[str], frequency: np.ndarray, floor: float) -> np.ndarray:
    """Return a weight factor per feature: from `floor` to 1 for bigrams by their Dice cohesion, 1 for the rest.

    A bigram's Dice cohesion is 2·f(xy) / (f(x) + f(y)), with f counting the phrasings that contain
    it: 短信 or 申请 almost always come together (near 1), while 国怎 (美国|怎么) is rare yet made of
    frequent characters (near 0). Without this, such cross-word bigrams get the highest IDF of all.
    Pinyin bigrams are measured the same way over syllables.
    """
    units = _unit_frequencies(names, frequency)
    factors = np.ones(len(names))
    for number, name in enumerate(names):
        if name[0] == "b":
            first, second = units[name[1]], units[name[2]]
        elif name[0] == "p":
            left, right = name[1:].split(" ")
            first, second = units[" " + left], units[" " + right]
        else:
            continue
        dice = min(1.0, 2 * float(frequency[number]) / max(first + second, 1))
        factors[number] = floor + (1 - floor) * dice
    return factors


def _unit_frequencies(names: list[str], frequency: np.ndarray) -> Counter[str]:
    """Count phrasings per character and (keyed with a leading space) per syllable, from the unigram features."""
    units: Counter[str] = Counter()
    for number, name in enumerate(names):
        if name[0] == "u":
            units[name[1:]] += int(frequency[number])
            units[" " + pinyin(name[1:])] += int(frequency[number])
    return units
