"""Strip promotional material from article lines: links, images, @handles, contacts, follow-our-channel lines.

Markdown images go, Markdown links keep only their text (promotional and Telegram links go whole), and any
sentence that still holds a web address, @handle, e-mail address or a follow/join invitation is dropped.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

import opencc

from bot.core.content import forbidden_reason

_IMAGE = re.compile(r"!\[[^\]]*\]\([^)]*\)")
_LINK = re.compile(r"\[([^\[\]]*)\]\(([^()\s]*)\)")
_LEFTOVER_BRACKETS = re.compile(r"\[[\s\W]*\]")
_TELEGRAM_URL = re.compile(r"(?i)(?:t\.me|telegram\.(?:me|dog|org))/|tg://")
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_PROMOTION = re.compile(
    r"关注(?:我们|本|我)?的?(?:频道|公众号|账号|电报|推特|TG)|加入(?:我们|本)?的?(?:群|频道|社群|电报|TG|交流群)"
    r"|(?:进|加)(?:群|频道)|扫码|订阅(?:我们|本)?的?频道|私信"
    r"|(?i:\bfollow (?:us|our|my)\b|\bjoin (?:us|our|my|the) (?:\w+ )?(?:group|channel|chat|community|server)"
    r"|\bsubscribe to (?:our|my|the) channel|\bDM (?:me|us)\b)"
)
_SENTENCE_END = re.compile(r"(?<=[。！？!?])|(?<=[^\d\s]\.)(?=\s)")
_SPACES = re.compile(r"(?<=\S)[ \t]{2,}")


@dataclass(frozen=True, slots=True)
class Stripped:
    """One thing removed from an article, located for the admin's report."""

    file: str
    line: int
    kind: str
    text: str

    def __str__(self) -> str:
        shown = self.text if len(self.text) <= 80 else self.text[:79] + "…"
        return f"{self.file}:{self.line}: removed {self.kind}: {shown}"


@cache
def _converter() -> opencc.OpenCC:
    """Return the traditional-to-simplified converter (Taiwan phrasing)."""
    return opencc.OpenCC("tw2sp")


def to_simplified(text: str) -> str:
    """Convert traditional Chinese to simplified; other text is unchanged."""
    return _converter().convert(text)


def split_sentences(text: str) -> list[str]:
    """Split text after Chinese or English sentence ends; keep each sentence's punctuation."""
    return [part.strip() for part in _SENTENCE_END.split(text) if part.strip()]


class LineCleaner:
    """Clean the lines of one article, remembering what was removed and where."""

    def __init__(self, file: str) -> None:
        self.file = file
        self.stripped: list[Stripped] = []
        self._line = 0

    def clean(self, number: int, line: str) -> str:
        """Return the line without promotional material; leading indentation is kept."""
        self._line = number
        text = _IMAGE.sub(self._image, line)
        text = _LINK.sub(self._link, text)
        text = _LEFTOVER_BRACKETS.sub("", text)
        text = self._drop_sentences(text)
        return _SPACES.sub(" ", text).rstrip()

    def _note(self, kind: str, text: str) -> None:
        """Remember one removal on the current line."""
        self.stripped.append(Stripped(self.file, self._line, kind, text.strip()))

    def _image(self, match: re.Match[str]) -> str:
        """Drop a Markdown image."""
        self._note("image", match.group())
        return ""

    def _link(self, match: re.Match[str]) -> str:
        """Drop a Markdown link: all of it when it is promotional, else only its address."""
        label, address = match.group(1), match.group(2)
        if _TELEGRAM_URL.search(address):
            self._note("Telegram link", match.group())
            return ""
        if _PROMOTION.search(to_simplified(label)) or forbidden_reason(label):
            self._note("promotional link", match.group())
            return ""
        self._note("link address", address)
        return label

    def _drop_sentences(self, text: str) -> str:
        """Drop follow-our-channel sentences and any sentence the corpus rules would still refuse."""
        sentences = split_sentences(text)
        kept = [sentence for sentence in sentences if not self._refused(sentence)]
        if len(kept) == len(sentences):
            return text
        indent = text[: len(text) - len(text.lstrip())]
        return indent + ("" if not all(sentence.isascii() for sentence in kept) else " ").join(kept)

    def _refused(self, sentence: str) -> bool:
        """Tell whether a sentence must go, noting why."""
        reason = "promotional sentence" if _PROMOTION.search(to_simplified(sentence)) else None
        if reason is None and _EMAIL.search(sentence):
            reason = "sentence with an e-mail address"
        if reason is None and forbidden_reason(sentence):
            reason = f"sentence that {forbidden_reason(sentence)}"
        if reason:
            self._note(reason, sentence)
        return reason is not None
