"""The figures one benchmark run produces, and the machine it ran on."""

from __future__ import annotations

import os
import platform
from dataclasses import dataclass
from pathlib import Path

from bot.bench.measure import Latency


@dataclass(frozen=True, slots=True)
class AnchorFigures:
    """One anchor at one corpus size: build time and per-question latency."""

    label: str
    build_s: float
    latency: Latency


@dataclass(frozen=True, slots=True)
class SizeFigures:
    """Everything measured at one corpus size."""

    phrasings: int
    entries: int
    build_s: float
    latency: Latency
    qps: float
    reload_s: float
    reload_max_stall_ms: float
    anchors: dict[str, AnchorFigures]


@dataclass(frozen=True, slots=True)
class BenchFigures:
    """A whole run: every size, the peak memory of a serving process, and what was asked."""

    sizes: list[SizeFigures]
    rss_mb: float
    questions: int
    questions_from: str
    rounds: int
    idle_stall_ms: float


def machine() -> str:
    """Describe this machine in one line: CPU model, cores, Python version."""
    model = platform.processor() or platform.machine()
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        names = [
            line.split(":", 1)[1].strip() for line in cpuinfo.read_text().splitlines() if line.startswith("model name")
        ]
        model = names[0] if names else model
    return f"{model}, {os.cpu_count()} cores, Python {platform.python_version()} ({platform.system()})"
