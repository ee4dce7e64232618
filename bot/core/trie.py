"""Compile many words into one fast regex shaped like a trie (longest match first)."""

from __future__ import annotations

import re

_ASCII_ALNUM = re.compile(r"[a-z0-9]")
_WORD_END = r"(?![a-z0-9])"


def _trie(words: list[str]) -> dict[str, dict]:
    """Build a nested dict trie; the key '' marks the end of a word."""
    root: dict[str, dict] = {}
    for word in words:
        node = root
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}
    return root


def _pattern(node: dict[str, dict], after_ascii: bool = False) -> str:
    """Turn a trie node into a regex that prefers the longest word.

    A word that ends in a letter or digit (`after_ascii`) only ends where an ASCII word ends:
    the engine then tries the shorter words, so "top" is not found inside "topic".
    """
    branches = [
        re.escape(char) + _pattern(child, bool(_ASCII_ALNUM.match(char)))
        for char, child in sorted(node.items())
        if char
    ]
    stop = _WORD_END if after_ascii else ""
    if not branches:
        return stop
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    if "" not in node:
        return body
    return f"(?:{body}|{stop})" if stop else f"(?:{body})?"


def word_regex(words: list[str]) -> re.Pattern[str] | None:
    """Compile words into one regex; words starting with a letter or digit must start a word.

    A lookahead on the words' first characters lets the engine skip most positions cheaply.
    """
    words = [word for word in set(words) if word]
    ascii_start = [word for word in words if _ASCII_ALNUM.match(word[0])]
    other = [word for word in words if not _ASCII_ALNUM.match(word[0])]
    parts = []
    if ascii_start:
        parts.append(r"(?<![a-z0-9])" + _pattern(_trie(ascii_start)))
    if other:
        parts.append(_pattern(_trie(other)))
    if not parts:
        return None
    first_chars = "".join(sorted({re.escape(word[0]) for word in words}))
    return re.compile(f"(?=[{first_chars}])(?:{'|'.join(parts)})")
