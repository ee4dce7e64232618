"""Read a Markdown or plain-text article into a title and sections, each with lead paragraphs and points."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

_HEADING = re.compile(r"^ {0,3}(#{1,6})\s+(.+?)[\s#]*$")
_BOLD_LINE = re.compile(r"^\s*\*\*(.+?)\*\*\s*$")
_ITEM = re.compile(r"^(\s*)(?:(\d{1,3})(?:[.)]\s+|、\s*)|[-*+•]\s+)(.+)$")
_LABEL = re.compile(r"^\*\*(.+?)\*\*\s*[：:]?\s*(.*)$")
_NUMBER = re.compile(r"^\d{1,3}[.、)]\s*")
_STEP = re.compile(r"^(?:第[一二三四五六七八九十\d]+步|(?i:step\s*\d+))")
_MARKUP = re.compile(r"\*\*|__|`")
_SENTENCE_END = "。！？.!?"
PLAIN_HEADING_CHARS = 60


@dataclass(slots=True)
class Point:
    """A numbered or bulleted item, or a subsection: an optional label and its text."""

    label: str | None
    numbered: bool
    line: int
    body: list[str] = field(default_factory=list)


@dataclass(slots=True)
class Section:
    """A heading with its lead paragraphs and the points below it."""

    heading: str
    line: int
    paragraphs: list[str] = field(default_factory=list)
    points: list[Point] = field(default_factory=list)


@dataclass(slots=True)
class Article:
    """An article's sections in reading order; the first holds the title (or "" when there is none) and its opening."""

    title: str | None
    sections: list[Section]


def plain(text: str) -> str:
    """Remove inline Markdown emphasis and code marks."""
    return _MARKUP.sub("", text).strip()


def labelled(label: str, text: str) -> str:
    """Join a label and its text with a colon that suits the language."""
    if not text:
        return label
    return f"{label}: {text}" if (label + text).isascii() else f"{label.rstrip('：:')}：{text}"


def _heading_of(line: str, plain_text: bool) -> tuple[int, str] | None:
    """Return (level, text) when a line is a heading; bold-only lines are level 7 (below any # heading)."""
    if match := _HEADING.match(line):
        return len(match.group(1)), plain(match.group(2))
    if match := _BOLD_LINE.match(line):
        return 7, plain(match.group(1))
    if plain_text and len(line.strip()) <= PLAIN_HEADING_CHARS and not line.startswith((" ", "\t")):
        stripped = line.strip()
        if stripped[-1] in "？?" or stripped[-1] not in _SENTENCE_END + "，,；;：:":
            return 2, plain(stripped)
    return None


def _standalone(lines: list[tuple[int, str]], index: int) -> bool:
    """Tell whether a line stands alone between blank lines (how plain-text articles mark headings)."""
    before = index == 0 or not lines[index - 1][1].strip()
    after = index + 1 >= len(lines) or not lines[index + 1][1].strip()
    return before and after


def _subsection_point(text: str, line: int) -> Point:
    """Make a point from a deeper heading: its text, without a leading number, is the label."""
    label = plain(text.strip().lstrip("#"))
    numbered = bool(_NUMBER.match(label) or _STEP.match(label))
    return Point(_NUMBER.sub("", label), numbered, line)


def _item_point(item: re.Match[str], line: int) -> Point:
    """Make a point from a list item, splitting off a bold label such as `**便捷性**：`."""
    numbered, text = item.group(2) is not None, item.group(3)
    if match := _LABEL.match(text):
        rest = plain(match.group(2))
        return Point(plain(_NUMBER.sub("", match.group(1))), numbered, line, [rest] if rest else [])
    return Point(None, numbered, line, [plain(text)])


class _Builder:
    """Collect sections while walking the lines of one article."""

    def __init__(self) -> None:
        self.sections: list[Section] = []
        self.point: Point | None = None
        self.in_subsection = False
        self.paragraph: list[str] = []

    def flush(self) -> None:
        """End the paragraph being read."""
        if self.paragraph:
            text = "".join(self.paragraph) if not all(p.isascii() for p in self.paragraph) else " ".join(self.paragraph)
            (self.point.body if self.point else self.sections[-1].paragraphs).append(text)
        self.paragraph = []

    def section(self, heading: str, line: int) -> None:
        """Start a section."""
        self.flush()
        self.sections.append(Section(heading, line))
        self.point, self.in_subsection = None, False

    def subsection(self, text: str, line: int) -> None:
        """Start a point from a deeper heading."""
        self.flush()
        self.point = _subsection_point(text, line)
        self.sections[-1].points.append(self.point)
        self.in_subsection = True

    def item(self, match: re.Match[str], line: int) -> None:
        """Start a list item: a point of the section, or a part of the subsection it sits in."""
        self.flush()
        point = _item_point(match, line)
        if self.in_subsection and self.point is not None:
            self.point.body.append(labelled(point.label, " ".join(point.body)) if point.label else " ".join(point.body))
            return
        self.point = point
        self.sections[-1].points.append(point)

    def text(self, text: str, indented: bool) -> None:
        """Add a line of running text to the current paragraph, item or subsection."""
        if not indented and self.point is not None and not self.in_subsection and not self.paragraph:
            self.point = None
        self.paragraph.append(plain(text))


def parse_article(lines: list[tuple[int, str]]) -> Article:
    """Parse cleaned (line number, text) pairs into an article."""
    plain_text = not any(_HEADING.match(text) or _BOLD_LINE.match(text) for _, text in lines)
    content = [(number, text) for number, text in lines if text.strip()]
    title = None
    if content and (heading := _heading_of(content[0][1], plain_text)) is not None:
        title = heading[1]
    levels = [heading[0] for _, text in content[1:] if (heading := _heading_of(text, False)) and heading[0] < 7]
    section_level = min(levels, default=7 if not plain_text else 2)
    builder = _Builder()
    builder.section(title or "", content[0][0] if content else 1)
    for index, (number, text) in enumerate(lines):
        if title is not None and number == content[0][0]:
            continue
        if not text.strip():
            builder.flush()
            continue
        heading = _heading_of(text, plain_text and _standalone(lines, index))
        item = _ITEM.match(text)
        if heading is not None and heading[0] <= section_level:
            builder.section(heading[1], number)
        elif heading is not None:
            builder.subsection(text, number)
        elif item is not None and len(item.group(1)) < 4:
            builder.item(item, number)
        else:
            builder.text(text.strip(), text.startswith((" ", "\t")))
    builder.flush()
    return Article(title, builder.sections)
