"""What happens when a handler fails: one log line with context, a short apology, and the bot carries on."""

from __future__ import annotations

import contextlib
import logging

import discord

from bot.chat import APOLOGY
from bot.core.script import Lang
from bot.discord_bot.render import NO_MENTIONS
from bot.discord_bot.texts import lang_of_locale

log = logging.getLogger("bot.discord")


def interaction_context(interaction: discord.Interaction) -> str:
    """Describe an interaction for a log line: kind, command or button, guild, channel, user (never text)."""
    if interaction.command is not None:
        name = interaction.command.qualified_name
    else:
        name = str((interaction.data or {}).get("custom_id", "-"))
    return (
        f"interaction={interaction.type.name} name={name} guild={interaction.guild_id} "
        f"channel={interaction.channel_id} user={interaction.user.id}"
    )


def message_context(message: discord.Message, trigger: str) -> str:
    """Describe a message for a log line: trigger, guild, channel, message and author ids (never its text)."""
    guild = message.guild.id if message.guild is not None else None
    return f"trigger={trigger} guild={guild} channel={message.channel.id} message={message.id} user={message.author.id}"


async def apologise_for(interaction: discord.Interaction, error: BaseException) -> None:
    """Log a failed interaction with its context and tell the member, privately, that it went wrong."""
    log.error("discord interaction failed: %s", interaction_context(interaction), exc_info=error)
    if interaction.type is discord.InteractionType.autocomplete:
        return
    text = APOLOGY[lang_of_locale(interaction.locale)]
    with contextlib.suppress(discord.HTTPException):
        if interaction.response.is_done():
            await interaction.followup.send(text, ephemeral=True, allowed_mentions=NO_MENTIONS)
        else:
            await interaction.response.send_message(text, ephemeral=True, allowed_mentions=NO_MENTIONS)


async def message_failed(message: discord.Message, error: BaseException, trigger: str, apology: Lang | None) -> None:
    """Log a failed message handler with its context; reply with a short apology in the given language, if any."""
    log.error("discord message handler failed: %s", message_context(message, trigger), exc_info=error)
    if apology is None:
        return
    with contextlib.suppress(discord.HTTPException):
        await message.reply(APOLOGY[apology], allowed_mentions=NO_MENTIONS)
