"""Cut normalised text into weighted features that suit Chinese and English."""

from __future__ import annotations

import importlib.util
import json
import unicodedata
from functools import cache, lru_cache
from pathlib import Path

from bot.core.normalize import is_cjk_run, runs

BIGRAM_WEIGHT = 1.0
UNIGRAM_WEIGHT = 0.35
PINYIN_WEIGHT = 0.5
WORD_WEIGHT = 1.0
KIND_WEIGHTS = {"b": BIGRAM_WEIGHT, "u": UNIGRAM_WEIGHT, "p": PINYIN_WEIGHT, "w": WORD_WEIGHT}
"""The weight of each feature kind, by the prefix of the feature's name."""
_FUZZY_INITIALS = (("zh", "z"), ("ch", "c"), ("sh", "s"))


@cache
def _pinyin_table() -> dict[str, str]:
    """Map each Chinese character to its first reading, toneless, with fuzzy finals.

    Reads pypinyin's character table file directly: importing pypinyin itself would also load its
    phrase dictionary, some 60 MB that the matcher never uses.
    """
    spec = importlib.util.find_spec("pypinyin")
    if spec is None or not spec.submodule_search_locations:
        raise ModuleNotFoundError("pypinyin is not installed")
    table_file = Path(spec.submodule_search_locations[0]) / "pinyin_dict.json"
    readings: dict[str, str] = json.loads(table_file.read_text(encoding="utf-8"))
    return {chr(int(code)): _fuzzy(reading.split(",")[0]) for code, reading in readings.items()}


def _fuzzy(reading: str) -> str:
    """Drop tones and merge sounds that people often confuse when typing (in/ing, z/zh)."""
    plain = "".join(c for c in unicodedata.normalize("NFD", reading) if not unicodedata.combining(c))
    for hard, soft in _FUZZY_INITIALS:
        if plain.startswith(hard):
            plain = soft + plain[len(hard) :]
    return plain[:-1] if plain.endswith("ng") else plain


def pinyin(char: str) -> str:
    """Return the fuzzy toneless pinyin of a character, or the character itself."""
    return _pinyin_table().get(char, char)


def features(normalized: str) -> dict[str, float]:
    """Return each feature of a normalised text with the weight of its kind."""
    found: dict[str, float] = {}
    for run in runs(normalized):
        if is_cjk_run(run):
            found.update(_cjk_features(run))
        else:
            found["w" + run] = WORD_WEIGHT
    return found


@lru_cache(maxsize=1024)
def _cjk_features(run: str) -> dict[str, float]:
    """Return the character unigrams, bigrams and pinyin bigrams of a Chinese run (remembered: runs recur often)."""
    found: dict[str, float] = {}
    table = _pinyin_table()
    sounds = [table.get(char, char) for char in run]
    for char in run:
        found["u" + char] = UNIGRAM_WEIGHT
    for position in range(len(run) - 1):
        found["b" + run[position : position + 2]] = BIGRAM_WEIGHT
        found["p" + sounds[position] + " " + sounds[position + 1]] = PINYIN_WEIGHT
    return found
