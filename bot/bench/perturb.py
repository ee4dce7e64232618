"""Deterministic edits that turn one FAQ phrasing into another plausible one: synonyms, typos, fillers, clauses."""

from __future__ import annotations

import random
import re
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from bot.core.features import pinyin
from bot.core.model import Corpus

_CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_CLAUSE_SPLIT = re.compile(r"[，,；;]\s*")
_LATIN_WORD = re.compile(r"[A-Za-z]{4,}")


def is_chinese(text: str) -> bool:
    """Tell whether a text has any Chinese character (Chinese or mixed, not plain English)."""
    return _CJK.search(text) is not None


def theme_of(file: str) -> str:
    """Return the theme of an entry from the file it came from (cards.yaml -> cards)."""
    return Path(file).stem or "misc"


@dataclass(frozen=True, slots=True)
class Rates:
    """How often each edit is applied, 0 to 1."""

    synonym: float = 0.5
    typo: float = 0.15
    filler: float = 0.25
    recombine: float = 0.2


class Perturber:
    """Applies random but seeded edits drawn from a corpus and its lexicon."""

    def __init__(self, corpus: Corpus, rng: random.Random) -> None:
        self.rng = rng
        self._group_of: dict[str, int] = {}
        self._forms: list[tuple[str, ...]] = []
        for canonical, variants in corpus.lexicon.synonyms:
            forms = tuple(dict.fromkeys(form.lower() for form in (canonical, *variants)))
            for form in forms:
                self._group_of.setdefault(form, len(self._forms))
            self._forms.append(forms)
        self._synonym_regex = _forms_regex(list(self._group_of))
        self._fillers = {
            chinese: [filler for filler in corpus.lexicon.fillers if is_chinese(filler) == chinese and len(filler) > 1]
            for chinese in (True, False)
        }
        self._clauses = _leading_clauses(corpus)
        self._homophones = _homophones(corpus)

    def perturb(self, text: str, theme: str, rates: Rates) -> str:
        """Apply each edit with its rate; the result still reads like the same question."""
        if self.rng.random() < rates.recombine:
            text = self.recombine(text, theme)
        if self.rng.random() < rates.synonym:
            text = self.swap_synonym(text)
        if self.rng.random() < rates.typo:
            text = self.typo(text)
        if self.rng.random() < rates.filler:
            text = self.add_filler(text)
        return text

    def swap_synonym(self, text: str) -> str:
        """Replace one lexicon word with another variant of its group, usually in the same script."""
        if self._synonym_regex is None:
            return text
        matches = list(self._synonym_regex.finditer(text))
        if not matches:
            return text
        match = self.rng.choice(matches)
        found = match.group().lower()
        forms = self._forms[self._group_of[found]]
        same_script = [form for form in forms if is_chinese(form) == is_chinese(found) and form != found]
        others = [form for form in forms if form != found]
        pool = same_script if same_script and self.rng.random() < 0.8 else others
        if not pool:
            return text
        return text[: match.start()] + self.rng.choice(pool) + text[match.end() :]

    def typo(self, text: str) -> str:
        """Make one typing slip: a homophone, a dropped or doubled character, or a misspelt English word."""
        if is_chinese(text):
            return self._chinese_typo(text)
        words = list(_LATIN_WORD.finditer(text))
        if not words:
            return text
        word = self.rng.choice(words)
        spot = self.rng.randrange(1, len(word.group()) - 1)
        letters = word.group()
        slip = self.rng.choice(
            (
                letters[:spot] + letters[spot + 1 :],
                letters[:spot] + letters[spot] + letters[spot:],
                letters[: spot - 1] + letters[spot] + letters[spot - 1] + letters[spot + 1 :],
            )
        )
        return text[: word.start()] + slip + text[word.end() :]

    def _chinese_typo(self, text: str) -> str:
        """Swap a character for a homophone, or drop or double one."""
        spots = [match.start() for match in _CJK.finditer(text)]
        if len(spots) < 4:
            return text
        spot = self.rng.choice(spots)
        char = text[spot]
        sounds_alike = [other for other in self._homophones.get(pinyin(char), ()) if other != char]
        choice = self.rng.random()
        if sounds_alike and choice < 0.5:
            return text[:spot] + self.rng.choice(sounds_alike) + text[spot + 1 :]
        if choice < 0.75:
            return text[:spot] + text[spot + 1 :]
        return text[:spot] + char + text[spot:]

    def add_filler(self, text: str) -> str:
        """Put a greeting or politeness word before or after the question."""
        fillers = self._fillers[is_chinese(text)]
        if not fillers:
            return text
        filler = self.rng.choice(fillers)
        if self.rng.random() < 0.7:
            return f"{filler}，{text}" if is_chinese(text) else f"{filler}, {text}"
        return f"{text} {filler}"

    def recombine(self, text: str, theme: str) -> str:
        """Replace or add a leading clause with one taken from another phrasing of the same theme."""
        pool = self._clauses.get((theme, is_chinese(text)), [])
        if not pool:
            return text
        clause = self.rng.choice(pool)
        separator = "，" if is_chinese(text) else ", "
        parts = _CLAUSE_SPLIT.split(text)
        rest = parts[1:] if len(parts) > 1 else parts
        return clause + separator + separator.join(rest)


def _forms_regex(forms: list[str]) -> re.Pattern[str] | None:
    """Match any lexicon form, longest first; English forms only as whole words."""
    if not forms:
        return None
    ordered = sorted(forms, key=len, reverse=True)
    branches = [
        re.escape(form) if is_chinese(form) else rf"(?<![a-z0-9]){re.escape(form)}(?![a-z0-9])" for form in ordered
    ]
    return re.compile("|".join(branches), re.IGNORECASE)


def _leading_clauses(corpus: Corpus) -> dict[tuple[str, bool], list[str]]:
    """Collect the non-final clauses of every phrasing, by theme and by script."""
    clauses: dict[tuple[str, bool], list[str]] = defaultdict(list)
    for entry in corpus.entries:
        for phrasing in entry.phrasings():
            parts = _CLAUSE_SPLIT.split(phrasing)
            for part in parts[:-1]:
                if part.strip():
                    clauses[(theme_of(entry.file), is_chinese(part))].append(part.strip())
    return {key: sorted(set(values)) for key, values in clauses.items()}


def _homophones(corpus: Corpus) -> dict[str, list[str]]:
    """Group the Chinese characters of a corpus by their fuzzy pinyin (充/冲, 证/正)."""
    chars = {char for entry in corpus.entries for text in entry.phrasings() for char in _CJK.findall(text)}
    groups: dict[str, list[str]] = defaultdict(list)
    for char in sorted(chars):
        groups[pinyin(char)].append(char)
    return dict(groups)
