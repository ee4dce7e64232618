"""The admin commands behind `faqbot import`, `faqbot stats` and `faqbot suggest`: files, output, exit codes."""

from __future__ import annotations

import sys
import time
from pathlib import Path

from bot.admin.database import StoreUnavailable, reading
from bot.admin.importer import drafts_yaml, import_articles
from bot.admin.stats import summary_text
from bot.admin.suggest import patch_yaml, picked_wordings, propose
from bot.config import Settings
from bot.core.errors import CorpusError
from bot.core.loader import load_corpus
from bot.core.service import build_index

STATS_OFF = "statistics are off: STATS_DB is empty"


def _say(message: str) -> None:
    """Write one line for the admin on stderr."""
    print(message, file=sys.stderr)


def _taken_ids(folder: Path) -> set[str]:
    """Return the ids the corpus already uses (served and drafts), or none when it does not load."""
    try:
        corpus = load_corpus(folder)
    except CorpusError:
        return set()
    return {entry.id for entry in (*corpus.entries, *corpus.drafts)}


def run_import(paths: list[Path], out: Path | None, folder: Path) -> int:
    """Import articles as drafts into `out` (never overwritten) or stdout; report what was stripped on stderr."""
    if out is not None and out.exists():
        _say(f"faqbot import: {out} already exists; choose another --out (nothing was written)")
        return 1
    result = import_articles(paths, _taken_ids(folder))
    for line in (*result.notes, *result.errors):
        _say(line)
    if result.errors:
        _say(f"faqbot import: {len(result.errors)} file(s) could not be read; nothing was written")
        return 1
    text = drafts_yaml(result, paths)
    if out is None:
        sys.stdout.write(text)
    else:
        out.parent.mkdir(parents=True, exist_ok=True)
        partial = out.with_name(out.name + ".partial")
        partial.write_text(text, encoding="utf-8")
        partial.replace(out)
    _say(f"{len(result.drafts)} draft entries from {len(paths)} file(s){f' written to {out}' if out else ''}")
    return 0


def _stats_db(settings: Settings, command: str) -> Path | None:
    """Return the statistics file, or None after saying that statistics are off."""
    if settings.stats_db is None:
        _say(f"faqbot {command}: {STATS_OFF}")
    return settings.stats_db


def run_stats(settings: Settings, folder: Path, days: int) -> int:
    """Print the statistics summary of the last `days` days."""
    if (path := _stats_db(settings, "stats")) is None:
        return 1
    try:
        print(summary_text(path, load_corpus(folder), days, time.time()))
    except StoreUnavailable as error:
        _say(f"faqbot stats: {error}")
        return 1
    return 0


def run_suggest(settings: Settings, folder: Path, min_picks: int) -> int:
    """Print aliases learned from picks as a YAML patch for review; never change the corpus."""
    if (path := _stats_db(settings, "suggest")) is None:
        return 1
    try:
        with reading(path) as connection:
            picks, without_text = picked_wordings(connection)
    except StoreUnavailable as error:
        _say(f"faqbot suggest: {error}")
        return 1
    if without_text:
        _say(f"{without_text} pick(s) kept no question text (STORE_QUESTIONS was off); they cannot suggest aliases")
    proposals, skipped = propose(
        picks, build_index(folder, settings.max_question_chars), settings.thresholds(), min_picks
    )
    print(patch_yaml(proposals, skipped), end="")
    _say(f"{len(proposals)} alias(es) proposed, {len(skipped)} skipped; nothing was changed")
    return 0
