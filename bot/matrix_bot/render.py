"""Matrix replies: m.notice events with a plain body and escaped HTML, unable to ping anyone, bounded in size."""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from typing import Any

from bot.core.index import EntryScore
from bot.core.model import Entry
from bot.core.render import LABELS, cut, source_line, source_text
from bot.core.script import Lang, local_question, local_text

HTML_FORMAT = "org.matrix.custom.html"
ANSWER_LIMIT = 2500
CAVEAT_LIMIT = 300
CAVEATS_SHOWN = 8
LINE_LIMIT = 300
BODY_LIMIT = 4000
"""Longest plain body in characters (at most 16 KB of UTF-8)."""
HTML_BYTES = 24_000
"""Longest HTML in UTF-8 bytes; longer HTML is replaced by the escaped body, which always fits (6 bytes a character).

Together they keep an event far below Matrix's 64 KiB limit.
"""
MASS_MENTION = re.compile(r"@(room|everyone|here)\b", re.IGNORECASE)
WORD_JOINER = "\u2060"
LONE_SURROGATE = re.compile("[\ud800-\udfff]")  # can arrive as JSON escapes; UTF-8 cannot carry them


def neutralise(text: str) -> str:
    """Break @room (and @everyone, @here) with a word joiner so no client pings; lone surrogates become U+FFFD."""
    text = LONE_SURROGATE.sub("\ufffd", text)
    return MASS_MENTION.sub(lambda found: "@" + WORD_JOINER + found.group(1), text)


def escaped(text: str) -> str:
    """Return text neutralised and HTML-escaped, its line breaks as <br>."""
    return html.escape(neutralise(text)).replace("\n", "<br>")


@dataclass(frozen=True, slots=True)
class Notice:
    """The text of one notice: a plain body and the same in HTML."""

    body: str
    html: str

    def content(self) -> dict[str, Any]:
        """Return the m.room.message content: an m.notice that mentions nobody."""
        body = cut(neutralise(self.body), BODY_LIMIT)
        markup = self.html if len(self.html.encode()) <= HTML_BYTES else escaped(body)
        return {"msgtype": "m.notice", "body": body, "format": HTML_FORMAT, "formatted_body": markup, "m.mentions": {}}


def plain_notice(text: str) -> Notice:
    """Return a notice of plain text (cut to the body limit), its HTML the escaped text."""
    text = cut(text, BODY_LIMIT)
    return Notice(text, escaped(text))


def entry_notice(entry: Entry, lang: Lang, source: str) -> Notice:
    """Return an entry as title, answer, caveats under their heading as a list, and source."""
    text = local_text(entry, lang)
    title, answer = cut(text.question, LINE_LIMIT), cut(text.answer, ANSWER_LIMIT)
    caveats = [cut(caveat, CAVEAT_LIMIT) for caveat in text.caveats[:CAVEATS_SHOWN]]
    heading = LABELS[lang].caveats
    body = [title, "", answer]
    markup = [f"<p><strong>{escaped(title)}</strong></p>", f"<p>{escaped(answer)}</p>"]
    if caveats:
        body += ["", f"{heading}:", *(f"- {caveat}" for caveat in caveats)]
        items = "".join(f"<li>{escaped(caveat)}</li>" for caveat in caveats)
        markup += [f"<p><strong>{escaped(heading)}</strong></p>", f"<ul>{items}</ul>"]
    body += ["", source]
    markup.append(f"<p><em>{escaped(source)}</em></p>")
    return Notice("\n".join(body), "".join(markup))


def answer_notice(match: EntryScore, lang: Lang) -> Notice:
    """Return the notice of a confident or picked answer, with its source and match score."""
    return entry_notice(match.entry, lang, source_line(match, lang))


def shown_entry_notice(entry: Entry, lang: Lang) -> Notice:
    """Return the notice of an entry asked for by id (source without a score)."""
    return entry_notice(entry, lang, source_text(entry, lang))


def list_notice(head: str, items: list[str], foot: str = "", numbered: bool = True) -> Notice:
    """Return a heading line, a numbered (or bulleted) list and an optional last line."""
    items = [cut(item, LINE_LIMIT) for item in items]
    marks = [f"{number}. " if numbered else "- " for number in range(1, len(items) + 1)]
    body = [head, *(mark + item for mark, item in zip(marks, items, strict=True))]
    tag = "ol" if numbered else "ul"
    markup = [f"<p>{escaped(head)}</p>", f"<{tag}>{''.join(f'<li>{escaped(item)}</li>' for item in items)}</{tag}>"]
    if foot:
        body.append(foot)
        markup.append(f"<p>{escaped(foot)}</p>")
    return Notice(cut("\n".join(body), BODY_LIMIT), "".join(markup))


def choice_notice(head: str, options: tuple[EntryScore, ...], lang: Lang, foot: str) -> Notice:
    """Return the offered topics as a numbered list under a heading, with a hint how to pick."""
    return list_notice(head, [local_question(match.entry, lang) for match in options], foot)


def relation(event: dict[str, Any]) -> dict[str, Any]:
    """Return m.relates_to for a reply to event: into its thread when it is in one, else a plain reply."""
    relates = event.get("content", {}).get("m.relates_to")
    reply = {"event_id": event["event_id"]}
    if isinstance(relates, dict) and relates.get("rel_type") == "m.thread" and isinstance(relates.get("event_id"), str):
        return {
            "rel_type": "m.thread",
            "event_id": relates["event_id"],
            "is_falling_back": True,
            "m.in_reply_to": reply,
        }
    return {"m.in_reply_to": reply}
