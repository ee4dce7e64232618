"""Draw latency against corpus size, log-log, for faqbot and both anchors (matplotlib)."""

from __future__ import annotations

from pathlib import Path

from bot.bench.figures import BenchFigures
from bot.bench.measure import Latency


def write_plot(figures: BenchFigures, path: Path) -> None:
    """Save a PNG of p50 (dashed) and p99 (solid) latency per question against phrasings."""
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib import pyplot

    phrasings = [size.phrasings for size in figures.sizes]
    series: dict[str, list[Latency]] = {"faqbot": [size.latency for size in figures.sizes]}
    for size in figures.sizes:
        for anchor in size.anchors.values():
            series.setdefault(anchor.label, []).append(anchor.latency)
    figure, axes = pyplot.subplots(figsize=(7, 4.5), dpi=120)
    for (label, latencies), color in zip(series.items(), ("tab:blue", "tab:orange", "tab:green"), strict=False):
        axes.plot(phrasings, [item.p99_ms for item in latencies], "o-", color=color, label=f"{label} p99")
        axes.plot(phrasings, [item.p50_ms for item in latencies], "o--", color=color, alpha=0.6, label=f"{label} p50")
    axes.set_xscale("log")
    axes.set_yscale("log")
    axes.set_xlabel("phrasings in the corpus")
    axes.set_ylabel("latency per question (ms)")
    axes.set_title(f"faqbot bench: {figures.questions} questions, one core")
    axes.grid(True, which="both", alpha=0.3)
    axes.legend(fontsize=8)
    figure.tight_layout()
    figure.savefig(path)
    pyplot.close(figure)
