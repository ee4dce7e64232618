"""Buttons under replies: pick one of the offered topics, or turn the pages of the question list."""

from __future__ import annotations

import contextlib
from typing import Any

import discord

from bot.chat import ChatCore
from bot.core.index import EntryScore
from bot.core.script import Lang, local_question
from bot.discord_bot.failures import apologise_for
from bot.discord_bot.feedback import voted_answer
from bot.discord_bot.limits import BUTTON_LABEL_LIMIT, cut
from bot.discord_bot.render import NO_MENTIONS, PLATFORM
from bot.discord_bot.texts import NOT_YOURS, lang_of_locale

VIEW_TIMEOUT = 600.0


class MemberView(discord.ui.View):
    """Buttons that only the member they were made for may use; they are disabled when they time out."""

    def __init__(self, owner_id: int, timeout: float) -> None:
        super().__init__(timeout=timeout)
        self.owner_id = owner_id
        self.message: discord.Message | discord.InteractionMessage | None = None

    async def interaction_check(self, interaction: discord.Interaction) -> bool:
        """Let the owner through; tell anyone else, privately, that these buttons are not theirs."""
        if interaction.user.id == self.owner_id:
            return True
        text = NOT_YOURS[lang_of_locale(interaction.locale)]
        await interaction.response.send_message(text, ephemeral=True, allowed_mentions=NO_MENTIONS)
        return False

    async def on_timeout(self) -> None:
        """Grey the buttons out so nobody clicks a dead control; a deleted message is no error."""
        for item in self.children:
            if isinstance(item, discord.ui.Button):
                item.disabled = True
        if self.message is not None:
            with contextlib.suppress(discord.HTTPException):
                await self.message.edit(view=self, allowed_mentions=NO_MENTIONS)

    async def on_error(self, interaction: discord.Interaction, error: Exception, item: discord.ui.Item[Any]) -> None:
        """Log the failure with context and apologise to the member."""
        await apologise_for(interaction, error)


class ChoiceView(MemberView):
    """One button per offered entry; the asker's pick turns the message into that answer."""

    def __init__(
        self, core: ChatCore, owner_id: int, question: str, options: tuple[EntryScore, ...], lang: Lang, timeout: float
    ) -> None:
        super().__init__(owner_id, timeout)
        self.core = core
        self.question = question
        self.lang = lang
        for number, match in enumerate(options, start=1):
            label = cut(f"{number}. {local_question(match.entry, lang)}", BUTTON_LABEL_LIMIT)
            button: discord.ui.Button[ChoiceView] = discord.ui.Button(label=label, style=discord.ButtonStyle.primary)
            button.callback = self._picker(match)
            self.add_item(button)

    def _picker(self, match: EntryScore) -> Any:
        """Return the callback of one option's button."""

        async def pick(interaction: discord.Interaction) -> None:
            self.stop()
            self.core.picked(PLATFORM, str(interaction.user.id), self.question, match.entry.id)
            reply = voted_answer(self.core, match, self.lang)
            await interaction.response.edit_message(
                content=None, embed=reply.embed, view=reply.view, allowed_mentions=NO_MENTIONS
            )

        return pick


class PagerView(MemberView):
    """Previous and next buttons over a list of embed pages."""

    def __init__(self, owner_id: int, pages: list[discord.Embed], timeout: float) -> None:
        super().__init__(owner_id, timeout)
        self.pages = pages
        self.page = 0
        self._enable()

    @discord.ui.button(label="◀", style=discord.ButtonStyle.secondary)
    async def previous(self, interaction: discord.Interaction, button: discord.ui.Button[PagerView]) -> None:
        """Show the page before."""
        await self._turn(interaction, -1)

    @discord.ui.button(label="▶", style=discord.ButtonStyle.secondary)
    async def next(self, interaction: discord.Interaction, button: discord.ui.Button[PagerView]) -> None:
        """Show the page after."""
        await self._turn(interaction, 1)

    def _enable(self) -> None:
        """Enable only the buttons that lead somewhere."""
        self.previous.disabled = self.page == 0
        self.next.disabled = self.page == len(self.pages) - 1

    async def _turn(self, interaction: discord.Interaction, step: int) -> None:
        """Move by step pages and show that page."""
        self.page = max(0, min(len(self.pages) - 1, self.page + step))
        self._enable()
        await interaction.response.edit_message(embed=self.pages[self.page], view=self, allowed_mentions=NO_MENTIONS)
