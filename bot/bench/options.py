"""The options of `faqbot bench`, apart from the benchmark so that the command line starts without loading it."""

from __future__ import annotations

import argparse
from pathlib import Path

DEFAULT_SIZES = (50, 1000, 10_000, 100_000)
DEFAULT_ROUNDS = 3


def parse_sizes(text: str) -> list[int]:
    """Parse `50,1000,10000`: whole numbers of at least 2, the first standing for the corpus as shipped."""
    try:
        sizes = [int(part.replace("_", "")) for part in text.split(",") if part.strip()]
    except ValueError as error:
        raise argparse.ArgumentTypeError(f"sizes must be whole numbers separated by commas: {text!r}") from error
    if not sizes or min(sizes) < 2:
        raise argparse.ArgumentTypeError("give at least one size, each 2 or more")
    return sizes


def parse_rounds(text: str) -> int:
    """Parse the number of timing passes: a whole number of at least 1."""
    if not text.strip().isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(f"rounds must be a whole number of at least 1: {text!r}")
    return int(text)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Declare the options of `faqbot bench`."""
    parser.add_argument(
        "--sizes",
        type=parse_sizes,
        default=list(DEFAULT_SIZES),
        help="phrasing counts to measure, comma-separated; the first stands for the corpus folder as it is,"
        " the others are synthetic corpora grown from it (default 50,1000,10000,100000)",
    )
    parser.add_argument(
        "--queries",
        type=Path,
        help="questions to ask: a YAML list of {q: ...} or a text file with one per line"
        " (default: 200 built-in questions made from the corpus, 15%% out of scope)",
    )
    parser.add_argument(
        "--rounds",
        type=parse_rounds,
        default=DEFAULT_ROUNDS,
        help="time every question this many times and keep its fastest, so that other programs' bursts"
        f" do not count as latency (default {DEFAULT_ROUNDS})",
    )
    parser.add_argument("--json", action="store_true", help="print one JSON object instead of tables")
    parser.add_argument("--plot", type=Path, metavar="FILE.png", help="also draw latency against phrasings (log-log)")
