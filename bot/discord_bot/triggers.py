"""Which chat messages the bot answers: the prefix command, a mention, a reply to the bot, or a help-channel message."""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum

import discord

from bot.chat import after_prefix
from bot.config import Settings

MENTION_MARKUP = re.compile(r"<@[!&]?\d+>|<#\d+>|@everyone|@here")
ANSWERED_TYPES = (discord.MessageType.default, discord.MessageType.reply)


class TriggerKind(StrEnum):
    """How a message reached the bot."""

    PREFIX = "prefix"
    MENTION = "mention"
    REPLY = "reply"
    CHANNEL = "channel"

    @property
    def only_when_sure(self) -> bool:
        """Tell whether the bot speaks only to post a confident answer: help-channel messages and replies to it.

        A reply to one of the bot's answers is often "thanks" or a remark to another member, and
        Discord counts a reply as mentioning the bot unless its author turns the ping off.
        """
        return self in (TriggerKind.REPLY, TriggerKind.CHANNEL)


@dataclass(frozen=True, slots=True)
class Trigger:
    """A message the bot should handle, and its text without the prefix or any mention markup."""

    kind: TriggerKind
    text: str


def without_mentions(text: str) -> str:
    """Remove user, role and channel mentions and @everyone/@here from text, and outer spaces."""
    return " ".join(MENTION_MARKUP.sub(" ", text).split())


def in_help_channel(channel: object, settings: Settings) -> bool:
    """Return whether a channel, or the channel a thread belongs to, is listed in FAQ_CHANNEL_IDS."""
    ids = set(settings.faq_channel_ids)
    return getattr(channel, "id", None) in ids or getattr(channel, "parent_id", None) in ids


def find_trigger(message: discord.Message, me: discord.abc.User, settings: Settings) -> Trigger | None:
    """Return how the bot should treat a message, or None to ignore it (bots, itself, system messages)."""
    author = message.author
    if author.bot or author.id == me.id or message.webhook_id is not None or message.type not in ANSWERED_TYPES:
        return None
    content = message.content.strip()
    rest = after_prefix(content, settings.command_prefix)
    if rest is not None:
        return Trigger(TriggerKind.PREFIX, without_mentions(rest))
    mentioned = any(user.id == me.id for user in message.mentions)
    if mentioned and names(content, me.id):
        return Trigger(TriggerKind.MENTION, without_mentions(content))
    text = without_mentions(content)
    if mentioned or replies_to(message, me.id):
        return Trigger(TriggerKind.REPLY, text) if text else None
    if text and in_help_channel(message.channel, settings):
        return Trigger(TriggerKind.CHANNEL, text)
    return None


def names(content: str, user_id: int) -> bool:
    """Tell whether a message's text mentions a user (a reply that pings its author has no such markup)."""
    return f"<@{user_id}>" in content or f"<@!{user_id}>" in content


def replies_to(message: discord.Message, user_id: int) -> bool:
    """Tell whether a message replies to one of a user's messages."""
    reference = message.reference
    resolved = reference.resolved if reference is not None else None
    return isinstance(resolved, discord.Message) and resolved.author.id == user_id
