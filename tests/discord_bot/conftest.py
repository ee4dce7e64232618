"""Fixtures: a fake Discord on 127.0.0.1 and the real bot (unmodified discord.py) connected to it."""

from __future__ import annotations

import asyncio
import contextlib
from collections import defaultdict
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import discord
import pytest
import yarl
from discord.gateway import DiscordWebSocket
from discord.http import Route

from bot.chat import ChatCore, OutcomeRecorder
from bot.config import Settings
from bot.core.service import FaqService
from bot.discord_bot.client import FaqClient, ShardedFaqClient, make_client
from bot.discord_bot.serve import run_client
from bot.runner import make_core
from tests.discord_bot.fake_discord import GUILD_ID, HELP_CHANNEL_ID, TIMEOUT, FakeDiscord
from tests.waiting import shut_down_all, until_ready

READY_WAIT = 0.05  # seconds discord.py waits for more GUILD_CREATE after READY (default 2)


@contextlib.contextmanager
def pointed_at(fake: FakeDiscord) -> Iterator[None]:
    """Point discord.py's REST base and default gateway at the fake, restoring them afterwards."""
    saved = Route.BASE, DiscordWebSocket.DEFAULT_GATEWAY
    Route.BASE = fake.api_url
    DiscordWebSocket.DEFAULT_GATEWAY = yarl.URL(fake.gateway_url)
    try:
        yield
    finally:
        Route.BASE, DiscordWebSocket.DEFAULT_GATEWAY = saved


@pytest.fixture
async def fake() -> AsyncIterator[FakeDiscord]:
    server = FakeDiscord()
    await server.start()
    with pointed_at(server):
        yield server
    await server.close()


def bot_settings(**overrides: Any) -> Settings:
    """Return settings for a test bot: a guild to sync to, one help channel, no cooldown unless asked."""
    values: dict[str, Any] = {
        "discord_token": "good-token",
        "discord_guild_ids": [GUILD_ID],
        "faq_channel_ids": [HELP_CHANNEL_ID],
        "cooldown_questions": 0,
    }
    return Settings(_env_file=None, **(values | overrides))


@dataclass
class RunningBot:
    """The bot connected to the fake, and a way to wait until it has handled a message."""

    client: FaqClient | ShardedFaqClient
    core: ChatCore
    stop: asyncio.Event
    task: asyncio.Task[None]
    handled: dict[str, asyncio.Event] = field(default_factory=lambda: defaultdict(asyncio.Event))

    def trace_messages(self) -> None:
        """Wrap the bot's on_message so a test can wait until a message was fully handled (replies sent)."""
        original = self.client.on_message

        async def traced(message: discord.Message) -> None:
            try:
                await original(message)
            finally:
                self.handled[str(message.id)].set()

        self.client.on_message = traced  # type: ignore[method-assign]

    async def finished(self, message: dict[str, Any]) -> None:
        """Wait until the bot's on_message for a pushed message has returned."""
        await asyncio.wait_for(self.handled[message["id"]].wait(), TIMEOUT)

    async def shut_down(self) -> None:
        """Set stop, as SIGTERM does, and wait for run_client to return."""
        self.stop.set()
        await asyncio.wait_for(self.task, TIMEOUT)


StartBot = Callable[..., Awaitable[RunningBot]]


@pytest.fixture
async def start_bot(fake: FakeDiscord, corpus_dir: Path) -> AsyncIterator[StartBot]:
    """Return start(folder=None, view_timeout=600, recorder=None, **settings) -> a ready bot on the fake."""
    running: list[RunningBot] = []

    async def start(
        folder: Path | None = None,
        view_timeout: float = 600.0,
        recorder: OutcomeRecorder | None = None,
        **overrides: Any,
    ) -> RunningBot:
        settings = bot_settings(**overrides)
        service = await FaqService.start(folder or corpus_dir, settings.thresholds(), settings.max_question_chars)
        core = make_core(service, settings, recorder)
        client = make_client(core, settings, view_timeout=view_timeout, guild_ready_timeout=READY_WAIT)
        stop = asyncio.Event()
        task = asyncio.create_task(run_client(client, fake.token, stop))
        bot = RunningBot(client, core, stop, task)
        bot.trace_messages()
        running.append(bot)
        await until_ready(client.wait_until_ready(), task, TIMEOUT, "become ready")
        return bot

    yield start
    await shut_down_all(running)


@pytest.fixture
async def bot(start_bot: StartBot) -> RunningBot:
    """Return the bot on the small test corpus with default test settings."""
    return await start_bot()
