"""Turn benchmark figures into the JSON object of `--json` or tables for people."""

from __future__ import annotations

from typing import Any

from bot.bench.figures import BenchFigures, SizeFigures, machine


def bench_json(figures: BenchFigures) -> dict[str, Any]:
    """Return the `--json` object: one item per size and the peak RSS."""
    return {"sizes": [_size_json(size) for size in figures.sizes], "rss_mb": round(figures.rss_mb, 1)}


def _size_json(size: SizeFigures) -> dict[str, Any]:
    """Describe one size as the JSON item the issue specifies."""
    return {
        "phrasings": size.phrasings,
        "entries": size.entries,
        "build_s": round(size.build_s, 3),
        "p50_ms": round(size.latency.p50_ms, 3),
        "p99_ms": round(size.latency.p99_ms, 3),
        "qps": round(size.qps, 1),
        "reload_max_stall_ms": round(size.reload_max_stall_ms, 2),
        "anchors": {
            name: {"p50_ms": round(anchor.latency.p50_ms, 3), "p99_ms": round(anchor.latency.p99_ms, 3)}
            for name, anchor in size.anchors.items()
        },
    }


def ratio(ours: float, anchor: float) -> str:
    """Return ours/anchor as a short factor, e.g. 0.04x."""
    return f"{ours / anchor:.3g}x" if anchor > 0 else "-"


def format_report(figures: BenchFigures) -> str:
    """Render the figures as two tables and a memory line."""
    lines = [
        f"faqbot bench: {figures.questions} questions ({figures.questions_from}); {machine()}",
        f"latency: fastest of {figures.rounds} passes per question; an idle event loop already lags"
        f" {figures.idle_stall_ms:.1f} ms here",
        "",
        "faqbot (full decision)",
        f"{'phrasings':>10} {'entries':>8} {'build s':>8} {'p50 ms':>8} {'p99 ms':>8} {'q/s':>8}"
        f" {'reload s':>9} {'max stall ms':>13}",
    ]
    for size in figures.sizes:
        lines.append(
            f"{size.phrasings:>10,} {size.entries:>8,} {size.build_s:>8.2f} {size.latency.p50_ms:>8.3f}"
            f" {size.latency.p99_ms:>8.3f} {size.qps:>8,.0f} {size.reload_s:>9.2f} {size.reload_max_stall_ms:>13.1f}"
        )
    lines += [
        "",
        "anchors over the same phrasings and questions; ours/anchor < 1 means faqbot is faster",
        f"{'phrasings':>10} {'anchor':<20} {'build s':>8} {'p50 ms':>8} {'p99 ms':>8} {'ours/p50':>9} {'ours/p99':>9}",
    ]
    for size in figures.sizes:
        for anchor in size.anchors.values():
            lines.append(
                f"{size.phrasings:>10,} {anchor.label:<20} {anchor.build_s:>8.2f} {anchor.latency.p50_ms:>8.3f}"
                f" {anchor.latency.p99_ms:>8.3f} {ratio(size.latency.p50_ms, anchor.latency.p50_ms):>9}"
                f" {ratio(size.latency.p99_ms, anchor.latency.p99_ms):>9}"
            )
    lines += ["", f"peak RSS of a process serving the corpus and answering the questions: {figures.rss_mb:.1f} MB"]
    return "\n".join(lines)
