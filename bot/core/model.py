"""Typed, immutable values of the FAQ corpus."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

PLACEHOLDER_MARK = "[TODO"
"""Starts every placeholder `faqbot import` leaves in a draft; served entries may not contain it."""


@dataclass(frozen=True, slots=True)
class EnglishText:
    """The English version of an entry's question, answer and caveats."""

    question: str
    answer: str
    caveats: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Source:
    """Where an entry's facts come from: a document and a section heading."""

    document: str
    section: str


@dataclass(frozen=True, slots=True)
class Entry:
    """One FAQ entry: a canonical question, its phrasings, answer and caveats."""

    id: str
    question: str
    aliases: tuple[str, ...]
    answer: str
    caveats: tuple[str, ...]
    en: EnglishText
    source: Source
    tags: tuple[str, ...] = ()
    draft: bool = False
    file: str = ""
    line: int = 0

    def phrasings(self) -> tuple[str, ...]:
        """Return every phrasing that should match this entry."""
        return (self.question, self.en.question, *self.aliases)


@dataclass(frozen=True, slots=True)
class Decline:
    """A subject next to the FAQ's own that it deliberately does not answer, and phrasings that recognise it."""

    topic: str
    phrasings: tuple[str, ...]
    file: str = ""
    line: int = 0


@dataclass(frozen=True, slots=True)
class Lexicon:
    """Synonym groups (canonical word and its variants) and filler words."""

    synonyms: tuple[tuple[str, tuple[str, ...]], ...] = ()
    fillers: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Corpus:
    """The served entries of a corpus folder, its lexicon, and the drafts that are validated but never served."""

    entries: tuple[Entry, ...]
    lexicon: Lexicon = field(default_factory=Lexicon)
    folder: Path = Path(".")
    declines: tuple[Decline, ...] = ()
    drafts: tuple[Entry, ...] = ()

    def by_id(self, entry_id: str) -> Entry | None:
        """Return the entry with this id, or None."""
        return next((entry for entry in self.entries if entry.id == entry_id), None)
