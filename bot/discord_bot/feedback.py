"""Helpful / not helpful buttons under answers: one changeable vote per member and entry, kept by the stats store.

The buttons are dynamic items: their custom id carries the vote and the entry id, so they keep working after the
bot restarts and need no state in memory.
"""

from __future__ import annotations

import logging
import re
from typing import Any

import discord

from bot.chat import ChatCore
from bot.core.index import EntryScore
from bot.core.script import Lang
from bot.discord_bot.render import NO_MENTIONS, PLATFORM, Reply, answer_reply
from bot.discord_bot.texts import ENTRY_GONE, VOTE_THANKS, lang_of_locale

log = logging.getLogger("bot.discord")

CUSTOM_ID_LIMIT = 100
_PREFIX = "faqbot:vote:"
VOTES = {"up": 1, "down": -1}
_EMOJI = {1: "👍", -1: "👎"}


def vote_custom_id(vote: int, entry_id: str) -> str:
    """Return the custom id of a vote button on an entry."""
    word = "up" if vote > 0 else "down"
    return f"{_PREFIX}{word}:{entry_id}"


_TEMPLATE = re.escape(_PREFIX) + r"(?P<vote>up|down):(?P<entry>.+)"


class VoteButton(discord.ui.DynamicItem[discord.ui.Button[Any]], template=_TEMPLATE):
    """A 👍 or 👎 button under an answer; a member's later click on the same entry replaces their vote."""

    def __init__(self, vote: int, entry_id: str) -> None:
        button: discord.ui.Button[Any] = discord.ui.Button(
            emoji=_EMOJI[vote], style=discord.ButtonStyle.secondary, custom_id=vote_custom_id(vote, entry_id)
        )
        super().__init__(button)
        self.vote = vote
        self.entry_id = entry_id

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction, item: discord.ui.Item[Any], match: re.Match[str]
    ) -> VoteButton:
        """Rebuild the button from a clicked custom id."""
        return cls(VOTES[match["vote"]], match["entry"])

    async def callback(self, interaction: discord.Interaction) -> None:
        """Record the member's vote and thank them privately; an entry removed since is said to be gone."""
        core: ChatCore = interaction.client.core  # type: ignore[attr-defined]
        lang = lang_of_locale(interaction.locale)
        if core.service.index.corpus.by_id(self.entry_id) is None:
            text = ENTRY_GONE[lang]
        else:
            core.feedback(PLATFORM, str(interaction.user.id), self.entry_id, self.vote)
            text = VOTE_THANKS[lang][self.vote]
        await interaction.response.send_message(text, ephemeral=True, allowed_mentions=NO_MENTIONS)


def feedback_view(entry_id: str) -> discord.ui.View | None:
    """Return the vote buttons for an answer, or None when the entry id is too long for a custom id."""
    if len(vote_custom_id(-1, entry_id)) > CUSTOM_ID_LIMIT:
        return None
    view = discord.ui.View(timeout=None)
    for vote in (1, -1):
        view.add_item(VoteButton(vote, entry_id))
    return view


def voted_answer(core: ChatCore, match: EntryScore, lang: Lang) -> Reply:
    """Return an answer's reply, with vote buttons under it when statistics are kept (there is somewhere to vote)."""
    reply = answer_reply(match, lang)
    if core.recorder is not None:
        reply.view = feedback_view(match.entry.id)
    return reply
