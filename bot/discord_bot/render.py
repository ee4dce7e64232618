"""Replies as Discord sees them: answer embeds, entry list pages, and what one reply carries."""

from __future__ import annotations

from dataclasses import dataclass

import discord

from bot.core.index import EntryScore
from bot.core.model import Entry
from bot.core.render import LABELS, source_line, source_text
from bot.core.script import Lang, local_question, local_text
from bot.discord_bot.limits import CONTENT_LIMIT, FIELD_VALUE_LIMIT, EmbedText, chunk_lines, cut, fit_embed
from bot.discord_bot.texts import LIST_TITLE, PAGE

PLATFORM = "discord"
NO_MENTIONS = discord.AllowedMentions.none()
ANSWER_COLOUR = discord.Colour.blurple()
LIST_PAGE_SIZE = 10


@dataclass(slots=True)
class Reply:
    """One message to send: text, an embed and buttons, each optional; ephemeral where Discord allows it."""

    content: str | None = None
    embed: discord.Embed | None = None
    view: discord.ui.View | None = None
    ephemeral: bool = False

    def send_kwargs(self) -> dict[str, object]:
        """Return the keyword arguments of a send call for the parts this reply has."""
        kwargs: dict[str, object] = {"allowed_mentions": NO_MENTIONS}
        if self.content is not None:
            kwargs["content"] = cut(self.content, CONTENT_LIMIT)
        if self.embed is not None:
            kwargs["embed"] = self.embed
        if self.view is not None:
            kwargs["view"] = self.view
        return kwargs


def answer_reply(match: EntryScore, lang: Lang) -> Reply:
    """Return the reply of a confident (or picked) answer (feedback.voted_answer adds its vote buttons)."""
    return Reply(embed=_entry_embed(match.entry, lang, source_line(match, lang)))


def entry_reply(entry: Entry, lang: Lang) -> Reply:
    """Return the reply showing one entry asked for by id (its source, without a match score)."""
    return Reply(embed=_entry_embed(entry, lang, source_text(entry, lang)))


def caveat_fields(caveats: tuple[str, ...], lang: Lang) -> tuple[tuple[str, str], ...]:
    """Return the caveats as embed fields under the caveats heading, split where one field would overflow."""
    heading = LABELS[lang].caveats
    chunks = chunk_lines([f"- {caveat}" for caveat in caveats], FIELD_VALUE_LIMIT)
    return tuple((heading if number == 1 else f"{heading} ({number})", chunk) for number, chunk in enumerate(chunks, 1))


def _entry_embed(entry: Entry, lang: Lang, footer: str) -> discord.Embed:
    """Build an entry's embed: question, answer, caveats and a footer, inside Discord's limits."""
    text = local_text(entry, lang)
    return fit_embed(EmbedText(text.question, text.answer, caveat_fields(text.caveats, lang), footer), ANSWER_COLOUR)


def list_pages(entries: tuple[Entry, ...], lang: Lang, per_page: int = LIST_PAGE_SIZE) -> list[discord.Embed]:
    """Return every entry's id and question as embed pages of per_page lines."""
    lines = [f"`{entry.id}` {local_question(entry, lang)}" for entry in entries]
    groups = [lines[start : start + per_page] for start in range(0, len(lines), per_page)] or [[]]
    return [
        fit_embed(
            EmbedText(
                LIST_TITLE[lang],
                "\n".join(group),
                footer=PAGE[lang].format(page=number, pages=len(groups), count=len(lines)),
            ),
            ANSWER_COLOUR,
        )
        for number, group in enumerate(groups, 1)
    ]
