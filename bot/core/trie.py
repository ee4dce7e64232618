"""Compile many words into one fast regex shaped like a trie (longest match first)."""

from __future__ import annotations

import re

_ASCII_ALNUM = re.compile(r"[a-z0-9]")


def _trie(words: list[str]) -> dict[str, dict]:
    """Build a nested dict trie; the key '' marks the end of a word."""
    root: dict[str, dict] = {}
    for word in words:
        node = root
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}
    return root


def _pattern(node: dict[str, dict]) -> str:
    """Turn a trie node into a regex that prefers the longest word."""
    branches = [re.escape(char) + _pattern(child) for char, child in sorted(node.items()) if char]
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    return f"(?:{body})?" if "" in node else body


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


def ends_inside_word(text: str, match: re.Match[str]) -> bool:
    """Tell whether an ASCII match stops in the middle of an ASCII word."""
    end = match.end()
    return bool(_ASCII_ALNUM.match(match.group()[-1])) and end < len(text) and bool(_ASCII_ALNUM.match(text[end]))
