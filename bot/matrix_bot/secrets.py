"""Keep the access token and password out of every log line, whatever library wrote it."""

from __future__ import annotations

import contextlib
import logging
import re
from collections.abc import Iterator

TOKEN_IN_TEXT = re.compile(r"(access_token=|Bearer\s+|\"access_token\":\s*\")[^&\s\"']+", re.IGNORECASE)
HIDDEN = "<hidden>"


class SecretFilter(logging.Filter):
    """Replace known secrets, access_token=… query parameters and Bearer headers in records with <hidden>."""

    def __init__(self, secrets: list[str]) -> None:
        super().__init__()
        self.secrets = [secret for secret in secrets if secret]

    def redact(self, text: str) -> str:
        """Return text with every secret hidden."""
        for secret in self.secrets:
            text = text.replace(secret, HIDDEN)
        return TOKEN_IN_TEXT.sub(lambda found: found.group(1) + HIDDEN, text)

    def filter(self, record: logging.LogRecord) -> bool:
        """Rewrite the record's message and traceback text when they hold a secret; always keep the record."""
        message = record.getMessage()
        redacted = self.redact(message)
        if redacted != message:
            record.msg, record.args = redacted, ()
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = self.redact(record.exc_text)
        return True


@contextlib.contextmanager
def hidden_secrets(secrets: list[str]) -> Iterator[SecretFilter]:
    """While inside, every handler of the root logger hides these secrets (and token-looking parameters)."""
    secret_filter = SecretFilter(secrets)
    handlers = list(logging.getLogger().handlers)
    for handler in handlers:
        handler.addFilter(secret_filter)
    try:
        yield secret_filter
    finally:
        for handler in handlers:
            handler.removeFilter(secret_filter)
