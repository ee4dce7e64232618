"""`faqbot import`: turn articles into draft entries that are never served until an admin removes `draft: true`."""

from __future__ import annotations

import re
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from pathlib import Path

import yaml

from bot.admin.articles import Point, Section, labelled, parse_article
from bot.admin.cleaning import LineCleaner, split_sentences, to_simplified
from bot.core.model import PLACEHOLDER_MARK
from bot.core.script import Lang, detect_lang

ARTICLE_MAX_BYTES = 1_000_000
TODO = PLACEHOLDER_MARK
ALIAS_TODO = f"{TODO}: 会员会怎么问 / how members ask this]"
UNTITLED = f"{TODO}: 开头没有标题 / opening without a heading]"
_CONDITION = re.compile(
    r"注意|条件|因素|取决于|前提|须知|要求|限制"
    r"|(?i:\bnote\b|\bconditions?\b|\bdepends? on\b|\bfactors?\b|\brequire|\bcaution\b|\bwarnings?\b|keep in mind)"
)
_WARNING = re.compile(
    r"需要注意的是|请注意|注意[：:]|务必|切记|一定要|小心|谨慎|避免|以免|可能会|风险|警惕|当心|不要"
    r"|(?i:\bnote that\b|\bbe careful\b|\bbeware\b|\bmake sure\b|\bavoid|\brisks?\b|\bwarning\b|\bcaution\b"
    r"|\bdo not\b|\bdon't\b|\bnever\b|\bextra (?:fees?|charges?)\b)"
)
_CLOSING = re.compile(
    r"^(?:结语|总结|结论|小结|写在最后|最后|尾声|conclusion|summary|final thoughts|wrapping up)\W*$", re.I
)
_QUESTION = re.compile(r"^(.+?[？?])")
_SUBTITLE = re.compile(r"\s*(?:——|--| - | – ).*$")


class ArticleError(Exception):
    """An article that cannot be read as text."""


@dataclass(frozen=True, slots=True)
class ImportResult:
    """Draft entries, what was stripped or skipped (one line each), and the files that could not be read."""

    drafts: tuple[dict[str, object], ...]
    notes: tuple[str, ...]
    errors: tuple[str, ...]


def read_article(path: Path) -> str:
    """Return an article's text; raise ArticleError when it is missing, too big, binary or not UTF-8."""
    try:
        size = path.stat().st_size
        if size > ARTICLE_MAX_BYTES:
            raise ArticleError(f"{path}: {size:,} bytes; articles up to {ARTICLE_MAX_BYTES:,} bytes are imported")
        raw = path.read_bytes()
    except OSError as error:
        raise ArticleError(f"{path}: cannot read: {error.strerror or error}") from error
    if b"\0" in raw:
        raise ArticleError(f"{path}: looks binary; expected Markdown or plain text")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        raise ArticleError(f"{path}:{line}: not valid UTF-8 text") from error


class _Ids:
    """Hand out draft ids that clash neither with each other nor with ids already taken."""

    def __init__(self, taken: Collection[str]) -> None:
        self.taken = set(taken)

    def new(self, document: str, number: int) -> str:
        """Return a fresh id for a document's numbered section."""
        slug = re.sub(r"[^a-z0-9]+", "-", Path(document).stem.lower()).strip("-")[:40] or "article"
        base = candidate = f"draft-{slug}-{number}"
        suffix = 1
        while candidate in self.taken:
            suffix += 1
            candidate = f"{base}-{suffix}"
        self.taken.add(candidate)
        return candidate


def import_articles(paths: Sequence[Path], taken_ids: Collection[str] = ()) -> ImportResult:
    """Read articles and make draft entries from their sections; unreadable files are reported, not fatal."""
    ids = _Ids(taken_ids)
    drafts: list[dict[str, object]] = []
    notes: list[str] = []
    errors: list[str] = []
    for path in paths:
        try:
            text = read_article(path)
        except ArticleError as error:
            errors.append(str(error))
            continue
        cleaner = LineCleaner(str(path))
        lines = [(number, cleaner.clean(number, line)) for number, line in enumerate(text.splitlines(), start=1)]
        file_drafts, file_notes = _article_drafts(lines, path, ids)
        drafts += file_drafts
        notes += sorted(file_notes + [str(item) for item in cleaner.stripped], key=_note_line)
    return ImportResult(tuple(drafts), tuple(notes), tuple(errors))


def _article_drafts(lines: list[tuple[int, str]], path: Path, ids: _Ids) -> tuple[list[dict[str, object]], list[str]]:
    """Make the drafts of one cleaned article; return them and notes on skipped sections."""
    lang = detect_lang("\n".join(text for _, text in lines))
    drafts, notes = [], []
    if lang is Lang.TRADITIONAL:
        notes.append(f"{path}: traditional Chinese, converted to simplified for the draft text")
    for section in parse_article(lines).sections:
        section.heading = section.heading or UNTITLED
        answer, caveats = section_text(section)
        if _CLOSING.match(section.heading) or not (answer or caveats):
            reason = "concluding section" if _CLOSING.match(section.heading) else "section with no text left"
            notes.append(f"{path}:{section.line}: skipped {reason}: {section.heading}")
            continue
        entry_id = ids.new(path.name, len(drafts) + 1)
        drafts.append(_draft(entry_id, section, answer, caveats, path.name, lang))
    return drafts, notes


def _note_line(note: str) -> int:
    """Return the line number a note starts with (0 for a note about the whole file), to sort by."""
    match = re.match(r"^.*?:(\d+): ", note)
    return int(match.group(1)) if match else 0


