"""The console chat: the same service the chat platforms use, in a terminal or a pipe."""

from __future__ import annotations

import asyncio
import sys
from typing import TextIO

from bot.chat import ChatCore
from bot.cooldown import Cooldown
from bot.core.index import EntryScore
from bot.core.render import choices, render_answer, render_text
from bot.core.script import Lang, detect_lang
from bot.core.service import FaqService

HELP = """Type a question in Chinese or English and press Enter.
  1, 2, 3   pick one of the topics the last reply offered
  /reload   re-read the corpus folder (the old corpus keeps serving on errors)
  /help     this text
  /quit     leave (Ctrl-D works too)"""


class ConsoleChat:
    """One console conversation: questions in, replies out, numbers pick offered topics."""

    def __init__(self, service: FaqService, out: TextIO) -> None:
        self.service = service
        self.out = out
        self._offered: tuple[EntryScore, ...] = ()
        self._lang = Lang.SIMPLIFIED

    async def handle(self, line: str) -> bool:
        """Reply to one line; return False when the user wants to leave."""
        text = line.strip()
        if not text:
            return True
        if text in ("/quit", "/exit"):
            return False
        if text == "/help":
            self._say(HELP)
        elif text == "/reload":
            await self._reload()
        elif text.isdigit() and 1 <= int(text) <= len(self._offered):
            self._say(render_answer(self._offered[int(text) - 1], self._lang))
            self._offered = ()
        else:
            await self._ask(text)
        return True

    async def _ask(self, text: str) -> None:
        """Ask the service and print its reply."""
        result = await self.service.ask(text)
        self._offered, self._lang = choices(result), detect_lang(text)
        self._say(render_text(result))

    async def _reload(self) -> None:
        """Reload the corpus and say how it went."""
        self._say((await ChatCore(self.service, Cooldown(0, 1)).reload()).text())

    def _say(self, text: str) -> None:
        """Print a reply followed by a blank line."""
        print(text + "\n", file=self.out, flush=True)


async def run_console(service: FaqService, stdin: TextIO = sys.stdin, out: TextIO = sys.stdout) -> None:
    """Chat until end of input; prompts only when a person is typing."""
    chat = ConsoleChat(service, out)
    interactive = stdin.isatty()
    if interactive:
        print("faqbot console chat. /help for commands, /quit to leave.\n", file=out, flush=True)
    while True:
        if interactive:
            print("> ", end="", file=out, flush=True)
        line = await asyncio.to_thread(stdin.readline)
        if not line or not await chat.handle(line):
            break
