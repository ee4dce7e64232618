"""Slash commands: /faq ask, /faq list, /faq show, and the admins' /faq-reload and /faq-stats; with autocomplete."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, cast

import discord
from discord import app_commands

from bot.chat import UNKNOWN_ID, ChatCore
from bot.config import Settings
from bot.core.index import FaqIndex
from bot.core.model import Entry
from bot.core.script import Lang, detect_lang, local_question
from bot.discord_bot.actions import (
    echo,
    refused_reload,
    refused_stats,
    reload_reply,
    reply_to_question,
    send_to_interaction,
    stats_reply,
)
from bot.discord_bot.failures import apologise_for
from bot.discord_bot.limits import CHOICE_COUNT_LIMIT, CHOICE_TEXT_LIMIT, cut
from bot.discord_bot.render import Reply, entry_reply, list_pages
from bot.discord_bot.texts import LIST_HINT, lang_of_locale
from bot.discord_bot.views import PagerView

if TYPE_CHECKING:
    from bot.discord_bot.client import FaqClient

RELOAD_COMMAND = "faq-reload"
STATS_COMMAND = "faq-stats"
STATS_DAYS = 30


def faq_client(interaction: discord.Interaction) -> FaqClient:
    """Return the bot an interaction arrived at."""
    return cast("FaqClient", interaction.client)


def question_choices(index: FaqIndex, current: str, fallback: Lang) -> list[app_commands.Choice[str]]:
    """Return up to 25 FAQ questions matching what the member has typed, in the language they type in."""
    typed = current.strip()
    if typed:
        lang, entries = detect_lang(typed), [match.entry for match in index.search(typed, limit=CHOICE_COUNT_LIMIT)]
    else:
        lang, entries = fallback, list(index.corpus.entries[:CHOICE_COUNT_LIMIT])
    questions = dict.fromkeys(cut(local_question(entry, lang), CHOICE_TEXT_LIMIT) for entry in entries)
    return [app_commands.Choice(name=question, value=question) for question in questions]


def id_choices(index: FaqIndex, current: str, lang: Lang) -> list[app_commands.Choice[str]]:
    """Return up to 25 entries whose id contains, or whose question matches, what the member has typed."""
    typed = current.strip()
    by_id = [entry for entry in index.corpus.entries if typed.casefold() in entry.id]
    by_question = [match.entry for match in index.search(typed, limit=CHOICE_COUNT_LIMIT)] if typed else []
    entries: dict[str, Entry] = {entry.id: entry for entry in [*by_id, *by_question]}
    return [
        app_commands.Choice(name=cut(f"{entry.id} · {local_question(entry, lang)}", CHOICE_TEXT_LIMIT), value=entry.id)
        for entry in list(entries.values())[:CHOICE_COUNT_LIMIT]
    ]


class FaqGroup(app_commands.Group, name="faq", description="Ask the FAQ about US numbers, SIMs, eSIMs and SMS"):
    """The members' commands."""

    @app_commands.command(name="ask", description="Ask a question; the best FAQ answer comes back")
    @app_commands.describe(question="Your question, in Chinese or English")
    async def ask(self, interaction: discord.Interaction, question: str) -> None:
        """Answer a question, offer topics when unsure, or say privately that nothing fits."""
        bot = faq_client(interaction)
        reply = await reply_to_question(bot.core, interaction.user.id, question, bot.view_timeout, interaction=True)
        if reply is not None:
            await send_to_interaction(interaction, reply)

    @ask.autocomplete("question")
    async def _complete_question(
        self, interaction: discord.Interaction, current: str
    ) -> list[app_commands.Choice[str]]:
        """Suggest FAQ questions as the member types."""
        return question_choices(faq_client(interaction).core.service.index, current, lang_of_locale(interaction.locale))

    @app_commands.command(name="list", description="List every FAQ question, a page at a time")
    async def list_questions(self, interaction: discord.Interaction) -> None:
        """Show the ids and questions of every entry, privately, with page buttons."""
        bot = faq_client(interaction)
        pages = list_pages(bot.core.service.index.corpus.entries, lang_of_locale(interaction.locale))
        view = PagerView(interaction.user.id, pages, bot.view_timeout) if len(pages) > 1 else None
        await send_to_interaction(interaction, Reply(embed=pages[0], view=view, ephemeral=True))

    @app_commands.command(name="show", description="Show one FAQ entry by its id")
    @app_commands.describe(entry_id="The entry's id (see /faq list)")
    @app_commands.rename(entry_id="id")
    async def show(self, interaction: discord.Interaction, entry_id: str) -> None:
        """Show an entry by id, or say privately that there is none."""
        lang = lang_of_locale(interaction.locale)
        entry = faq_client(interaction).core.service.index.corpus.by_id(entry_id.strip())
        if entry is None:
            text = UNKNOWN_ID[lang].format(id=echo(entry_id)) + " " + LIST_HINT[lang]
            await send_to_interaction(interaction, Reply(content=text, ephemeral=True))
            return
        await send_to_interaction(interaction, entry_reply(entry, lang))

    @show.autocomplete("entry_id")
    async def _complete_id(self, interaction: discord.Interaction, current: str) -> list[app_commands.Choice[str]]:
        """Suggest entry ids as the member types."""
        return id_choices(faq_client(interaction).core.service.index, current, lang_of_locale(interaction.locale))


