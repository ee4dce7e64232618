"""SIGHUP reloads the corpus of this process; shared by the adapters, installed once however many run."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import signal
from collections.abc import Iterator

from bot.chat import ChatCore

_users: dict[asyncio.AbstractEventLoop, int] = {}


@contextlib.contextmanager
def reload_on_hangup(core: ChatCore, log: logging.Logger) -> Iterator[None]:
    """While inside, SIGHUP reloads the corpus and logs the outcome on log (where signals exist).

    Adapters running side by side share one handler: the first installs it, the last removes it.
    """
    hangup = getattr(signal, "SIGHUP", None)
    loop = asyncio.get_running_loop()
    running: set[asyncio.Task[None]] = set()

    def on_hangup() -> None:
        task = loop.create_task(reload_and_log(core, log))
        running.add(task)
        task.add_done_callback(running.discard)

    installed = _users.get(loop, 0) > 0
    if not installed:
        try:
            loop.add_signal_handler(hangup, on_hangup)  # type: ignore[arg-type]
            installed = True
        except (NotImplementedError, RuntimeError, ValueError, TypeError):
            installed = False
    if installed:
        _users[loop] = _users.get(loop, 0) + 1
    try:
        yield
    finally:
        if installed:
            _users[loop] -= 1
            if not _users[loop]:
                del _users[loop]
                loop.remove_signal_handler(hangup)  # type: ignore[arg-type]


async def reload_and_log(core: ChatCore, log: logging.Logger) -> None:
    """Reload the corpus on a signal and log how it went."""
    outcome = await core.reload()
    level = logging.INFO if outcome.error is None else logging.WARNING
    log.log(level, "SIGHUP reload: %s", outcome.text())
