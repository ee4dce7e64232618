"""Which Matrix messages the bot answers: the prefix command, a mention, a reply to the bot, or an FAQ-room message."""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum
from typing import Any
from urllib.parse import unquote

from bot.chat import after_prefix

REPLY_FALLBACK_HTML = re.compile(r"<mx-reply>.*?</mx-reply>", re.DOTALL | re.IGNORECASE)
PILL = re.compile(r"""href\s*=\s*["']https://matrix\.to/#/([^"'?]+)""", re.IGNORECASE)
SHORTEST_NAME = 3
"""A display name shorter than this is too likely to be an ordinary word to count as a mention."""


class TriggerKind(StrEnum):
    """How a message reached the bot."""

    PREFIX = "prefix"
    MENTION = "mention"
    REPLY = "reply"
    ROOM = "room"
    PICK = "pick"

    @property
    def only_when_sure(self) -> bool:
        """Tell whether the bot speaks only to post a confident answer: FAQ-room messages and replies to it.

        A reply to one of the bot's answers is often "thanks" or a remark to another member, and
        clients put the bot in the reply's `m.mentions` all the same.
        """
        return self in (TriggerKind.REPLY, TriggerKind.ROOM)


@dataclass(frozen=True, slots=True)
class Identity:
    """Who the bot is: its user id and display name."""

    user_id: str
    display_name: str | None = None


@dataclass(frozen=True, slots=True)
class Trigger:
    """A message the bot should handle, and its text without the prefix or the mention of the bot."""

    kind: TriggerKind
    text: str


def own_text(content: dict[str, Any]) -> tuple[str, str]:
    """Return a message's body and HTML without the quoted message of a reply (the reply fallback)."""
    body = content.get("body")
    body = body if isinstance(body, str) else ""
    lines = body.split("\n")
    if lines and lines[0].startswith(">"):
        while lines and lines[0].startswith(">"):
            lines.pop(0)
        if lines and not lines[0].strip():
            lines.pop(0)
    markup = content.get("formatted_body")
    markup = markup if isinstance(markup, str) and content.get("format") == "org.matrix.custom.html" else ""
    return "\n".join(lines), REPLY_FALLBACK_HTML.sub("", markup)


def _name_pattern(name: str) -> re.Pattern[str]:
    """Return a pattern for a display name as a whole word, with the colon or comma clients put after it."""
    return re.compile(rf"(?<!\w){re.escape(name)}(?!\w)\s*[:,]?", re.IGNORECASE)


def names_me(body: str, markup: str, me: Identity) -> bool:
    """Return whether a message's own text mentions the bot: a pill in the HTML, its user id or display name."""
    if any(unquote(target) == me.user_id for target in PILL.findall(markup)):
        return True
    if me.user_id in body:
        return True
    name = me.display_name
    return bool(name and len(name) >= SHORTEST_NAME and _name_pattern(name).search(body))


def in_mentions(content: dict[str, Any], me: Identity) -> bool:
    """Return whether the bot is in a message's `m.mentions`."""
    mentions = content.get("m.mentions")
    users = mentions.get("user_ids") if isinstance(mentions, dict) else None
    return isinstance(users, list) and me.user_id in users


def is_reply(content: dict[str, Any]) -> bool:
    """Return whether a message replies to another one."""
    relates = content.get("m.relates_to")
    return isinstance(relates, dict) and isinstance(relates.get("m.in_reply_to"), dict)


def without_me(text: str, me: Identity) -> str:
    """Remove the bot's user id and display name from text, and extra spaces."""
    text = text.replace(me.user_id, " ")
    if me.display_name and len(me.display_name) >= SHORTEST_NAME:
        text = _name_pattern(me.display_name).sub(" ", text)
    return " ".join(text.split())


def find_trigger(event: dict[str, Any], me: Identity, prefix: str, faq_room: bool, choosing: bool) -> Trigger | None:
    """Return how the bot should treat an m.room.message event, or None to ignore it.

    A bare number is a pick when the sender has topics to choose from (`choosing`). A reply that has the
    bot in `m.mentions` without naming it in its own text is a reply to the bot. Ignored: the bot's own
    messages, anything but m.text (notices from bots, emotes, files) and edits.
    """
    content = event.get("content")
    if event.get("sender") == me.user_id or not isinstance(content, dict) or content.get("msgtype") != "m.text":
        return None
    relates = content.get("m.relates_to")
    if isinstance(relates, dict) and relates.get("rel_type") == "m.replace":
        return None
    body, markup = own_text(content)
    rest = after_prefix(body.strip(), prefix)
    if rest is not None:
        return Trigger(TriggerKind.PREFIX, without_me(rest, me))
    if names_me(body, markup, me):
        return Trigger(TriggerKind.MENTION, without_me(body, me))
    text = " ".join(body.split())
    if choosing and text.isdecimal():
        return Trigger(TriggerKind.PICK, text)
    if in_mentions(content, me):
        kind = TriggerKind.REPLY if is_reply(content) else TriggerKind.MENTION
        return Trigger(kind, text) if text or kind is TriggerKind.MENTION else None
    return Trigger(TriggerKind.ROOM, text) if text and faq_room else None
