"""What the bot says to a question or a pick, and what it remembers for the picks that follow."""

from __future__ import annotations

from dataclasses import dataclass

from bot.chat import SLOW_DOWN, ChatCore
from bot.core.decision import Answer, Clarify, Result
from bot.core.index import EntryScore
from bot.core.render import LABELS, choices
from bot.core.script import Lang, detect_lang
from bot.matrix_bot.memory import Expiring
from bot.matrix_bot.render import Notice, answer_notice, choice_notice, plain_notice
from bot.matrix_bot.texts import LIST_HINT, NO_PENDING

PLATFORM = "matrix"
PICK_SECONDS = 600.0
PENDING_SIZE = 10_000


@dataclass(frozen=True, slots=True)
class Reply:
    """A notice to send, and the entry it answers with (for reaction feedback), if any."""

    notice: Notice
    entry_id: str | None = None


@dataclass(frozen=True, slots=True)
class Pending:
    """Topics offered to one member in one room, waiting for a number."""

    options: tuple[EntryScore, ...]
    question: str
    lang: Lang


class Replies:
    """Turns questions and picks into replies through the chat core; remembers offered topics per (room, member)."""

    def __init__(self, core: ChatCore, prefix: str, pick_seconds: float = PICK_SECONDS) -> None:
        self.core = core
        self.prefix = prefix
        self.pending: Expiring[tuple[str, str], Pending] = Expiring(PENDING_SIZE, pick_seconds)

    def choosing(self, room_id: str, user_id: str) -> bool:
        """Return whether this member has topics to pick from in this room."""
        return self.pending.get((room_id, user_id)) is not None

    async def question(self, room_id: str, user_id: str, text: str, confident_only: bool = False) -> Reply | None:
        """Ask the core; None for silence (confident_only and unsure, or over the cooldown once told so)."""
        result = await self.core.ask(PLATFORM, user_id, text)
        if result is None:
            told = confident_only or not self.core.slow_down_due(PLATFORM, user_id)
            return None if told else Reply(plain_notice(SLOW_DOWN[detect_lang(text)]))
        if isinstance(result, Answer):
            return Reply(answer_notice(result.match, result.lang), result.match.entry.id)
        if confident_only:
            return None
        options = choices(result)
        if options:
            self.pending.put((room_id, user_id), Pending(options, text, result.lang))
        return Reply(self._unsure_notice(result, options))

    def _unsure_notice(self, result: Result, options: tuple[EntryScore, ...]) -> Notice:
        """Return the topics to choose from, or the no-match text with the hint to list every question."""
        labels = LABELS[result.lang]
        hint = LIST_HINT[result.lang].format(prefix=self.prefix)
        if isinstance(result, Clarify):
            return choice_notice(labels.clarify, options, result.lang, labels.pick)
        if options:
            return choice_notice(f"{labels.no_match} {labels.nearest}", options, result.lang, f"{labels.pick} {hint}")
        return plain_notice(f"{labels.no_match} {hint}")

    def pick(self, room_id: str, user_id: str, number: str, lang: Lang) -> Reply:
        """Answer with the numbered topic offered to this member in this room, or say there is none."""
        pending = self.pending.get((room_id, user_id))
        index = int(number) - 1 if number.isdecimal() and len(number) < 4 else -1
        if pending is None or not 0 <= index < len(pending.options):
            return Reply(plain_notice(NO_PENDING[lang]))
        self.pending.pop((room_id, user_id))
        match = pending.options[index]
        self.core.picked(PLATFORM, user_id, pending.question, match.entry.id)
        return Reply(answer_notice(match, pending.lang), match.entry.id)
