"""Shared pieces of the admin tests: fixture articles."""

from __future__ import annotations

from pathlib import Path

FIXTURES = Path(__file__).resolve().parent / "fixtures"
ARTICLES = sorted(FIXTURES.iterdir())
