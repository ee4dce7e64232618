"""Decide deterministically between answering, asking to clarify, and declining."""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.core.index import EntryScore, FaqIndex
from bot.core.script import Lang, detect_lang

CLARIFY_OPTIONS = 3
CODE_SYMBOLS = re.compile(r"[(){}\[\]=<>;:/\"'_\\#$%&*+|`~^]")
CODE_SYMBOL_SHARE = 0.06
WHITESPACE = re.compile(r"\s")


@dataclass(frozen=True, slots=True)
class Thresholds:
    """Score limits (0-100) of the decision; defaults documented in .env.example."""

    answer: float = 42.0
    clarify: float = 30.0
    margin: float = 4.0
    sure: float = 60.0
    long_chars: int = 40
    long_lead: float = 1.35


@dataclass(frozen=True, slots=True)
class Answer:
    """A confident answer: the matched entry and the language to reply in."""

    match: EntryScore
    lang: Lang
    question: str


@dataclass(frozen=True, slots=True)
class Clarify:
    """Several entries fit about as well; the asker should pick one."""

    options: tuple[EntryScore, ...]
    lang: Lang
    question: str


@dataclass(frozen=True, slots=True)
class NoMatch:
    """Nothing fits well enough; the nearest topics are offered instead."""

    nearest: tuple[EntryScore, ...]
    lang: Lang
    question: str


Result = Answer | Clarify | NoMatch


def decide(index: FaqIndex, question: str, thresholds: Thresholds) -> Result:
    """Search the index and turn the ranking into an Answer, a Clarify or a NoMatch."""
    lang = detect_lang(question[: index.normalizer.max_chars])
    if looks_like_code(question[: index.normalizer.max_chars]):
        return NoMatch((), lang, question)
    ranking = index.rank(question, limit=CLARIFY_OPTIONS)
    ranked = ranking.matches
    if not ranked or ranked[0].score < thresholds.clarify or ranking.decline >= ranked[0].score:
        return NoMatch(ranked, lang, question)
    best = ranked[0]
    runner_up = max(ranked[1].score if len(ranked) > 1 else 0.0, ranking.decline)
    clear = best.score - runner_up >= thresholds.margin or best.score >= thresholds.sure
    if (best.score >= thresholds.answer and clear) or _leads_long_message(question, best.score, runner_up, thresholds):
        return Answer(best, lang, question)
    options = tuple(item for item in ranked if item.score >= thresholds.clarify)
    return Clarify(options, lang, question)


def looks_like_code(text: str) -> bool:
    """Tell whether a message is pasted code or a log (several lines, dense in code symbols), not a question."""
    if sum(1 for line in text.splitlines() if line.strip()) < 2:
        return False
    visible = len(text) - len(WHITESPACE.findall(text))
    return len(CODE_SYMBOLS.findall(text)) >= CODE_SYMBOL_SHARE * visible


def _leads_long_message(question: str, best: float, runner_up: float, thresholds: Thresholds) -> bool:
    """Return whether a long message's best entry leads the rest clearly enough to answer despite a low score.

    In a long message the question is diluted by its story, so scores stay low even when one entry
    is plainly what it asks about; a lead of `long_lead` times the runner-up is the confidence signal then.
    """
    return len(question) > thresholds.long_chars and best >= thresholds.long_lead * runner_up


def outcome_name(result: Result) -> str:
    """Return the outcome as a word for logs and JSON: answer, clarify or no_match."""
    return {Answer: "answer", Clarify: "clarify", NoMatch: "no_match"}[type(result)]


def top_matches(result: Result) -> tuple[EntryScore, ...]:
    """Return the matches a decision carries, best first."""
    if isinstance(result, Answer):
        return (result.match,)
    return result.options if isinstance(result, Clarify) else result.nearest
