"""`faqbot run discord` and `faqbot sync` from the command line, against a fake Discord in another thread."""

from __future__ import annotations

import asyncio
import logging
import os
import signal
import threading
from collections.abc import Iterator

import pytest

from bot.cli import main
from tests.discord_bot.conftest import pointed_at
from tests.discord_bot.fake_discord import GUILD_ID, TIMEOUT, FakeDiscord


class ThreadedFake:
    """A fake Discord served by an event loop in its own thread, so the test thread can run the CLI."""

    def __init__(self) -> None:
        self.loop = asyncio.new_event_loop()
        self.thread = threading.Thread(target=self.loop.run_forever, daemon=True)
        self.thread.start()
        self.server: FakeDiscord = self.call(self._started())

    async def _started(self) -> FakeDiscord:
        server = FakeDiscord()
        await server.start()
        return server

    def call(self, coroutine):
        return asyncio.run_coroutine_threadsafe(coroutine, self.loop).result(TIMEOUT)

    def close(self) -> None:
        self.call(self.server.close())
        self.loop.call_soon_threadsafe(self.loop.stop)
        self.thread.join(TIMEOUT)
        self.loop.close()


@pytest.fixture
def threaded_fake(monkeypatch, tmp_path) -> Iterator[ThreadedFake]:
    root = logging.getLogger()
    saved = root.handlers[:], root.level
    monkeypatch.chdir(tmp_path)
    for name in ("DISCORD_TOKEN", "DISCORD_SYNC", "DISCORD_AUTOSHARD", "SHARD_COUNT", "SHARD_IDS"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("DISCORD_GUILD_IDS", str(GUILD_ID))
    fake = ThreadedFake()
    with pointed_at(fake.server):
        yield fake
    fake.close()
    root.handlers[:], root.level = saved[0], saved[1]


def cli_error(capsys) -> str:
    """Return the one error line the command printed; the bot's own log lines (also on stderr) are skipped."""
    stderr = capsys.readouterr().err
    errors = [line for line in stderr.splitlines() if line.startswith("faqbot:")]
    assert len(errors) == 1 and "Traceback" not in stderr, stderr
    return errors[0]


def test_run_discord_with_a_rejected_token_exits_2_with_one_line(threaded_fake, corpus_dir, monkeypatch, capsys):
    monkeypatch.setenv("DISCORD_TOKEN", "wrong-token")
    assert main(["--faq-dir", str(corpus_dir), "run", "discord"]) == 2
    line = cli_error(capsys)
    assert line.startswith("faqbot: Discord rejected DISCORD_TOKEN") and "wrong-token" not in line


def test_run_discord_keeps_a_rejected_token_out_of_everything_it_prints(threaded_fake, corpus_dir, monkeypatch, capsys):
    secret = "MTk4NjIyNDgzNDcxOTI1MjQ4.Cl2FMQ.ZnCjm1XVW7vRze4b7Cq4se7kKWs"
    monkeypatch.setenv("DISCORD_TOKEN", secret)
    monkeypatch.setenv("MATRIX_PASSWORD", "matrix-password-1")
    assert main(["--faq-dir", str(corpus_dir), "run", "discord"]) == 2
    printed = capsys.readouterr()
    assert threaded_fake.server.requests, "the token was really tried"
    for value in (secret, "matrix-password-1"):
        assert value not in printed.out and value not in printed.err


def test_run_discord_without_a_token_exits_2(threaded_fake, corpus_dir, capsys):
    assert main(["--faq-dir", str(corpus_dir), "run", "discord"]) == 2
    assert cli_error(capsys).startswith("faqbot: DISCORD_TOKEN is not set")
    assert threaded_fake.server.requests == []


def test_run_discord_serves_until_sigterm_and_exits_0(threaded_fake, corpus_dir, monkeypatch):
    monkeypatch.setenv("DISCORD_TOKEN", threaded_fake.server.token)
    ready = threading.Event()

    def terminate_once_connected() -> None:
        threaded_fake.call(threaded_fake.server.ready_shards(1))
        ready.set()
        os.kill(os.getpid(), signal.SIGTERM)  # only while faqbot run has its SIGTERM handler installed

    killer = threading.Thread(target=terminate_once_connected)
    killer.start()
    code = main(["--faq-dir", str(corpus_dir), "run", "discord"])
    killer.join(TIMEOUT)
    assert ready.is_set() and code == 0
    threaded_fake.call(threaded_fake.server.closed_shards(1))


def test_sync_registers_the_commands_in_the_listed_guild(threaded_fake, monkeypatch, capsys):
    monkeypatch.setenv("DISCORD_TOKEN", threaded_fake.server.token)
    assert main(["sync"]) == 0
    assert capsys.readouterr().out.strip() == f"synced 3 commands to guild {GUILD_ID}"
    [sync] = threaded_fake.server.requests_to("PUT", r"/applications/\d+/guilds/\d+/commands")
    assert sorted(command["name"] for command in sync.body) == ["faq", "faq-reload", "faq-stats"]
    assert threaded_fake.server.shards == []


def test_sync_with_a_rejected_token_exits_2(threaded_fake, monkeypatch, capsys):
    monkeypatch.setenv("DISCORD_TOKEN", "wrong-token")
    assert main(["sync"]) == 2
    assert "rejected DISCORD_TOKEN" in cli_error(capsys)
