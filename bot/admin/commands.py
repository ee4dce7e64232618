"""The admin commands behind `faqbot import`: files, output, exit codes."""

from __future__ import annotations

import sys
from pathlib import Path

from bot.admin.importer import drafts_yaml, import_articles
from bot.core.errors import CorpusError
from bot.core.loader import load_corpus


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
