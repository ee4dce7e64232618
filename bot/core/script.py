"""Tell which language and script a question is in, and give an entry's text in it."""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum
from functools import cache, lru_cache

import opencc

from bot.core.model import Entry

_CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")
_LATIN = re.compile(r"[A-Za-z]")


class Lang(StrEnum):
    """The three ways the bot can reply."""

    SIMPLIFIED = "zh-hans"
    TRADITIONAL = "zh-hant"
    ENGLISH = "en"


@dataclass(frozen=True, slots=True)
class LocalText:
    """An entry's question, answer and caveats in one language."""

    question: str
    answer: str
    caveats: tuple[str, ...]


@cache
def _converter(config: str) -> opencc.OpenCC:
    """Return a cached OpenCC converter."""
    return opencc.OpenCC(config)


def detect_lang(text: str) -> Lang:
    """English when there is no Chinese; traditional when any character has a simplified form."""
    chinese = "".join(_CJK.findall(text))
    if not chinese:
        return Lang.ENGLISH if _LATIN.search(text) else Lang.SIMPLIFIED
    if _converter("t2s").convert(chinese) != chinese:
        return Lang.TRADITIONAL
    return Lang.SIMPLIFIED


@lru_cache(maxsize=4096)
def to_traditional(text: str) -> str:
    """Convert simplified text to traditional with Taiwan phrasing (短信 → 簡訊)."""
    return _converter("s2twp").convert(text)


def local_question(entry: Entry, lang: Lang) -> str:
    """Return an entry's canonical question in a language."""
    if lang is Lang.ENGLISH:
        return entry.en.question
    return to_traditional(entry.question) if lang is Lang.TRADITIONAL else entry.question


def local_section(entry: Entry, lang: Lang) -> str:
    """Return the heading of an entry's source section, in traditional characters for traditional replies."""
    return to_traditional(entry.source.section) if lang is Lang.TRADITIONAL else entry.source.section


def local_text(entry: Entry, lang: Lang) -> LocalText:
    """Return an entry's question, answer and caveats in a language."""
    if lang is Lang.ENGLISH:
        return LocalText(entry.en.question, entry.en.answer, entry.en.caveats)
    if lang is Lang.TRADITIONAL:
        caveats = tuple(to_traditional(caveat) for caveat in entry.caveats)
        return LocalText(to_traditional(entry.question), to_traditional(entry.answer), caveats)
    return LocalText(entry.question, entry.answer, entry.caveats)
