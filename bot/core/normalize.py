"""Normalise questions and phrasings the same way, then cut them into features."""

from __future__ import annotations

import itertools
import re
import unicodedata
from collections.abc import Callable
from functools import cache, lru_cache

import opencc
import snowballstemmer

from bot.core.model import Lexicon
from bot.core.trie import word_regex

DEFAULT_MAX_CHARS = 500
MAX_REMEMBERED_PHRASINGS = 1_000_000
_NON_WORD = re.compile(r"[^\w]+|_+")
_APOSTROPHE = re.compile(r"(?<=[a-z])['’](?=[a-z])")
_WORD = re.compile(r"[a-z]+")
_SPACES = re.compile(r"\s+")
_CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_RUNS = re.compile(rf"[{_CJK}]+|[a-z0-9]+")
_ASCII_ALNUM = re.compile(r"[a-z0-9]")
_BREAKING = re.compile("[\x00-\x1f\x7f-\x9f\ud800-\udfff]")
_INVISIBLE_CATEGORIES = frozenset({"Mn", "Me", "Cf"})
INVISIBLE_PLANES = (range(0x20000), range(0xE0000, 0xE1000))  # the only code points with marks or format characters
_CLAUSE_MARK = "\u2029"
_NON_WORD_BUT_MARK = re.compile(r"[^\w\u2029]+|_+")
_SPACES_BUT_MARK = re.compile(r"[^\S\u2029]+")
_ASTRAL = re.compile("[\U00010000-\U0010ffff]")


@cache
def _to_simplified() -> opencc.OpenCC:
    """Return the phrase-level Taiwan-to-mainland converter (簡訊 → 短信)."""
    return opencc.OpenCC("tw2sp")


@cache
def _invisible() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """Match combining marks and format characters (zero-width, bidi, soft hyphen): (BMP, astral), built once."""
    ranges: list[list[int]] = []
    for code in itertools.chain(*INVISIBLE_PLANES):
        if unicodedata.category(chr(code)) in _INVISIBLE_CATEGORIES:
            if ranges and ranges[-1][1] == code - 1:
                ranges[-1][1] = code
            else:
                ranges.append([code, code])
    bmp = [(low, high) for low, high in ranges if high <= 0xFFFF]
    astral = [(low, high) for low, high in ranges if low > 0xFFFF]
    return _char_class(bmp), _char_class(astral)


def _char_class(ranges: list[tuple[int, int]]) -> re.Pattern[str]:
    """Compile code point ranges into one character-class regex."""
    return re.compile("[" + "".join(f"{re.escape(chr(low))}-{re.escape(chr(high))}" for low, high in ranges) + "]+")


def clean(text: str) -> str:
    """Turn control characters and lone surrogates into spaces; drop marks and zero-width or bidi characters."""
    bmp, astral = _invisible()
    text = bmp.sub("", _BREAKING.sub(" ", text))
    return astral.sub("", text) if _ASTRAL.search(text) else text


@cache
def _stemmer() -> snowballstemmer.stemmer:
    """Return the Snowball (Porter 2) English stemmer."""
    return snowballstemmer.stemmer("english")


@lru_cache(maxsize=65_536)
def stem(word: str) -> str:
    """Reduce an English word to its Snowball stem, so used, uses and useful meet use."""
    return _stemmer().stemWord(word)


def fold(text: str) -> str:
    """Fold width, case, script and punctuation, and stem English words."""
    return fold_words(fold_script(text))


def fold_script(text: str) -> str:
    """Fold width, case and script (traditional to simplified); punctuation stays."""
    # Marks go before case folding (which turns U+0345 into a letter) and after it (İ folds to i + U+0307).
    text = clean(clean(unicodedata.normalize("NFKC", text)).casefold())
    return _to_simplified().convert(text)


def fold_words(text: str) -> str:
    """Turn punctuation into spaces and stem English words, in text already through `fold_script`."""
    return _fold_words(text, _NON_WORD, _SPACES).strip()


