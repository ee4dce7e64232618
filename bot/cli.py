"""The `faqbot` command (also `python -m bot`)."""

from __future__ import annotations

import argparse
import asyncio
import json
import logging
import os
import sys
from collections import Counter
from pathlib import Path

from bot.bench.options import add_arguments as add_bench_arguments
from bot.config import Settings
from bot.core.decision import Result, outcome_name, top_matches
from bot.core.errors import CorpusError
from bot.core.loader import load_corpus
from bot.core.model import Corpus
from bot.core.render import render_text
from bot.core.script import Lang, detect_lang
from bot.core.service import FaqService, build_index
from bot.runner import PLATFORMS

log = logging.getLogger("bot")


def _parser() -> argparse.ArgumentParser:
    """Build the argument parser."""
    parser = argparse.ArgumentParser(
        prog="faqbot", description="An FAQ bot for US phone-number questions (console, Discord, Matrix)."
    )
    parser.add_argument(
        "--faq-dir", type=Path, help="corpus folder (default: FAQ_DIR from the environment or .env, else faq/)"
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    chat = commands.add_parser("chat", help="chat with the bot in the terminal; reads piped questions one per line")
    chat.set_defaults(handler=_chat)
    ask = commands.add_parser("ask", help="answer one question and exit")
    ask.add_argument("text", help="the question")
    ask.add_argument("--json", action="store_true", help="print the decision as JSON")
    ask.set_defaults(handler=_ask)
    check = commands.add_parser("check", help="validate a corpus folder; exit 1 on any problem")
    check.add_argument("dir", nargs="?", type=Path, help="corpus folder (default: the configured one)")
    check.set_defaults(handler=_check)
    evaluation = commands.add_parser("eval", help="measure answer quality on an evaluation file")
    evaluation.add_argument("file", type=Path, help="YAML list of {q, expect, kind}")
    evaluation.add_argument("--json", action="store_true", help="print one JSON object")
    evaluation.set_defaults(handler=_eval)
    run = commands.add_parser("run", help="run the chat adapters (discord, matrix or both) over one corpus")
    run.add_argument("platforms", nargs="+", choices=sorted(PLATFORMS), metavar="PLATFORM", help="discord, matrix")
    run.add_argument("--log-format", choices=["text", "json"], default="text", help="log line format (default text)")
    run.set_defaults(handler=_run)
    sync = commands.add_parser(
        "sync", help="register the Discord slash commands in DISCORD_GUILD_IDS (or globally when empty) and exit"
    )
    sync.set_defaults(handler=_sync)
    _admin_commands(commands)
    bench = commands.add_parser("bench", help="measure speed, memory and reload cost against corpus size")
    add_bench_arguments(bench)
    bench.set_defaults(handler=_bench)
    return parser


def _admin_commands(commands: argparse._SubParsersAction) -> None:
    """Add the admin tools: import, stats, suggest."""
    articles = commands.add_parser("import", help="turn Markdown or plain-text articles into draft entries")
    articles.add_argument("files", nargs="+", type=Path, metavar="FILE", help="articles to import")
    articles.add_argument("--out", type=Path, help="YAML file to create, e.g. faq/drafts/NAME.yaml (default: stdout)")
    articles.set_defaults(handler=_import)
    stats = commands.add_parser("stats", help="most asked entries, unanswered and clarified questions, feedback")
    stats.add_argument("--days", type=_positive, default=30, help="how many days back to report (default 30)")
    stats.set_defaults(handler=_stats)
    suggest = commands.add_parser("suggest", help="print aliases learned from members' picks as a YAML patch")
    suggest.add_argument("--min-picks", type=_positive, default=1, help="least picks per wording (default 1)")
    suggest.set_defaults(handler=_suggest)


def _positive(text: str) -> int:
    """Parse a whole number of at least 1."""
    if not text.isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(f"expected a whole number of at least 1, got {text!r}")
    return int(text)


def _import(args: argparse.Namespace, settings: Settings) -> int:
    """Import articles as draft entries."""
    from bot.admin.commands import run_import

    return run_import(args.files, args.out, _folder(args, settings))


def _stats(args: argparse.Namespace, settings: Settings) -> int:
    """Print the statistics summary."""
    from bot.admin.commands import run_stats

    return run_stats(settings, _folder(args, settings), args.days)


def _suggest(args: argparse.Namespace, settings: Settings) -> int:
    """Print alias suggestions as a YAML patch."""
    from bot.admin.commands import run_suggest

    return run_suggest(settings, _folder(args, settings), args.min_picks)


def _folder(args: argparse.Namespace, settings: Settings) -> Path:
    """Return the corpus folder chosen on the command line or in the settings."""
    return args.faq_dir if args.faq_dir is not None else settings.corpus_folder()


def _chat(args: argparse.Namespace, settings: Settings) -> int:
    """Run the console chat."""
    from bot.console import run_console

    async def main() -> None:
        service = await FaqService.start(_folder(args, settings), settings.thresholds(), settings.max_question_chars)
        await run_console(service)

    asyncio.run(main())
    return 0


def _ask(args: argparse.Namespace, settings: Settings) -> int:
    """Answer one question."""
    folder = _folder(args, settings)
    service = FaqService(build_index(folder, settings.max_question_chars), folder, settings.thresholds())
    result = service.answer(args.text)
    if args.json:
        print(json.dumps(_decision_json(result), ensure_ascii=False))
    else:
        print(render_text(result))
    return 0


def _decision_json(result: Result) -> dict[str, object]:
    """Describe a decision as plain data."""
    return {
        "outcome": outcome_name(result),
        "lang": str(result.lang),
        "matches": [{"id": item.entry.id, "score": round(item.score, 1)} for item in top_matches(result)],
    }


def _check(args: argparse.Namespace, settings: Settings) -> int:
    """Validate a corpus folder and print a summary or every problem."""
    folder = args.dir or _folder(args, settings)
    try:
        corpus = load_corpus(folder)
    except CorpusError as error:
        print(error, file=sys.stderr)
        return 1
    print(_summary(corpus))
    return 0


def _phrasing_language(text: str) -> str:
    """Classify a phrasing for the summary: zh-hans, zh-hant, en or mixed."""
    lang = detect_lang(text)
    if lang is not Lang.ENGLISH and sum(char.isascii() and char.isalpha() for char in text) >= 3:
        return "mixed"
    return str(lang)


def _summary(corpus: Corpus) -> str:
    """Summarise a valid corpus."""
    languages = Counter(_phrasing_language(text) for entry in corpus.entries for text in entry.phrasings())
    variants = sum(len(group) for _, group in corpus.lexicon.synonyms)
    fillers = len(corpus.lexicon.fillers)
    files = sorted({entry.file for entry in corpus.entries})
    lines = [
        f"corpus {corpus.folder}: OK",
        f"  files      {len(files)}",
        f"  entries    {len(corpus.entries)}",
        f"  phrasings  {sum(languages.values())} ("
        + ", ".join(f"{lang} {count}" for lang, count in sorted(languages.items()))
        + ")",
        f"  synonyms   {len(corpus.lexicon.synonyms)} groups, {variants} variants; {fillers} filler words",
        f"  declined   {len(corpus.declines)} out-of-scope topics, "
        f"{sum(len(decline.phrasings) for decline in corpus.declines)} phrasings",
    ]
    return "\n".join(lines + _draft_lines(corpus))


def _draft_lines(corpus: Corpus) -> list[str]:
    """List the draft entries (validated, never served) by file."""
    if not corpus.drafts:
        return []
    by_file: dict[str, list[str]] = {}
    for entry in corpus.drafts:
        by_file.setdefault(entry.file, []).append(entry.id)
    lines = [f"  drafts     {len(corpus.drafts)}, not served until their draft flag is removed"]
    return lines + [f"    {file}: {', '.join(ids)}" for file, ids in by_file.items()]


def _eval(args: argparse.Namespace, settings: Settings) -> int:
    """Evaluate answer quality on a file."""
    from bot.core.evaluation import EvalFileError, evaluate, format_report, load_cases

    index = build_index(_folder(args, settings), settings.max_question_chars)
    try:
        cases = load_cases(args.file)
    except (OSError, EvalFileError) as error:
        print(f"faqbot eval: {error}", file=sys.stderr)
        return 1
    report = evaluate(index, settings.thresholds(), cases)
    print(json.dumps(report, ensure_ascii=False) if args.json else format_report(report))
    return 0


def _run(args: argparse.Namespace, settings: Settings) -> int:
    """Serve the chosen platforms until SIGTERM; exit 2 when an adapter cannot start."""
    from bot.logs import configure_logging
    from bot.runner import StartupError, run_platforms

    configure_logging(args.log_format)
    try:
        asyncio.run(run_platforms(list(dict.fromkeys(args.platforms)), settings, _folder(args, settings)))
    except StartupError as error:
        print(f"faqbot: {error}", file=sys.stderr)
        return 2
    return 0


def _sync(args: argparse.Namespace, settings: Settings) -> int:
    """Register the Discord slash commands and say where; exit 2 when Discord refuses."""
    from bot.discord_bot import sync_only
    from bot.runner import StartupError

    try:
        lines = asyncio.run(sync_only(settings))
    except StartupError as error:
        print(f"faqbot: {error}", file=sys.stderr)
        return 2
    print("\n".join(lines))
    return 0


def _bench(args: argparse.Namespace, settings: Settings) -> int:
    """Benchmark the corpus folder and synthetic corpora grown from it."""
    from bot.bench.command import run as run_bench

    return run_bench(args, _folder(args, settings), settings)


def main(argv: list[str] | None = None) -> int:
    """Run the command line; return the exit code."""
    logging.basicConfig(level=logging.WARNING, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    parser = _parser()
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_help()
        return 2
    try:
        return args.handler(args, Settings())
    except CorpusError as error:
        print(f"faqbot: the corpus cannot be served.\n{error}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 1
