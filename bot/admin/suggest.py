"""`faqbot suggest`: aliases learned from unsure replies that members resolved by picking an entry."""

from __future__ import annotations

import json
import sqlite3
from collections import Counter, defaultdict
from dataclasses import dataclass

from bot.admin.stats import quote
from bot.core.content import forbidden_reason
from bot.core.decision import Answer, Thresholds, decide, outcome_name, top_matches
from bot.core.index import FaqIndex

MAX_ALIAS_CHARS = 80


@dataclass(frozen=True, slots=True)
class Proposal:
    """An alias to consider: the wording members used, the entry they picked, how often, and today's reply."""

    entry_id: str
    file: str
    text: str
    picks: int
    today: str


@dataclass(frozen=True, slots=True)
class Skipped:
    """A picked wording that is not proposed, and why."""

    entry_id: str
    text: str
    picks: int
    reason: str


def picked_wordings(connection: sqlite3.Connection) -> tuple[Counter[tuple[str, str]], int]:
    """Return how often each (question, picked entry) pair was recorded, and how many picks kept no text."""
    rows = connection.execute(
        "SELECT question, entry_id, COUNT(*) FROM picks WHERE question IS NOT NULL GROUP BY 1, 2"
    ).fetchall()
    without_text = connection.execute("SELECT COUNT(*) FROM picks WHERE question IS NULL").fetchone()[0]
    return Counter({(question, entry_id): count for question, entry_id, count in rows}), without_text


def _merge(picks: Counter[tuple[str, str]], index: FaqIndex) -> list[tuple[str, str, int]]:
    """Merge wordings that normalise alike into (entry id, most used wording, picks), most picked first."""
    groups: dict[tuple[str, str], Counter[str]] = defaultdict(Counter)
    for (text, entry_id), count in picks.items():
        groups[entry_id, index.normalizer.normalize(text)][text] += count
    merged = [(entry_id, wordings.most_common(1)[0][0], wordings.total()) for (entry_id, _), wordings in groups.items()]
    return sorted(merged, key=lambda item: (-item[2], item[0], item[1]))


def _today(index: FaqIndex, text: str, thresholds: Thresholds) -> tuple[str, str | None]:
    """Describe what the bot replies to a wording today, and the entry it answers with, if any."""
    result = decide(index, text, thresholds)
    best = top_matches(result)
    if isinstance(result, Answer):
        return f"answers {result.match.entry.id} ({result.match.score:.0f})", result.match.entry.id
    score = f" ({best[0].score:.0f})" if best else ""
    return f"{outcome_name(result).replace('_', ' ')}{score}", None


def propose(
    picks: Counter[tuple[str, str]], index: FaqIndex, thresholds: Thresholds, min_picks: int = 1
) -> tuple[list[Proposal], list[Skipped]]:
    """Propose picked wordings as aliases, skipping those the entry already answers or that could not be one."""
    owners = {
        index.normalizer.normalize(text): entry.id for entry in index.corpus.entries for text in entry.phrasings()
    }
    proposals: list[Proposal] = []
    skipped: list[Skipped] = []
    for entry_id, text, count in _merge(picks, index):
        entry = index.corpus.by_id(entry_id)
        key = index.normalizer.normalize(text)
        today, answered_with = _today(index, text, thresholds)
        reason = None
        if count < min_picks:
            reason = f"picked fewer than {min_picks} times"
        elif entry is None:
            reason = "the entry is no longer in the corpus"
        elif not key or len(text) > MAX_ALIAS_CHARS:
            reason = "too short or too long to be an alias"
        elif forbidden_reason(text) or "@" in text:
            reason = "contains a link, address or mention"
        elif answered_with == entry_id:
            reason = "already answered confidently with this entry"
        elif key in owners:
            reason = f"already a phrasing of {owners[key]}"
        if reason is not None or entry is None:
            skipped.append(Skipped(entry_id, text, count, reason or ""))
        else:
            proposals.append(Proposal(entry_id, entry.file, text, count, today))
    return proposals, skipped


def _quoted(text: str) -> str:
    """Quote text as a YAML double-quoted scalar (JSON strings are valid YAML)."""
    return json.dumps(text, ensure_ascii=False)


def patch_yaml(proposals: list[Proposal], skipped: list[Skipped]) -> str:
    """Render proposals as a YAML patch for review: per entry, its file and the aliases to add."""
    lines = [
        "# faqbot suggest: aliases learned from questions members resolved by picking an offered topic.",
        "# Review each one and add those you agree with to the entry's aliases by hand; nothing was changed.",
    ]
    by_entry: dict[str, list[Proposal]] = defaultdict(list)
    for proposal in proposals:
        by_entry[proposal.entry_id].append(proposal)
    for entry_id, items in by_entry.items():
        lines += [f"- id: {entry_id}", f"  file: {_quoted(items[0].file)}", "  add_aliases:"]
        lines += [f"    - {_quoted(item.text)}  # picked {item.picks}×; today: {item.today}" for item in items]
    if not by_entry:
        lines.append("[]")
    if skipped:
        lines.append(f"# skipped {len(skipped)}:")
        lines += [f"#   {quote(item.text)} -> {item.entry_id}: {item.reason}" for item in skipped]
    return "\n".join(lines) + "\n"
