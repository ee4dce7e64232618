"""The service every adapter talks to: it holds the live index and swaps it on reload."""

from __future__ import annotations

import asyncio
import contextlib
import gc
import logging
import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from bot.core.collector import collector_paused
from bot.core.decision import Result, Thresholds, decide
from bot.core.errors import CorpusError, CorpusProblem
from bot.core.index import FaqIndex
from bot.core.loader import load_corpus
from bot.core.normalize import DEFAULT_MAX_CHARS

log = logging.getLogger(__name__)
RELEASE_SLICE = 2_000
BUILD_SWITCH_INTERVAL = 0.001
_switching = {"builds": 0, "interval": sys.getswitchinterval()}
_switching_lock = threading.Lock()


@dataclass(frozen=True, slots=True)
class ReloadReport:
    """What a successful reload brought in."""

    entries: int
    phrasings: int
    seconds: float


def build_index(folder: Path, max_chars: int = DEFAULT_MAX_CHARS) -> FaqIndex:
    """Load a corpus folder and index it; raises CorpusError when the folder is invalid."""
    return FaqIndex(load_corpus(folder), max_chars)


def _build_in_worker(folder: Path, max_chars: int = DEFAULT_MAX_CHARS) -> FaqIndex:
    """Build an index in a worker thread with the cyclic collector paused, then freeze what was built."""
    with collector_paused(), _switching_often():
        index = build_index(folder, max_chars)
        gc.freeze()
    return index


@contextlib.contextmanager
def _switching_often() -> Iterator[None]:
    """Let a thread waiting for the GIL (the event loop) have it after 1 ms instead of Python's 5 ms, then restore.

    A pure-Python worker alone stalls the loop up to 13-76 ms on a shared 2-core machine at 5 ms, 8-11 ms at 1 ms.
    Builds may overlap (several services starting); the last one to finish restores the interval.
    """
    with _switching_lock:
        if not _switching["builds"]:
            _switching["interval"] = sys.getswitchinterval()
            sys.setswitchinterval(min(_switching["interval"], BUILD_SWITCH_INTERVAL))
        _switching["builds"] += 1
    try:
        yield
    finally:
        with _switching_lock:
            _switching["builds"] -= 1
            if not _switching["builds"]:
                sys.setswitchinterval(_switching["interval"])


def _release(retired: list[FaqIndex]) -> None:
    """Free a replaced index a slice at a time, so that no single deallocation holds the GIL for long.

    Run in a worker thread; freeing a 100,000-phrasing index in one go takes about 50 ms in one C call.
    """
    index = retired.pop()
    pieces: list[object] = [*index.corpus.entries, *index.corpus.drafts, *getattr(index, "_phrasings", ())]
    with _switching_often():
        del index
        while pieces:
            del pieces[-RELEASE_SLICE:]


class FaqService:
    """Answers questions from the live index; reloads validate first and swap atomically."""

    def __init__(self, index: FaqIndex, folder: Path, thresholds: Thresholds | None = None) -> None:
        self._index = index
        self.folder = folder
        self.thresholds = thresholds or Thresholds()
        self._reload_lock = asyncio.Lock()

    @classmethod
    async def start(
        cls, folder: Path, thresholds: Thresholds | None = None, max_chars: int = DEFAULT_MAX_CHARS
    ) -> FaqService:
        """Build the first index off the event loop and return a ready service."""
        index = await asyncio.to_thread(_build_in_worker, folder, max_chars)
        return cls(index, folder, thresholds)

    @property
    def index(self) -> FaqIndex:
        """Return the index serving right now."""
        return self._index

    def answer(self, question: str) -> Result:
        """Decide on a question with the live index, synchronously."""
        return decide(self._index, question, self.thresholds)

    async def ask(self, question: str) -> Result:
        """Decide on a question with the live index (one consistent index per question)."""
        return self.answer(question)

    async def reload(self) -> ReloadReport:
        """Re-read the corpus folder; on any error the old index keeps serving and the error is raised."""
        async with self._reload_lock:
            started = time.perf_counter()
            index = await asyncio.to_thread(self._build, self._index.normalizer.max_chars)
            retired = [self._index]
            self._index = index
            await asyncio.to_thread(_release, retired)
            report = ReloadReport(len(index.corpus.entries), index.phrasing_count, time.perf_counter() - started)
            log.info(
                "corpus reloaded: %d entries, %d phrasings, %.2fs", report.entries, report.phrasings, report.seconds
            )
            return report

    def _build(self, max_chars: int) -> FaqIndex:
        """Build a new index; an unexpected failure is logged and raised as a CorpusError, like a bad corpus."""
        try:
            return _build_in_worker(self.folder, max_chars)
        except CorpusError:
            raise
        except Exception as error:
            log.exception("reload failed unexpectedly")
            message = f"the corpus could not be loaded ({type(error).__name__}: {error}); see the log"
            raise CorpusError([CorpusProblem(str(self.folder), 0, message)]) from error
