"""Secrets never leave the bot: error paths with a token set, read at DEBUG level and in every request sent."""

from __future__ import annotations

import json
import logging

import pytest

from bot.logs import forget_secrets, protect_secrets
from bot.runner import StartupError
from tests.discord_bot.fake_discord import BOT_ID, CHANNEL_ID
from tests.discord_bot.test_startup import failure_of, serving

REJECTED_TOKEN = "MTk4NjIyNDgzNDcxOTI1MjQ4.Cl2FMQ.ZnCjm1XVW7vRze4b7Cq4se7kKWs"
SALT = "salt-that-must-stay-secret"


@pytest.fixture(autouse=True)
def no_protected_secrets_left():
    yield
    forget_secrets()


def logged_text(caplog) -> str:
    """Return every captured record as it would be written, tracebacks included."""
    formatter = logging.Formatter("%(name)s %(message)s")
    return "\n".join(formatter.format(record) for record in caplog.records)


def sent_text(fake) -> str:
    """Return every request body and path the bot sent to Discord."""
    return "\n".join(f"{item.path} {json.dumps(item.body, ensure_ascii=False)}" for item in fake.requests)


async def test_a_rejected_token_appears_in_no_log_line_and_no_error(fake, corpus_dir, caplog):
    caplog.set_level(logging.DEBUG)
    task, _ = await serving(corpus_dir, discord_token=REJECTED_TOKEN, stats_salt=SALT)
    error = await failure_of(task)
    assert isinstance(error, StartupError)
    assert fake.requests, "the token was really tried"
    for secret in (REJECTED_TOKEN, SALT):
        assert secret not in str(error) and secret not in logged_text(caplog)


async def test_a_failing_handler_logs_and_sends_no_secret(fake, start_bot, caplog):
    caplog.set_level(logging.DEBUG)
    bot = await start_bot(stats_salt=SALT)

    class BrokenRecorder:
        def record(self, asked, result, latency_ms):
            raise RuntimeError(f"store failed for {bot.client.http.token}")

    protect_secrets(bot.client.settings.secret_values())  # as faqbot run does before it starts the adapters
    bot.core.recorder = BrokenRecorder()  # a failure whose own text carries the token, the worst case
    await fake.say(f"<@{BOT_ID}> 保号卡怎么充值", mentions=(BOT_ID,))
    apology = await fake.channel_post(CHANNEL_ID)
    assert apology["content"].startswith("抱歉")
    assert "RuntimeError: store failed for [redacted]" in logged_text(caplog), "the failure was logged, redacted"
    for secret in (fake.token, SALT):
        assert secret not in sent_text(fake)
        assert secret not in logged_text(caplog)
