"""Logging for long-running adapters: plain text or one JSON object per line."""

from __future__ import annotations

import json
import logging
import sys
from collections.abc import Callable, Iterable
from datetime import UTC, datetime
from typing import Any

REDACTED = "[redacted]"
MIN_SECRET_CHARS = 6


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
    """A log record factory that takes known secrets out of each record's message and traceback."""

    def __init__(self, make_record: Callable[..., logging.LogRecord]) -> None:
        self.make_record = make_record
        self.secrets: tuple[str, ...] = ()

    def __call__(self, *args: Any, **kwargs: Any) -> logging.LogRecord:
        """Make a record as logging would, then redact it."""
        record = self.make_record(*args, **kwargs)
        if self.secrets:
            self._redact(record)
        return record

    def _redact(self, record: logging.LogRecord) -> None:
        """Replace every secret in the formatted message and the traceback text with REDACTED."""
        message = record.getMessage()
        if any(secret in message for secret in self.secrets):
            record.msg, record.args = self._scrub(message), ()
        if record.exc_info and not record.exc_text:
            trace = logging.Formatter().formatException(record.exc_info)
            if any(secret in trace for secret in self.secrets):
                record.exc_text = self._scrub(trace)

    def _scrub(self, text: str) -> str:
        """Return text with every secret replaced."""
        for secret in self.secrets:
            text = text.replace(secret, REDACTED)
        return text


_redactor: _SecretRedactor | None = None


def protect_secrets(secrets: Iterable[str]) -> None:
    """Redact these values (tokens, passwords, salts) from every log record from now on, whichever library logs it."""
    global _redactor
    if _redactor is None:
        _redactor = _SecretRedactor(logging.getLogRecordFactory())
        logging.setLogRecordFactory(_redactor)
    kept = {secret for secret in secrets if len(secret) >= MIN_SECRET_CHARS}
    _redactor.secrets = tuple(sorted(kept, key=len, reverse=True))
