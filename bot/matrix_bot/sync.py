"""The sync loop: skip what happened before the start, then handle new events; ride out faults with backoff."""

from __future__ import annotations

import asyncio
import json
import logging
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import aiohttp
from nio import AsyncClient, SyncError, SyncResponse

from bot.matrix_bot.handler import MatrixHandler
from bot.matrix_bot.invites import accept_invites
from bot.matrix_bot.memory import Expiring
from bot.runner import StartupError

log = logging.getLogger("bot.matrix")

TOKEN_FILE = "sync-token.json"
FIRST_FILTER = {"room": {"timeline": {"limit": 1}, "state": {"lazy_load_members": True}}}
LATER_FILTER = {"room": {"timeline": {"limit": 100}, "state": {"lazy_load_members": True}}}
SEEN_SIZE = 10_000
SEEN_SECONDS = 3600.0
NETWORK_ERRORS = (aiohttp.ClientError, OSError, asyncio.TimeoutError)


@dataclass(frozen=True, slots=True)
class Timing:
    """How long a sync waits for news, and the backoff after a failed one."""

    sync_timeout_ms: int = 30_000
    first_retry: float = 1.0
    max_retry: float = 60.0


def retry_delay(failures: int, timing: Timing, error: SyncError | None = None) -> float:
    """Return the wait before the next try: the server's retry_after_ms when rate limited, else capped doubling."""
    if error is not None and error.status_code == "M_LIMIT_EXCEEDED" and error.retry_after_ms:
        return error.retry_after_ms / 1000
    return min(timing.max_retry, timing.first_retry * 2 ** max(0, failures - 1))


class TokenFile:
    """The last sync position (next_batch) of one account, kept in MATRIX_STORE_PATH across restarts."""

    def __init__(self, folder: Path, user_id: str) -> None:
        self.path = folder / TOKEN_FILE
        self.user_id = user_id
        self._failed = False

    def load(self) -> str | None:
        """Return the saved token of this account, or None (no file, another account, unreadable)."""
        try:
            saved = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        token = saved.get("next_batch") if isinstance(saved, dict) and saved.get("user_id") == self.user_id else None
        return token if isinstance(token, str) else None

    def save(self, token: str) -> None:
        """Write the token atomically; a failure is logged once and syncing goes on."""
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            partial = self.path.with_name(f".{TOKEN_FILE}.tmp")
            partial.write_text(json.dumps({"user_id": self.user_id, "next_batch": token}), encoding="utf-8")
            os.replace(partial, self.path)
        except OSError as error:
            if not self._failed:
                log.warning("matrix: cannot save the sync position in %s: %s", self.path, error)
            self._failed = True


class SyncLoop:
    """Sync until stopped: the first answer is skipped (only invites count), later events go to the handler."""

    def __init__(self, client: AsyncClient, handler: MatrixHandler, tokens: TokenFile, timing: Timing) -> None:
        self.client = client
        self.handler = handler
        self.tokens = tokens
        self.timing = timing
        self.seen: Expiring[str, bool] = Expiring(SEEN_SIZE, SEEN_SECONDS)

    async def run(self, stop: asyncio.Event, ready: asyncio.Event | None = None) -> None:
        """Sync and handle until stop is set (ready is set after the first sync); a sync's handling always ends."""
        since = self.tokens.load()
        first = True
        while not stop.is_set():
            response = await self._next(since, first, stop)
            if response is None:
                return
            await accept_invites(self.client, response, self.handler.settings.matrix_invite_allowlist)
            if first:
                log.info("matrix: synced; skipping everything from before the start")
            else:
                await self._handle(response)
            since, first = response.next_batch, False
            self.tokens.save(since)
            if ready is not None:
                ready.set()

    async def _handle(self, response: SyncResponse) -> None:
        """Give every new timeline event of the joined rooms to the handler, once."""
        for room_id, room in response.rooms.join.items():
            for source in since_joining([event.source for event in room.timeline.events], self.client.user_id):
                event_id = str(source.get("event_id"))
                if self.seen.get(event_id):
                    continue
                self.seen.put(event_id, True)
                await self.handler.handle(room_id, source)

    async def _next(self, since: str | None, first: bool, stop: asyncio.Event) -> SyncResponse | None:
        """Return the next sync answer, retrying with backoff; None when stop is set first."""
        failures = 0
        while True:
            outcome = await self._sync_or_stop(since, first, stop)
            if outcome is None:
                return None
            if isinstance(outcome, SyncResponse):
                if failures:
                    log.info("matrix: sync works again after %d failed attempt(s)", failures)
                return outcome
            failures += 1
            error = outcome if isinstance(outcome, SyncError) else None
            if error is not None and error.status_code in ("M_UNKNOWN_TOKEN", "M_MISSING_TOKEN"):
                raise StartupError("the homeserver no longer accepts the bot's access token (M_UNKNOWN_TOKEN)")
            delay = retry_delay(failures, self.timing, error)
            log.warning("matrix: sync failed (%s); retrying in %.1fs (attempt %d)", describe(outcome), delay, failures)
            if await _stopped_within(stop, delay):
                return None

    async def _sync_or_stop(
        self, since: str | None, first: bool, stop: asyncio.Event
    ) -> SyncResponse | SyncError | BaseException | None:
        """Run one sync; return its answer, the network error it raised, or None when stop came first."""
        timeout = 0 if first else self.timing.sync_timeout_ms
        sync = asyncio.ensure_future(
            self.client.sync(timeout=timeout, since=since, sync_filter=FIRST_FILTER if first else LATER_FILTER)
        )
        stopping = asyncio.ensure_future(stop.wait())
        await asyncio.wait({sync, stopping}, return_when=asyncio.FIRST_COMPLETED)
        stopping.cancel()
        if not sync.done():
            sync.cancel()
            await asyncio.gather(sync, return_exceptions=True)
            return None
        error = sync.exception()
        if error is None:
            return sync.result()
        if isinstance(error, NETWORK_ERRORS):
            return error
        raise error


def since_joining(events: list[dict[str, Any]], user_id: str) -> list[dict[str, Any]]:
    """Return the events after the bot's own join when the timeline holds it (a room just joined shows history)."""
    for position in range(len(events) - 1, -1, -1):
        if is_own_join(events[position], user_id):
            return events[position + 1 :]
    return events


def is_own_join(event: dict[str, Any], user_id: str) -> bool:
    """Return whether an event is the bot joining a room (not a profile change of a member already in it)."""
    if event.get("type") != "m.room.member" or event.get("state_key") != user_id:
        return False
    before = ((event.get("unsigned") or {}).get("prev_content") or {}).get("membership")
    return (event.get("content") or {}).get("membership") == "join" and before != "join"


def describe(outcome: SyncError | BaseException) -> str:
    """Describe a failed sync for the log: the error code, or the exception's type (no URLs, no tokens)."""
    if isinstance(outcome, SyncError):
        return f"{outcome.status_code or 'error'}: {outcome.message}"
    return type(outcome).__name__


async def _stopped_within(stop: asyncio.Event, seconds: float) -> bool:
    """Wait up to seconds; return True as soon as stop is set."""
    try:
        await asyncio.wait_for(stop.wait(), seconds)
    except TimeoutError:
        return False
    return True
