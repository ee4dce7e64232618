"""`faqbot stats`: most asked entries, unanswered and clarified questions grouped by similarity, feedback."""

from __future__ import annotations

import sqlite3
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from rapidfuzz import fuzz, process

from bot.admin.database import DAY_SECONDS, reading
from bot.core.content import forbidden_reason
from bot.core.model import Corpus
from bot.core.normalize import Normalizer

SIMILAR = 75.0
MOST_TEXTS = 5_000
QUOTE_CHARS = 60


@dataclass(slots=True)
class Group:
    """Questions that read alike: the most frequent wording, how often they came, and how many wordings."""

    example: str
    count: int
    wordings: int = 1


@dataclass(frozen=True, slots=True)
class Report:
    """What the statistics say about one period."""

    outcomes: Counter[str]
    entries: list[tuple[str, int]]
    unanswered: list[Group]
    unanswered_without_text: int
    clarified: list[Group]
    clarified_without_text: list[tuple[str, int]]
    feedback: list[tuple[str, int, int]]
    picks: int


def group_similar(texts: Counter[str], normalize: Callable[[str], str], cutoff: float = SIMILAR) -> list[Group]:
    """Group texts whose normalised forms are similar (rapidfuzz ratio), most frequent groups first."""
    keys: list[str] = []
    groups: list[Group] = []
    for text, count in texts.most_common(MOST_TEXTS):
        key = normalize(text) or text
        found = process.extractOne(key, keys, scorer=fuzz.ratio, score_cutoff=cutoff)
        if found is None:
            keys.append(key)
            groups.append(Group(text, count))
        else:
            groups[found[2]].count += count
            groups[found[2]].wordings += 1
    return sorted(groups, key=lambda group: (-group.count, group.example))


def _rows(connection: sqlite3.Connection, sql: str, since: float) -> list[tuple]:
    """Run a report query over the rows since a time (the parameter :since)."""
    return connection.execute(sql, {"since": since}).fetchall()


def collect(connection: sqlite3.Connection, since: float, normalize: Callable[[str], str]) -> Report:
    """Read the statistics recorded since a time."""
    outcomes = Counter(
        dict(_rows(connection, "SELECT outcome, COUNT(*) FROM outcomes WHERE at >= :since GROUP BY 1", since))
    )
    entries = _rows(
        connection,
        "SELECT entry_id, COUNT(*) FROM (SELECT entry_id FROM outcomes WHERE outcome = 'answer' AND at >= :since"
        " UNION ALL SELECT entry_id FROM picks WHERE at >= :since) GROUP BY 1 ORDER BY 2 DESC, 1",
        since,
    )
    questions = _rows(
        connection, "SELECT outcome, question, options FROM outcomes WHERE outcome != 'answer' AND at >= :since", since
    )
    unanswered = Counter(text for outcome, text, _ in questions if outcome == "no_match" and text is not None)
    clarified = Counter(text for outcome, text, _ in questions if outcome == "clarify" and text is not None)
    offered = Counter(options for outcome, text, options in questions if outcome == "clarify" and text is None)
    feedback = _rows(
        connection,
        "SELECT entry_id, SUM(vote = 1), SUM(vote = -1) FROM feedback WHERE at >= :since GROUP BY 1"
        " ORDER BY COUNT(*) DESC, 1",
        since,
    )
    picks = _rows(connection, "SELECT COUNT(*) FROM picks WHERE at >= :since", since)[0][0]
    return Report(
        outcomes=outcomes,
        entries=entries,
        unanswered=group_similar(unanswered, normalize),
        unanswered_without_text=outcomes["no_match"] - unanswered.total(),
        clarified=group_similar(clarified, normalize),
        clarified_without_text=offered.most_common(),
        feedback=feedback,
        picks=picks,
    )


def quote(text: str) -> str:
    """Show a member's question on one short line; withhold it if it holds a link, address or mention."""
    if forbidden_reason(text) or "@" in text:
        return "(withheld: contains a link, address or mention)"
    line = " ".join(text.split())
    return line if len(line) <= QUOTE_CHARS else line[: QUOTE_CHARS - 1] + "…"


def _title(corpus: Corpus, entry_id: str) -> str:
    """Name an entry by id and question."""
    entry = corpus.by_id(entry_id)
    return f"{entry_id} ({entry.question})" if entry else f"{entry_id} (no longer in the corpus)"


def _groups(title: str, groups: list[Group], limit: int) -> list[str]:
    """Format question groups under a title."""
    lines = [title] + ([] if groups else ["  none with text"])
    for group in groups[:limit]:
        more = f" (+{group.wordings - 1} similar wordings)" if group.wordings > 1 else ""
        lines.append(f"  {group.count:>4}× {quote(group.example)}{more}")
    return lines


def format_report(report: Report, corpus: Corpus, days: int, limit: int = 10) -> str:
    """Render a report of the last `days` days as plain text for the terminal or an admin's chat."""
    total = report.outcomes.total()
    lines = [f"Questions in the last {days} days: {total}"]
    if total:
        shares = ", ".join(
            f"{name.replace('_', ' ')} {report.outcomes[name]} ({report.outcomes[name] * 100 // total}%)"
            for name in ("answer", "clarify", "no_match")
        )
        lines.append(f"  {shares}; {report.picks} picks after unsure replies")
    lines += ["", "Most asked entries (answered or picked):"]
    lines += [f"  {count:>4}  {_title(corpus, entry_id)}" for entry_id, count in report.entries[:limit]] or ["  none"]
    lines += ["", *_groups("Most frequent unanswered questions:", report.unanswered, limit)]
    if report.unanswered_without_text:
        lines.append(f"  {report.unanswered_without_text:>4} without text (STORE_QUESTIONS was off)")
    lines += ["", *_groups("Most frequent clarified questions:", report.clarified, limit)]
    for options, count in report.clarified_without_text[:limit]:
        lines.append(f"  {count:>4}× no text kept; offered: {options.replace(' ', ', ')}")
    lines += ["", "Feedback per entry (helpful / not helpful):"]
    lines += [f"  +{up} / -{down}  {_title(corpus, entry_id)}" for entry_id, up, down in report.feedback[:limit]]
    if not report.feedback:
        lines.append("  none")
    return "\n".join(lines)


def summary_text(path: Path, corpus: Corpus, days: int, now: float, limit: int = 10) -> str:
    """Return the statistics summary of the last `days` days; raise StoreUnavailable when there are none."""
    with reading(path) as connection:
        report = collect(connection, now - days * DAY_SECONDS, Normalizer(corpus.lexicon).normalize)
    return format_report(report, corpus, days, limit)
