"""Waiting for a bot started in a task: until it is ready, or its task fails, or time runs out."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Iterable
from typing import Any, Protocol


async def until_ready(ready: Awaitable[object], task: asyncio.Task[None], timeout: float, what: str) -> None:
    """Wait for ready; re-raise the task's error if it ended first; fail with `what` after timeout."""
    waiting = asyncio.ensure_future(ready)
    done, _ = await asyncio.wait({waiting, task}, timeout=timeout, return_when=asyncio.FIRST_COMPLETED)
    if waiting not in done:
        waiting.cancel()
        if task.done():
            task.result()
        raise AssertionError(f"the bot did not {what} in time")


class _Running(Protocol):
    """A bot started by a test fixture: its task and a way to stop it."""

    task: asyncio.Task[Any]

    async def shut_down(self) -> None:
        """Stop the bot and wait for its task."""


async def shut_down_all(bots: Iterable[_Running]) -> None:
    """Shut down every bot a fixture started whose task is still running."""
    for bot in bots:
        if not bot.task.done():
            await bot.shut_down()
