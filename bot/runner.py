"""`faqbot run`: one FaqService, one ChatCore, any set of chat adapters in one process."""

from __future__ import annotations

import asyncio
import contextlib
import importlib
import logging
import signal
from collections.abc import Awaitable, Callable
from pathlib import Path

from bot.admin.store import open_store
from bot.chat import ChatCore, OutcomeRecorder
from bot.config import Settings
from bot.cooldown import Cooldown
from bot.core.service import FaqService
from bot.logs import protect_secrets

log = logging.getLogger(__name__)

PLATFORMS = {"discord": "bot.discord_bot", "matrix": "bot.matrix_bot"}

Serve = Callable[[ChatCore, Settings, asyncio.Event], Awaitable[None]]


class StartupError(Exception):
    """An adapter cannot start (missing or rejected credentials, bad settings); one line for the user."""


def adapter(platform: str) -> Serve:
    """Return the serve coroutine of a platform's adapter."""
    module = importlib.import_module(PLATFORMS[platform])
    return module.serve


def make_core(service: FaqService, settings: Settings, recorder: OutcomeRecorder | None = None) -> ChatCore:
    """Build the shared chat core from the settings."""
    cooldown = Cooldown(settings.cooldown_questions, settings.cooldown_seconds)
    return ChatCore(service, cooldown, recorder, settings.log_questions)


async def run_platforms(platforms: list[str], settings: Settings, folder: Path) -> None:
    """Serve the platforms until SIGTERM/SIGINT or until one of them fails; raises StartupError."""
    protect_secrets(settings.secret_values())
    service = await FaqService.start(folder, settings.thresholds(), settings.max_question_chars)
    store = open_store(settings)
    core = make_core(service, settings, store)
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGTERM, signal.SIGINT):
        with contextlib.suppress(NotImplementedError):
            loop.add_signal_handler(signum, stop.set)
    tasks = [asyncio.create_task(adapter(name)(core, settings, stop), name=name) for name in platforms]
    try:
        await _until_first_failure(tasks, stop)
    finally:
        for signum in (signal.SIGTERM, signal.SIGINT):
            with contextlib.suppress(NotImplementedError):
                loop.remove_signal_handler(signum)
        if store is not None:
            await asyncio.to_thread(store.close)


async def _until_first_failure(tasks: list[asyncio.Task[None]], stop: asyncio.Event) -> None:
    """Wait for every adapter; when one fails, ask the others to stop and re-raise its error."""
    pending: set[asyncio.Task[None]] = set(tasks)
    failure: BaseException | None = None
    while pending:
        done, pending = await asyncio.wait(pending, return_when=asyncio.FIRST_COMPLETED)
        for task in done:
            if task.exception() is not None and failure is None:
                failure = task.exception()
                log.info("%s adapter stopped: %s", task.get_name(), type(failure).__name__)
                stop.set()
    if failure is not None:
        raise failure
