"""Which chat messages the bot answers: the prefix command, a mention of the bot, or any message in a help channel."""

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
    CHANNEL = "channel"


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
    if any(user.id == me.id for user in message.mentions):
        return Trigger(TriggerKind.MENTION, without_mentions(content))
    text = without_mentions(content)
    if text and in_help_channel(message.channel, settings):
        return Trigger(TriggerKind.CHANNEL, text)
    return None
