"""Timing primitives: per-question latency, throughput with many questions in flight, event-loop stalls."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from itertools import cycle, islice
from typing import TypeVar

from bot.core.evaluation import percentile
from bot.core.service import FaqService

T = TypeVar("T")
IN_FLIGHT = 1000
TICK_SECONDS = 0.001
WARM_UP_QUESTIONS = 20


@dataclass(frozen=True, slots=True)
class Latency:
    """Per-question latency percentiles, in milliseconds."""

    p50_ms: float
    p99_ms: float

    @classmethod
    def of(cls, samples_ms: Sequence[float]) -> Latency:
        """Summarise latency samples."""
        return cls(percentile(list(samples_ms), 0.50), percentile(list(samples_ms), 0.99))


def timed(work: Callable[[], T]) -> tuple[T, float]:
    """Run a call and return its result and the seconds it took."""
    started = time.perf_counter()
    result = work()
    return result, time.perf_counter() - started


def latency(answer: Callable[[str], object], questions: Sequence[str], rounds: int = 1) -> Latency:
    """Time every question through `answer` in `rounds` passes after a short warm-up; keep each one's fastest.

    Keeping the fastest of a few passes leaves out the moments when other processes had the CPU.
    """
    for question in questions[:WARM_UP_QUESTIONS]:
        answer(question)
    fastest = [float("inf")] * len(questions)
    for _ in range(rounds):
        for position, question in enumerate(questions):
            started = time.perf_counter()
            answer(question)
            fastest[position] = min(fastest[position], (time.perf_counter() - started) * 1000)
    return Latency.of(fastest)


async def throughput(service: FaqService, questions: Sequence[str], in_flight: int = IN_FLIGHT) -> float:
    """Return questions per second when `in_flight` questions are asked at once (asyncio.gather)."""
    batch = list(islice(cycle(questions), in_flight))
    started = time.perf_counter()
    await asyncio.gather(*(service.ask(question) for question in batch))
    return len(batch) / (time.perf_counter() - started)


async def _ticker(stop: asyncio.Event, interval: float) -> float:
    """Sleep in short ticks until stopped; return the worst lateness of a tick, in milliseconds."""
    worst = 0.0
    while not stop.is_set():
        started = time.perf_counter()
        await asyncio.sleep(interval)
        worst = max(worst, time.perf_counter() - started - interval)
    return worst * 1000


async def idle_stall(seconds: float = 0.5) -> float:
    """Return the largest tick lateness of an event loop with nothing to do: the floor of any stall figure."""
    _, stall_ms = await max_stall(asyncio.sleep(seconds))
    return stall_ms


async def max_stall(work: Awaitable[T], interval: float = TICK_SECONDS) -> tuple[T, float]:
    """Await `work` while a ticker measures the event loop; return its result and the largest stall in ms."""
    stop = asyncio.Event()
    ticker = asyncio.create_task(_ticker(stop, interval))
    await asyncio.sleep(0)
    try:
        result = await work
    finally:
        stop.set()
    return result, await ticker