def _fold_words(text: str, non_word: re.Pattern[str], spaces: re.Pattern[str]) -> str:
    """Turn what `non_word` matches into spaces, stem English words and squeeze what `spaces` matches."""
    text = non_word.sub(" ", _APOSTROPHE.sub("", text))
    return spaces.sub(" ", _WORD.sub(_stem_match, text))


def _stem_match(match: re.Match[str]) -> str:
    """Return the stem of a matched English word."""
    return stem(match.group())


def normalizer_for(lexicon: Lexicon, max_chars: int = DEFAULT_MAX_CHARS) -> Normalizer:
    """Return one shared Normalizer per lexicon and length limit, so each corpus phrasing is normalised once."""
    return _shared_normalizer(lexicon, max_chars)


@lru_cache(maxsize=4)
def _shared_normalizer(lexicon: Lexicon, max_chars: int) -> Normalizer:
    """Build and keep the Normalizer of one lexicon and length limit."""
    return Normalizer(lexicon, max_chars)


class Normalizer:
    """Turns any text into the canonical form both the index and the queries use."""

    def __init__(self, lexicon: Lexicon, max_chars: int = DEFAULT_MAX_CHARS) -> None:
        self.max_chars = max_chars
        self._canonical: dict[str, str] = {}
        for canonical, variants in lexicon.synonyms:
            target = fold(canonical)
            for variant in (canonical, *variants):
                self._canonical[fold(variant)] = target
        self._synonyms = word_regex(list(self._canonical))
        self._fillers = word_regex([fold(filler) for filler in lexicon.fillers])
        self._phrasings: dict[str, str] = {}

    def normalize_phrasing(self, text: str) -> str:
        """Normalise a corpus phrasing, remembering it: the loader's checks and the index then share the work."""
        normalized = self._phrasings.get(text)
        if normalized is None:
            if len(self._phrasings) >= MAX_REMEMBERED_PHRASINGS:
                self._phrasings.clear()
            normalized = self._phrasings[text] = self.normalize(text)
        return normalized

    def _replace_synonym(self, match: re.Match[str]) -> str:
        """Return the canonical word for a variant; ASCII words keep spaces around them."""
        canonical = self._canonical[match.group()]
        return f" {canonical} " if _ASCII_ALNUM.match(canonical[-1]) else canonical

    def normalize(self, text: str) -> str:
        """Return the canonical form: folded, synonyms unified, fillers removed."""
        return self._unify(fold(text[: self.max_chars]))

    def normalize_clauses(
        self, text: str, breaks: re.Pattern[str], respell: Callable[[str], str] | None = None
    ) -> list[str]:
        """Normalise a message cut at `breaks` into clauses (empty ones left out), folding its script once.

        The cuts are made in the raw text (folding turns line breaks into spaces) and marked with a
        paragraph separator, which folding keeps and which also counts as a break. The whole text is
        then folded and unified at once, the marks kept, and only then cut. `respell`, when given,
        corrects the folded text's words before they are stemmed and unified.
        """
        marked = fold_script(_CLAUSE_MARK.join(breaks.split(text[: self.max_chars])))
        marked = _fold_words(respell(marked) if respell else marked, _NON_WORD_BUT_MARK, _SPACES_BUT_MARK)
        pieces = self._unify(marked, _SPACES_BUT_MARK).split(_CLAUSE_MARK)
        return [clause for piece in pieces if (clause := _SPACES.sub(" ", piece).strip())]

    def _unify(self, text: str, spaces: re.Pattern[str] = _SPACES) -> str:
        """Unify synonyms and drop fillers in folded text, then squeeze what `spaces` matches."""
        if self._synonyms is not None:
            text = self._synonyms.sub(self._replace_synonym, text)
        if self._fillers is not None:
            text = self._fillers.sub(" ", text)
        return spaces.sub(" ", text).strip()


def runs(normalized: str) -> list[str]:
    """Split normalised text into runs of Chinese characters and of ASCII letters or digits."""
    return _RUNS.findall(normalized)


def is_cjk_run(run: str) -> bool:
    """Tell whether a run is Chinese characters."""
    return not _ASCII_ALNUM.match(run[0])
