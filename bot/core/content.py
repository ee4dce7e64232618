"""Rules for what served text may never contain: links, handles, mass mentions."""

from __future__ import annotations

import re

_TELEGRAM = re.compile(r"(?i)\b(?:t\.me|telegram\.(?:me|dog|org))\b")
_URL = re.compile(
    r"(?i)\b(?:[a-z][a-z0-9+.-]*://|www\.)\S+"
    r"|\b[a-z0-9-]+(?:\.[a-z0-9-]+)*\.(?:com|net|org|io|me|ly|cn|co|app|link|xyz|top|info|cc|tv|gg)\b"
)
_HANDLE = re.compile(r"(?<![\w.])@[A-Za-z0-9_]{2,}")


def forbidden_reason(text: str) -> str | None:
    """Return why this text may not be served, or None when it is clean."""
    if _TELEGRAM.search(text):
        return "contains a Telegram link"
    if _URL.search(text):
        return "contains a URL or web address"
    if _HANDLE.search(text):
        return "contains an @handle or mention"
    return None
