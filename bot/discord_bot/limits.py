"""Discord's size limits, and one function that fits a reply into an embed within them."""

from __future__ import annotations

from dataclasses import dataclass

import discord

from bot.core.render import CUT_MARKER, cut

TITLE_LIMIT = 256
DESCRIPTION_LIMIT = 4096
FIELD_NAME_LIMIT = 256
FIELD_VALUE_LIMIT = 1024
FIELD_COUNT_LIMIT = 25
FOOTER_LIMIT = 2048
EMBED_TOTAL_LIMIT = 6000
CONTENT_LIMIT = 2000
BUTTON_LABEL_LIMIT = 80
CHOICE_COUNT_LIMIT = 25
CHOICE_TEXT_LIMIT = 100

SMALLEST_USEFUL_FIELD = 40
__all__ = ["CUT_MARKER", "EmbedText", "chunk_lines", "cut", "fit_embed"]


def chunk_lines(lines: list[str], limit: int) -> list[str]:
    """Join lines into as few chunks of at most limit characters as possible; a longer line is cut."""
    chunks: list[str] = []
    for line in (cut(line, limit) for line in lines):
        if chunks and len(chunks[-1]) + 1 + len(line) <= limit:
            chunks[-1] += "\n" + line
        else:
            chunks.append(line)
    return chunks


@dataclass(frozen=True, slots=True)
class EmbedText:
    """The text of an embed before it is fitted: title, description, (name, value) fields and footer."""

    title: str
    description: str
    fields: tuple[tuple[str, str], ...] = ()
    footer: str = ""


def fit_embed(text: EmbedText, colour: discord.Colour | None = None) -> discord.Embed:
    """Build an embed inside every Discord limit; what does not fit is cut with a marker or left out."""
    title = cut(text.title, TITLE_LIMIT)
    footer = cut(text.footer, FOOTER_LIMIT)
    fields = [(cut(name, FIELD_NAME_LIMIT), cut(value, FIELD_VALUE_LIMIT)) for name, value in text.fields]
    fields = fields[:FIELD_COUNT_LIMIT]
    budget = EMBED_TOTAL_LIMIT - len(title) - len(footer)
    reserved = min(sum(len(name) + len(value) for name, value in fields), FIELD_VALUE_LIMIT)
    description = cut(text.description, max(0, min(DESCRIPTION_LIMIT, budget - reserved)))
    budget -= len(description)
    embed = discord.Embed(title=title or None, description=description or None, colour=colour)
    for name, value in fields:
        room = budget - len(name)
        if room < min(len(value), SMALLEST_USEFUL_FIELD):
            break
        value = cut(value, room)
        embed.add_field(name=name, value=value, inline=False)
        budget -= len(name) + len(value)
    if footer:
        embed.set_footer(text=footer)
    return embed
