"""The Discord client: intents, the command tree, and the chat messages it answers."""

from __future__ import annotations

import logging
from typing import Any

import discord

from bot.chat import ChatCore
from bot.config import Settings
from bot.core.script import detect_lang
from bot.discord_bot.actions import (
    refused_reload,
    refused_stats,
    reload_reply,
    reply_to_question,
    send_to_message,
    stats_reply,
)
from bot.discord_bot.commands import STATS_DAYS, build_tree, sync_commands
from bot.discord_bot.failures import message_failed
from bot.discord_bot.feedback import VoteButton
from bot.discord_bot.render import NO_MENTIONS, Reply
from bot.discord_bot.texts import ASK_USAGE
from bot.discord_bot.triggers import Trigger, TriggerKind, find_trigger
from bot.discord_bot.views import VIEW_TIMEOUT

log = logging.getLogger("bot.discord")

RELOAD_WORD = "reload"
STATS_WORD = "stats"


class _WithoutVoiceWarning(logging.Filter):
    """Drop discord.py's start-up warning that voice libraries are missing: this bot never uses voice."""

    def filter(self, record: logging.LogRecord) -> bool:
        """Keep every other record."""
        return "voice will NOT be supported" not in record.getMessage()


logging.getLogger("discord.client").addFilter(_WithoutVoiceWarning())


def intents_for(settings: Settings) -> discord.Intents:
    """Return the gateway intents: guilds (channels, roles), guild messages, and message content if enabled."""
    intents = discord.Intents.none()
    intents.guilds = True
    intents.guild_messages = True
    intents.message_content = settings.discord_message_content
    return intents


class FaqBotMixin:
    """The FAQ bot's behaviour, shared by the plain and the auto-sharded client."""

    def __init__(
        self, core: ChatCore, settings: Settings, *, view_timeout: float = VIEW_TIMEOUT, **options: Any
    ) -> None:
        super().__init__(intents=intents_for(settings), allowed_mentions=NO_MENTIONS, **options)
        self.core = core
        self.settings = settings
        self.view_timeout = view_timeout
        self.tree = build_tree(self)  # type: ignore[arg-type]

    async def setup_hook(self) -> None:
        """Accept vote clicks, sync the slash commands when DISCORD_SYNC is on, warn about settings that cannot work."""
        self.add_dynamic_items(VoteButton)  # type: ignore[attr-defined]
        if self.settings.faq_channel_ids and not self.settings.discord_message_content:
            log.warning("FAQ_CHANNEL_IDS is set but DISCORD_MESSAGE_CONTENT=false: help channels will stay silent")
        if self.settings.discord_sync:
            for line in await sync_commands(self.tree, self.settings.discord_guild_ids):
                log.info("%s", line)

    async def on_ready(self) -> None:
        """Log who the bot is and how many guilds it serves."""
        client: discord.Client = self  # type: ignore[assignment]
        log.info("discord: connected as %s, %d guild(s)", client.user, len(client.guilds))

    async def on_message(self, message: discord.Message) -> None:
        """Answer the prefix command, a mention, or a help-channel message; ignore everything else."""
        client: discord.Client = self  # type: ignore[assignment]
        if client.user is None:
            return
        trigger = find_trigger(message, client.user, self.settings)
        if trigger is None:
            return
        try:
            reply = await self._reply_to(message, trigger, client.user)
            if reply is not None:
                await send_to_message(message, reply)
        except Exception as error:
            silent = trigger.kind.only_when_sure
            await message_failed(message, error, trigger.kind, None if silent else detect_lang(trigger.text))

    async def _reply_to(self, message: discord.Message, trigger: Trigger, me: discord.ClientUser) -> Reply | None:
        """Build the reply to a triggering message, or None for silence."""
        word = trigger.text.casefold() if trigger.kind is TriggerKind.PREFIX else ""
        if word in (RELOAD_WORD, STATS_WORD):
            author = message.author
            permissions = author.guild_permissions if isinstance(author, discord.Member) else discord.Permissions()
            if word == RELOAD_WORD:
                return refused_reload(author, permissions, self.settings) or await reload_reply(self.core)
            return refused_stats(author, permissions, self.settings) or await stats_reply(self.core, STATS_DAYS)
        if not trigger.text:
            if trigger.kind.only_when_sure:
                return None
            example = self.settings.command_prefix if trigger.kind is TriggerKind.PREFIX else f"@{me.display_name}"
            return Reply(content=ASK_USAGE[detect_lang(message.content)].format(example=example))
        return await reply_to_question(
            self.core, message.author.id, trigger.text, self.view_timeout, confident_only=trigger.kind.only_when_sure
        )


class FaqClient(FaqBotMixin, discord.Client):
    """The FAQ bot on one gateway connection."""


class ShardedFaqClient(FaqBotMixin, discord.AutoShardedClient):
    """The FAQ bot running several shards in one process."""


def make_client(core: ChatCore, settings: Settings, **options: Any) -> FaqClient | ShardedFaqClient:
    """Return the client the settings ask for: auto-sharded when DISCORD_AUTOSHARD, SHARD_COUNT or SHARD_IDS is set."""
    if settings.discord_autoshard or settings.shard_count is not None or settings.shard_ids:
        return ShardedFaqClient(
            core, settings, shard_count=settings.shard_count, shard_ids=settings.shard_ids or None, **options
        )
    return FaqClient(core, settings, **options)
