"""Logging for long-running adapters: plain text or one JSON object per line."""

from __future__ import annotations

import json
import logging
import re
import sys
from collections.abc import Callable, Iterable
from datetime import UTC, datetime
from typing import Any

REDACTED = "[redacted]"
MIN_SECRET_CHARS = 6
# Token-shaped text redacted even when its value is not known here: query parameters, JSON fields, headers.
TOKEN_IN_TEXT = re.compile(r"(access_token=|Bearer\s+|\"access_token\":\s*\")[^&\s\"']+", re.IGNORECASE)


class JsonFormatter(logging.Formatter):
    """Format each record as one JSON object."""

    def format(self, record: logging.LogRecord) -> str:
        """Return the record as a JSON line."""
        data = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        if record.exc_info:
            data["exception"] = record.exc_text or self.formatException(record.exc_info)
        return json.dumps(data, ensure_ascii=False)


def configure_logging(log_format: str = "text", level: int = logging.INFO) -> None:
    """Send INFO and above to stderr in the chosen format, replacing earlier handlers."""
    handler = logging.StreamHandler(sys.stderr)
    if log_format == "json":
        handler.setFormatter(JsonFormatter())
    else:
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level)
    logging.getLogger("discord.http").setLevel(logging.WARNING)


class _SecretRedactor:
    """A log record factory that takes secrets and token-shaped text out of each record's message and traceback."""

    def __init__(self, make_record: Callable[..., logging.LogRecord]) -> None:
        self.make_record = make_record
        self.secrets: tuple[str, ...] = ()

    def __call__(self, *args: Any, **kwargs: Any) -> logging.LogRecord:
        """Make a record as logging would, then redact it."""
        record = self.make_record(*args, **kwargs)
        message = record.getMessage()
        scrubbed = self.scrub(message)
        if scrubbed != message:
            record.msg, record.args = scrubbed, ()
        if record.exc_info and not record.exc_text:
            trace = logging.Formatter().formatException(record.exc_info)
            scrubbed = self.scrub(trace)
            if scrubbed != trace:
                record.exc_text = scrubbed
        return record

    def scrub(self, text: str) -> str:
        """Return text with every known secret and token-shaped value replaced by REDACTED."""
        for secret in self.secrets:
            text = text.replace(secret, REDACTED)
        return TOKEN_IN_TEXT.sub(lambda found: found.group(1) + REDACTED, text)


_redactor = _SecretRedactor(logging.getLogRecordFactory())
logging.setLogRecordFactory(_redactor)


def protect_secrets(secrets: Iterable[str | None]) -> None:
    """Redact these values (tokens, passwords, salts) from every log record from now on, whichever library logs it."""
    kept = {secret.strip() for secret in secrets if secret and len(secret.strip()) >= MIN_SECRET_CHARS}
    _redactor.secrets = tuple(sorted(kept | set(_redactor.secrets), key=len, reverse=True))


def forget_secrets() -> None:
    """Stop redacting the values given to protect_secrets (token-shaped text is still redacted)."""
    _redactor.secrets = ()
