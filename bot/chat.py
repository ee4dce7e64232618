"""What every chat adapter shares: asking with a cooldown, one log line per question, admin reloads."""

from __future__ import annotations

import asyncio
import logging
import time
from dataclasses import dataclass
from typing import Protocol, runtime_checkable

from bot.cooldown import Cooldown
from bot.core.decision import Result, outcome_name, top_matches
from bot.core.errors import CorpusError
from bot.core.model import Corpus
from bot.core.render import MAX_MESSAGE_CHARS
from bot.core.script import Lang
from bot.core.service import FaqService, ReloadReport

log = logging.getLogger("bot.questions")


@dataclass(frozen=True, slots=True)
class Asked:
    """One question as a platform delivered it."""

    platform: str
    user_id: str
    text: str


class OutcomeRecorder(Protocol):
    """Somewhere to keep question outcomes (statistics); it must never raise into answering."""

    def record(self, asked: Asked, result: Result, latency_ms: float) -> None:
        """Keep one outcome."""

    def record_pick(self, asked: Asked, entry_id: str) -> None:
        """Keep that a member resolved an unsure reply to this question by picking an entry."""

    def record_feedback(self, platform: str, user_id: str, entry_id: str, vote: int) -> None:
        """Keep a member's vote (+1 or -1) on an answer; a later vote by the same member replaces it."""


@runtime_checkable
class StatsSource(Protocol):
    """A recorder that can also summarise what it kept (the admin statistics)."""

    def summary(self, corpus: Corpus, days: int, limit: int = 10) -> str:
        """Return the summary of the last `days` days; blocking, so called off the event loop."""


@dataclass(frozen=True, slots=True)
class ReloadOutcome:
    """How an admin's reload went: a report on success, the corpus error otherwise."""

    report: ReloadReport | None
    error: CorpusError | None

    def text(self) -> str:
        """Describe the outcome for the admin who asked, in plain text."""
        if self.report is not None:
            report = self.report
            return f"Reloaded {report.entries} entries, {report.phrasings} phrasings in {report.seconds:.2f}s."
        lines = ["Reload failed; the previous corpus is still serving.", *str(self.error).splitlines()]
        return fit_lines(lines, MAX_MESSAGE_CHARS)


PROBLEM_LINE_CHARS = 300
_LEFT_OUT_ROOM = 80


def fit_lines(lines: list[str], limit: int) -> str:
    """Join lines into at most `limit` characters: long lines are shortened, and the lines left out are counted."""
    kept: list[str] = []
    size = 0
    for number, line in enumerate(lines):
        line = line if len(line) <= PROBLEM_LINE_CHARS else line[: PROBLEM_LINE_CHARS - 1] + "…"
        if size + len(line) + 1 > limit - _LEFT_OUT_ROOM:
            kept.append(f"… and {len(lines) - number} more lines; `faqbot check` lists every problem.")
            break
        kept.append(line)
        size += len(line) + 1
    return "\n".join(kept)


def after_prefix(content: str, prefix: str) -> str | None:
    """Return what follows the prefix command (case-insensitive, then a space or nothing), or None."""
    head, rest = content[: len(prefix)], content[len(prefix) :]
    if head.casefold() != prefix.casefold() or (rest and not rest[0].isspace()):
        return None
    return rest


class ChatCore:
    """The one path from a chat message to a decision, shared by every adapter."""

    def __init__(
        self,
        service: FaqService,
        cooldown: Cooldown,
        recorder: OutcomeRecorder | None = None,
        log_questions: bool = False,
    ) -> None:
        self.service = service
        self.cooldown = cooldown
        self.recorder = recorder
        self.log_questions = log_questions

    async def ask(self, platform: str, user_id: str, text: str) -> Result | None:
        """Decide on a question; None when the user is over the cooldown limit."""
        if not self.cooldown.allow(f"{platform}:{user_id}"):
            log.info("platform=%s outcome=cooldown", platform)
            return None
        started = time.perf_counter()
        result = await self.service.ask(text)
        latency_ms = (time.perf_counter() - started) * 1000
        asked = Asked(platform, user_id, text)
        self._log(asked, result, latency_ms)
        if self.recorder is not None:
            self.recorder.record(asked, result, latency_ms)
        return result

    def slow_down_due(self, platform: str, user_id: str) -> bool:
        """Return whether a member held back by the cooldown should be told so: once, until they may ask again."""
        return self.cooldown.warn_once(f"{platform}:{user_id}")

    def picked(self, platform: str, user_id: str, question: str, entry_id: str) -> None:
        """Note that the member picked an offered entry after a clarify or no-match reply to question."""
        log.info("platform=%s outcome=pick entry=%s", platform, entry_id)
        if self.recorder is not None:
            self.recorder.record_pick(Asked(platform, user_id, question), entry_id)

    def feedback(self, platform: str, user_id: str, entry_id: str, vote: int) -> None:
        """Note a member's vote on an answer (+1 helpful, -1 not helpful)."""
        log.info("platform=%s outcome=feedback entry=%s vote=%+d", platform, entry_id, vote)
        if self.recorder is not None:
            self.recorder.record_feedback(platform, user_id, entry_id, vote)

    async def stats(self, days: int = 30, limit: int = 5) -> str:
        """Return the statistics summary for an admin: the text of `/faq stats` and `!faq stats`."""
        if not isinstance(self.recorder, StatsSource):
            return STATS_OFF
        return await asyncio.to_thread(self.recorder.summary, self.service.index.corpus, days, limit)

    async def reload(self) -> ReloadOutcome:
        """Reload the corpus; errors are returned, and the old corpus keeps serving."""
        try:
            return ReloadOutcome(await self.service.reload(), None)
        except CorpusError as error:
            log.warning("reload refused: %d problem(s) in the corpus", len(error.problems))
            return ReloadOutcome(None, error)

    def _log(self, asked: Asked, result: Result, latency_ms: float) -> None:
        """Write the one log line of a question; its text only when LOG_QUESTIONS is on."""
        matches = top_matches(result)
        entry_id, score = (matches[0].entry.id, matches[0].score) if matches else ("-", 0.0)
        extra = f" text={asked.text[:200]!r}" if self.log_questions else ""
        log.info(
            "platform=%s outcome=%s entry=%s score=%.1f latency_ms=%.2f%s",
            asked.platform,
            outcome_name(result),
            entry_id,
            score,
            latency_ms,
            extra,
        )


SLOW_DOWN = {
    Lang.SIMPLIFIED: "问得有点快了，请过几秒再问。",
    Lang.TRADITIONAL: "問得有點快了，請過幾秒再問。",
    Lang.ENGLISH: "You're asking a bit fast; please wait a few seconds and ask again.",
}
APOLOGY = {
    Lang.SIMPLIFIED: "抱歉，处理这条消息时出了问题，请稍后再试。",
    Lang.TRADITIONAL: "抱歉，處理這則訊息時出了問題，請稍後再試。",
    Lang.ENGLISH: "Sorry, something went wrong while handling that message. Please try again later.",
}
UNKNOWN_ID = {
    Lang.SIMPLIFIED: "没有 id 为 {id} 的条目。",
    Lang.TRADITIONAL: "沒有 id 為 {id} 的條目。",
    Lang.ENGLISH: "There is no entry with id {id}.",
}
NOT_ADMIN = "Only admins can reload the FAQ; nothing was changed."
NOT_ADMIN_STATS = "Only admins can see the FAQ statistics."
STATS_OFF = "Statistics are off (STATS_DB is empty), so there is nothing to show."
