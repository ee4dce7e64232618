"""Log lines: secrets are redacted from messages and tracebacks, in text and JSON."""

from __future__ import annotations

import json
import logging

import pytest

from bot.config import Settings
from bot.logs import REDACTED, JsonFormatter, protect_secrets

TOKEN = "token-1234567890"


@pytest.fixture(autouse=True)
def protected():
    protect_secrets([TOKEN, "abc"])
    yield
    protect_secrets([])


def test_a_secret_in_a_message_or_its_arguments_is_redacted(caplog):
    caplog.set_level(logging.INFO)
    logging.getLogger("some.library").info("calling with %s and %d", f"Bot {TOKEN}", 3)
    assert caplog.records[-1].getMessage() == f"calling with Bot {REDACTED} and 3"


def test_a_secret_in_a_traceback_is_redacted_in_text_and_json(caplog):
    caplog.set_level(logging.INFO)
    try:
        raise RuntimeError(f"refused {TOKEN}")
    except RuntimeError:
        logging.getLogger("x").exception("failed")
    record = caplog.records[-1]
    assert TOKEN not in logging.Formatter().format(record) and f"refused {REDACTED}" in caplog.text
    assert TOKEN not in json.loads(JsonFormatter().format(record))["exception"]


def test_values_too_short_to_be_secrets_are_left_alone(caplog):
    caplog.set_level(logging.INFO)
    logging.getLogger("x").info("abc is a word")
    assert caplog.records[-1].getMessage() == "abc is a word"


def test_settings_list_every_secret_that_is_set():
    settings = Settings(_env_file=None, discord_token=" tok-en-1 ", matrix_password="pw-pw-pw", stats_salt="")
    assert settings.secret_values() == ["tok-en-1", "pw-pw-pw"]
