"""Log lines: secrets are redacted from messages and tracebacks, in text and JSON."""

from __future__ import annotations

import json
import logging

import pytest

from bot.config import Settings
from bot.logs import REDACTED, JsonFormatter, forget_secrets, protect_secrets

TOKEN = "token-1234567890"


@pytest.fixture(autouse=True)
def protected():
    protect_secrets([TOKEN, "abc"])
    yield
    forget_secrets()


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


def test_token_shaped_text_is_redacted_even_when_its_value_is_unknown(caplog):
    caplog.set_level(logging.INFO)
    log = logging.getLogger("nio")
    log.info("GET /sync?since=s1&access_token=syt_abc_123&timeout=0")
    log.info("headers {'Authorization': 'Bearer syt_def_456'}")
    log.info('{"access_token": "syt_ghi_789", "device_id": "D"}')
    text = "\n".join(record.getMessage() for record in caplog.records)
    assert not any(token in text for token in ("syt_abc_123", "syt_def_456", "syt_ghi_789"))
    assert "since=s1" in text and '"device_id": "D"' in text
