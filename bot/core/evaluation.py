"""Measure answer quality on an evaluation file, as shared/spec/eval-format.md describes."""

from __future__ import annotations

import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from bot.core.decision import Answer, Result, Thresholds, decide, outcome_name, top_matches
from bot.core.index import FaqIndex


@dataclass(frozen=True, slots=True)
class EvalCase:
    """One question, the ids that answer it (empty when out of scope) and its kind."""

    q: str
    expect: tuple[str, ...]
    kind: str


class EvalFileError(ValueError):
    """An evaluation file that does not follow the format."""


def load_cases(path: Path) -> list[EvalCase]:
    """Read an evaluation file: a YAML list of {q, expect, kind}."""
    try:
        items = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (yaml.YAMLError, UnicodeDecodeError) as error:
        raise EvalFileError(f"{path}: not a readable YAML file ({error})".replace("\n", " ")) from error
    if not isinstance(items, list):
        raise EvalFileError(f"{path}: expected a list of cases")
    cases = []
    for number, item in enumerate(items, start=1):
        if not isinstance(item, dict) or not isinstance(item.get("q"), str):
            raise EvalFileError(f"{path}: case {number} needs a text 'q'")
        expect = item.get("expect")
        expected = () if expect is None else tuple([expect] if isinstance(expect, str) else expect)
        cases.append(EvalCase(item["q"], tuple(str(value) for value in expected), str(item.get("kind", "?"))))
    return cases


def percentile(values: list[float], fraction: float) -> float:
    """Return the value below which the given fraction of sorted values lie (nearest rank)."""
    ordered = sorted(values)
    if not ordered:
        return 0.0
    rank = max(0, min(len(ordered) - 1, round(fraction * len(ordered) + 0.5) - 1))
    return ordered[rank]


def is_right(case: EvalCase, result: Result) -> bool:
    """In scope: a confident answer with an expected id; out of scope: anything but an answer."""
    if not case.expect:
        return not isinstance(result, Answer)
    return isinstance(result, Answer) and result.match.entry.id in case.expect


def _miss(case: EvalCase, result: Result) -> dict[str, Any]:
    """Describe a wrong decision."""
    matches = top_matches(result)
    best = matches[0] if matches else None
    return {
        "q": case.q,
        "kind": case.kind,
        "expect": list(case.expect) or None,
        "outcome": outcome_name(result),
        "id": best.entry.id if best else None,
        "score": round(best.score, 1) if best else None,
    }


def evaluate(index: FaqIndex, thresholds: Thresholds, cases: list[EvalCase]) -> dict[str, Any]:
    """Run the real decision on every case and return the figures and the misses."""
    decide(index, "warm up", thresholds)
    latencies: list[float] = []
    by_kind: dict[str, Counter[str]] = {}
    misses = []
    for case in cases:
        started = time.perf_counter()
        result = decide(index, case.q, thresholds)
        latencies.append((time.perf_counter() - started) * 1000)
        tally = by_kind.setdefault(case.kind, Counter())
        tally["cases"] += 1
        if is_right(case, result):
            tally["right"] += 1
        else:
            misses.append(_miss(case, result))
    return _summary(cases, by_kind, latencies, misses)


def _summary(
    cases: list[EvalCase], by_kind: dict[str, Counter[str]], latencies: list[float], misses: list[dict[str, Any]]
) -> dict[str, Any]:
    """Assemble the report object."""
    in_scope = [case for case in cases if case.expect]
    missed_in = sum(1 for miss in misses if miss["expect"])
    out_scope = len(cases) - len(in_scope)
    missed_out = len(misses) - missed_in
    return {
        "cases": len(cases),
        "in_scope": len(in_scope),
        "top1_accuracy": round((len(in_scope) - missed_in) / len(in_scope), 4) if in_scope else 0.0,
        "out_of_scope": out_scope,
        "rejection_rate": round((out_scope - missed_out) / out_scope, 4) if out_scope else 0.0,
        "p50_ms": round(percentile(latencies, 0.50), 3),
        "p99_ms": round(percentile(latencies, 0.99), 3),
        "by_kind": {
            kind: {"cases": tally["cases"], "right": tally["right"]} for kind, tally in sorted(by_kind.items())
        },
        "misses": misses,
    }


def format_report(report: dict[str, Any]) -> str:
    """Render the report for people."""
    lines = [
        f"cases {report['cases']}: in scope {report['in_scope']}, out of scope {report['out_of_scope']}",
        f"top1_accuracy  {report['top1_accuracy']:.3f}",
        f"rejection_rate {report['rejection_rate']:.3f}",
        f"latency p50 {report['p50_ms']:.3f} ms, p99 {report['p99_ms']:.3f} ms",
        "",
        "by kind:",
    ]
    lines += [f"  {kind:<8} {tally['right']:>3}/{tally['cases']:<3}" for kind, tally in report["by_kind"].items()]
    lines += ["", f"misses ({len(report['misses'])}):"]
    for miss in report["misses"]:
        expect = ",".join(miss["expect"]) if miss["expect"] else "(out of scope)"
        question = " ".join(miss["q"].split())[:80]
        lines.append(
            f"  [{miss['kind']}] {question}\n      expect {expect}; got {miss['outcome']} {miss['id']} {miss['score']}"
        )
    return "\n".join(lines)