def question_of(heading: str) -> str:
    """Return a heading as a question: up to its first question mark, else without a subtitle."""
    if match := _QUESTION.match(heading):
        return match.group(1).strip()
    return _SUBTITLE.sub("", heading).strip() or heading


def _is_warning(sentence: str) -> bool:
    """Tell whether a sentence warns (and so belongs with the caveats); list introductions never do."""
    return bool(_WARNING.search(sentence)) and not sentence.endswith(("：", ":"))


def _join(parts: list[str]) -> str:
    """Join sentences: with spaces in English, directly in Chinese."""
    return (" " if all(part.isascii() for part in parts) else "").join(parts)


def _list_of(labels: list[str]) -> str:
    """Write labels as one sentence listing them."""
    return "; ".join(labels) + "." if all(label.isascii() for label in labels) else "；".join(labels) + "。"


def _point_answer(point: Point, number: int) -> tuple[str | None, list[str]]:
    """Return a point's answer line (label and first plain sentence) and its warning sentences."""
    sentences = split_sentences(" ".join(point.body))
    warnings = [sentence for sentence in sentences if _is_warning(sentence)]
    first = next((sentence for sentence in sentences if not _is_warning(sentence)), "")
    text = labelled(point.label, first) if point.label else first
    if not text:
        return None, warnings
    return (f"{number}. {text}" if point.numbered else f"- {text}"), warnings


def _point_caveat(point: Point) -> str:
    """Return a condition point as one caveat: its label and first sentence."""
    sentences = split_sentences(" ".join(point.body))
    first = sentences[0] if sentences else ""
    return labelled(point.label, first) if point.label else first


def _list_intros(section: Section) -> list[str]:
    """Return the sentences that introduce a list (ending in a colon), where conditions are announced."""
    sentences = [sentence for paragraph in section.paragraphs for sentence in split_sentences(paragraph)]
    return [sentence for sentence in sentences if sentence.endswith(("：", ":"))]


def section_text(section: Section) -> tuple[str, list[str]]:
    """Return a section's answer and caveats: numbered conditions and warning sentences become caveats."""
    answer: list[str] = []
    caveats: list[str] = []
    for paragraph in section.paragraphs:
        sentences = split_sentences(paragraph)
        answer.append(_join([sentence for sentence in sentences if not _is_warning(sentence)]))
        caveats += [sentence for sentence in sentences if _is_warning(sentence)]
    if _CONDITION.search(" ".join([section.heading, *_list_intros(section)])):
        caveats += [_point_caveat(point) for point in section.points]
        labels = [point.label for point in section.points if point.label]
        answer.append(_list_of(labels) if labels else "")
    else:
        for number, point in enumerate(section.points, start=1):
            line, warnings = _point_answer(point, number)
            answer.append(line or "")
            caveats += warnings
    return "\n".join(part for part in answer if part), list(dict.fromkeys(caveat for caveat in caveats if caveat))


def _draft(
    entry_id: str, section: Section, answer: str, caveats: list[str], document: str, lang: Lang
) -> dict[str, object]:
    """Build one draft entry; what the article cannot give is an honest [TODO ...] placeholder."""
    convert = to_simplified if lang is Lang.TRADITIONAL else str
    question = convert(question_of(section.heading))
    if lang is Lang.ENGLISH:
        english = {
            "question": question,
            "answer": answer or f"{TODO}: answer]",
            "caveats": caveats or [f"{TODO}: caveats]"],
        }
        chinese = {
            "question": f"{TODO}: 中文] {question}",
            "answer": f"{TODO}: 中文答案]",
            "caveats": [f"{TODO}: 中文注意事项]"],
        }
    else:
        chinese = {
            "question": question,
            "answer": convert(answer) if answer else f"{TODO}: 答案]",
            "caveats": [convert(caveat) for caveat in caveats] or [f"{TODO}: 注意事项]"],
        }
        english = {
            "question": f"{TODO}: English] {question}",
            "answer": f"{TODO}: English answer]",
            "caveats": [f"{TODO}: English caveats]"],
        }
    return {
        "id": entry_id,
        "draft": True,
        "question": chinese["question"],
        "aliases": [ALIAS_TODO],
        "answer": chinese["answer"],
        "caveats": chinese["caveats"],
        "en": english,
        "source": {"document": document, "section": section.heading},
    }


class _DraftDumper(yaml.SafeDumper):
    """Write lists indented and multi-line text as literal blocks, so drafts read like the corpus."""

    def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:
        """Indent list items under their key."""
        super().increase_indent(flow, False)


def _represent_text(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    """Represent a string, as a literal block when it spans lines."""
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style="|" if "\n" in value else None)


_DraftDumper.add_representer(str, _represent_text)


def drafts_yaml(result: ImportResult, sources: Sequence[Path]) -> str:
    """Return the drafts as a YAML corpus file, with a header saying how to review them."""
    header = [
        f"# Draft entries written by `faqbot import` from: {', '.join(path.name for path in sources)}",
        "# Not served while `draft: true`. Review each one: rewrite the answer in your own words, replace every",
        "# [TODO ...] placeholder, choose a lasting id, then remove `draft: true` (or move it into a theme file).",
        "",
    ]
    if not result.drafts:
        return "\n".join([*header, "[]", ""])
    dumped = [
        yaml.dump([draft], Dumper=_DraftDumper, allow_unicode=True, sort_keys=False, width=100)
        for draft in result.drafts
    ]
    return "\n".join(header) + "\n".join(dumped)