Refusal = Callable[[discord.abc.User, discord.Permissions, Settings], Reply | None]


async def _admin_only(
    interaction: discord.Interaction, refused: Refusal, work: Callable[[ChatCore], Awaitable[Reply]]
) -> None:
    """Refuse a non-admin privately, or think privately while the work runs and then show its reply."""
    bot = faq_client(interaction)
    refusal = refused(interaction.user, interaction.permissions, bot.settings)
    if refusal is not None:
        await send_to_interaction(interaction, refusal)
        return
    await interaction.response.defer(ephemeral=True, thinking=True)
    await send_to_interaction(interaction, await work(bot.core))


@app_commands.command(name=RELOAD_COMMAND, description="Reload the FAQ corpus from its folder (admins only)")
@app_commands.default_permissions(manage_guild=True)
async def reload_command(interaction: discord.Interaction) -> None:
    """Reload the corpus for an admin (checked here; default_permissions only hides the command)."""
    await _admin_only(interaction, refused_reload, reload_reply)


@app_commands.command(name=STATS_COMMAND, description="FAQ statistics: most asked, unanswered, feedback (admins only)")
@app_commands.describe(days="How many days back to count (default 30)")
@app_commands.default_permissions(manage_guild=True)
async def stats_command(interaction: discord.Interaction, days: app_commands.Range[int, 1, 3650] = STATS_DAYS) -> None:
    """Show an admin the statistics summary, privately (checked here, like reload)."""
    await _admin_only(interaction, refused_stats, lambda core: stats_reply(core, days))


class FaqTree(app_commands.CommandTree):
    """The command tree; a failing command is logged and answered with an apology."""

    async def on_error(self, interaction: discord.Interaction, error: app_commands.AppCommandError) -> None:
        """Log the failure with context and apologise to the member."""
        await apologise_for(interaction, error)


def build_tree(client: discord.Client) -> FaqTree:
    """Return the command tree with every command of the bot."""
    tree = FaqTree(client)
    tree.add_command(FaqGroup())
    tree.add_command(reload_command)
    tree.add_command(stats_command)
    return tree


async def sync_commands(tree: app_commands.CommandTree, guild_ids: list[int]) -> list[str]:
    """Register the commands with Discord, in each listed guild (instant) or globally; return what was done."""
    if not guild_ids:
        synced = await tree.sync()
        return [f"synced {len(synced)} global commands (Discord may take up to an hour to show changes)"]
    lines = []
    for guild_id in guild_ids:
        guild = discord.Object(guild_id)
        tree.copy_global_to(guild=guild)
        synced = await tree.sync(guild=guild)
        lines.append(f"synced {len(synced)} commands to guild {guild_id}")
    return lines
