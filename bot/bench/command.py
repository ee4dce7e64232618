"""`faqbot bench`: measure every size on the same questions, then print tables or JSON and draw the plot."""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from bot.bench.anchors import ANCHOR_PACKAGES, Bm25Anchor, RapidfuzzAnchor, missing_packages
from bot.bench.figures import AnchorFigures, BenchFigures, SizeFigures
from bot.bench.measure import idle_stall, latency, max_stall, throughput, timed
from bot.bench.queries import builtin_queries, read_queries
from bot.bench.report import bench_json, format_report
from bot.bench.rss import peak_rss_mb
from bot.bench.synthetic import synthetic_corpus, write_corpus
from bot.config import Settings
from bot.core.evaluation import EvalFileError
from bot.core.index import FaqIndex
from bot.core.loader import load_corpus
from bot.core.model import Corpus
from bot.core.service import FaqService

ANCHORS = (RapidfuzzAnchor, Bm25Anchor)
INSTALL_HINT = "install the bench extra: pip install 'faqbot[bench]' (in a clone: pip install -e '.[bench]')"


class Progress:
    """Tells on stderr what the benchmark is doing, with the time since it started."""

    def __init__(self) -> None:
        self.started = time.perf_counter()

    def __call__(self, message: str) -> None:
        """Print one progress line."""
        print(f"[{time.perf_counter() - self.started:7.1f}s] {message}", file=sys.stderr, flush=True)


def run(args: argparse.Namespace, folder: Path, settings: Settings) -> int:
    """Run `faqbot bench`; return the exit code."""
    needed = list(ANCHOR_PACKAGES) + (["matplotlib"] if args.plot else [])
    missing = missing_packages(needed)
    if missing:
        print(f"faqbot bench needs {', '.join(missing)}; {INSTALL_HINT}", file=sys.stderr)
        return 2
    source = load_corpus(folder)
    try:
        questions = read_queries(args.queries) if args.queries else builtin_queries(source)
    except EvalFileError as error:
        print(f"faqbot bench: {error}", file=sys.stderr)
        return 1
    origin = str(args.queries) if args.queries else "built-in set"
    plan = Plan(questions, origin, args.rounds, settings, Progress())
    figures = asyncio.run(bench(source, args.sizes, plan))
    print(json.dumps(bench_json(figures)) if args.json else format_report(figures))
    if args.plot:
        from bot.bench.plot import write_plot

        write_plot(figures, args.plot)
        print(f"plot written to {args.plot}", file=sys.stderr)
    return 0


@dataclass(frozen=True, slots=True)
class Plan:
    """What every size is measured with: the questions, how many passes, the settings, where progress goes."""

    questions: list[str]
    origin: str
    rounds: int
    settings: Settings
    note: Progress


async def bench(source: Corpus, sizes: Sequence[int], plan: Plan) -> BenchFigures:
    """Measure the source corpus, then a synthetic corpus for each further size, then peak memory."""
    plan.note("idle event loop: measuring its lag with nothing to do")
    idle_ms = await idle_stall()
    measured = [await measure_corpus(source, source.folder, plan)]
    for size in sizes[1:]:
        plan.note(f"{size:,} phrasings: growing a synthetic corpus")
        corpus = synthetic_corpus(source, size)
        with tempfile.TemporaryDirectory(prefix="faqbot-bench-") as folder:
            write_corpus(corpus, Path(folder))
            # Built over the corpus as loaded from its files, as a reload builds it (the loader has normalised it).
            plan.note(f"{size:,} phrasings: loading the written corpus folder")
            measured.append(await measure_corpus(load_corpus(Path(folder)), Path(folder), plan))
    plan.note("peak memory: serving the corpus folder in a fresh process")
    rss = peak_rss_mb(source.folder, plan.questions)
    return BenchFigures(measured, rss, len(plan.questions), plan.origin, plan.rounds, idle_ms)


async def measure_corpus(corpus: Corpus, folder: Path, plan: Plan) -> SizeFigures:
    """Measure one corpus whose files are in `folder`: build, latency, throughput, anchors, reload stall."""
    questions, settings, note = plan.questions, plan.settings, plan.note
    note(f"{len(corpus.entries):,} entries: building the index")
    index, build_s = timed(lambda: FaqIndex(corpus, settings.max_question_chars))
    label = f"{index.phrasing_count:,} phrasings"
    note(f"{label}: built in {build_s:.2f}s; timing {len(questions)} questions")
    service = FaqService(index, folder, settings.thresholds())
    ours = latency(service.answer, questions, plan.rounds)
    note(f"{label}: p50 {ours.p50_ms:.3f} ms, p99 {ours.p99_ms:.3f} ms; 1,000 questions in flight")
    qps = await throughput(service, questions)
    phrasings = list(dict.fromkeys(text for entry in corpus.entries for text in entry.phrasings()))
    anchors = {anchor.name: _measure_anchor(anchor, phrasings, plan, label) for anchor in ANCHORS}
    note(f"{label}: reloading {folder} while a ticker watches the event loop")
    report, stall_ms = await max_stall(service.reload())
    note(f"{label}: reload took {report.seconds:.2f}s, largest stall {stall_ms:.1f} ms")
    return SizeFigures(
        phrasings=index.phrasing_count,
        entries=len(corpus.entries),
        build_s=build_s,
        latency=ours,
        qps=qps,
        reload_s=report.seconds,
        reload_max_stall_ms=stall_ms,
        anchors=anchors,
    )


def _measure_anchor(
    anchor: type[RapidfuzzAnchor] | type[Bm25Anchor], phrasings: list[str], plan: Plan, label: str
) -> AnchorFigures:
    """Build one anchor over the phrasings and time it on the questions."""
    plan.note(f"{label}: anchor {anchor.label}: building")
    anchor.prepare()
    built, build_s = timed(lambda: anchor(phrasings))
    figures = latency(built.best, plan.questions, plan.rounds)
    plan.note(f"{label}: anchor {anchor.label}: built in {build_s:.2f}s, p99 {figures.p99_ms:.3f} ms")
    return AnchorFigures(anchor.label, build_s, figures)
