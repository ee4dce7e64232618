"""Turn a decision into plain text, in the asker's language and script."""

from __future__ import annotations

from dataclasses import dataclass

from bot.core.decision import CLARIFY_OPTIONS, Answer, Clarify, NoMatch, Result
from bot.core.index import EntryScore
from bot.core.model import Entry
from bot.core.script import Lang, local_question, local_section, local_text

MAX_REPLY_CHARS = 10_000
"""Longest plain-text reply; the loader refuses entries that would render longer (chat adapters cut further)."""
MAX_MESSAGE_CHARS = 2000
"""Longest plain message the bot sends on its own account (Discord's limit), e.g. a reload report."""


CUT_MARKER = " […]"


def cut(text: str, limit: int, marker: str = CUT_MARKER) -> str:
    """Return text as it is when it fits in limit characters, else cut so that it ends with the marker."""
    if len(text) <= limit:
        return text
    if limit <= len(marker):
        return text[:limit]
    return text[: limit - len(marker)].rstrip() + marker


@dataclass(frozen=True, slots=True)
class Labels:
    """The fixed words of a reply in one language."""

    caveats: str
    source: str
    clarify: str
    pick: str
    no_match: str
    nearest: str


LABELS = {
    Lang.SIMPLIFIED: Labels(
        "注意",
        "来源",
        "你想问的是哪一个？",
        "回复编号即可查看答案。",
        "抱歉，FAQ 里没有找到这个问题的答案。",
        "相近的话题：",
    ),
    Lang.TRADITIONAL: Labels(
        "注意",
        "來源",
        "你想問的是哪一個？",
        "回覆編號即可查看答案。",
        "抱歉，FAQ 裡沒有找到這個問題的答案。",
        "相近的話題：",
    ),
    Lang.ENGLISH: Labels(
        "Caveats",
        "Source",
        "Which of these did you mean?",
        "Reply with a number to see the answer.",
        "Sorry, the FAQ has no answer to that.",
        "Nearest topics:",
    ),
}


def source_text(entry: Entry, lang: Lang) -> str:
    """Return where an entry's facts come from: document and section."""
    return f"{LABELS[lang].source}: {entry.source.document} · {local_section(entry, lang)}"


def source_line(match: EntryScore, lang: Lang) -> str:
    """Return the source and confidence line of an answer."""
    return f"{source_text(match.entry, lang)} (match {match.score:.0f}/100)"


def render_answer(match: EntryScore, lang: Lang) -> str:
    """Render an entry as title, answer, caveats and source."""
    text = local_text(match.entry, lang)
    lines = [text.question, "", text.answer, "", f"{LABELS[lang].caveats}:"]
    lines += [f"- {caveat}" for caveat in text.caveats]
    lines += ["", source_line(match, lang)]
    return "\n".join(lines)


def numbered_questions(matches: tuple[EntryScore, ...], lang: Lang) -> list[str]:
    """Return the matches' questions as a numbered list."""
    return [f"{number}. {local_question(match.entry, lang)}" for number, match in enumerate(matches, start=1)]


def render_text(result: Result) -> str:
    """Render any decision as plain text."""
    labels = LABELS[result.lang]
    if isinstance(result, Answer):
        return render_answer(result.match, result.lang)
    if isinstance(result, Clarify):
        return "\n".join([labels.clarify, *numbered_questions(result.options, result.lang), labels.pick])
    lines = [labels.no_match]
    if result.nearest:
        lines += [labels.nearest, *numbered_questions(result.nearest, result.lang)]
    return "\n".join(lines)


def choices(result: Result) -> tuple[EntryScore, ...]:
    """Return the entries a member can pick by number after this reply."""
    if isinstance(result, Clarify):
        return result.options
    if isinstance(result, NoMatch):
        return result.nearest
    return ()


def longest_reply(entry: Entry) -> tuple[int, Lang]:
    """Return the length of the longest reply this entry can appear in, and the language of that reply."""
    match = EntryScore(entry, 100.0, "")
    listed = (match,) * CLARIFY_OPTIONS
    return max(
        (len(render_text(result)), lang)
        for lang in Lang
        for result in (Answer(match, lang, ""), Clarify(listed, lang, ""), NoMatch(listed, lang, ""))
    )
