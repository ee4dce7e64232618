"""The outcome store: question outcomes, picks and answer votes in SQLite, written off the event loop."""

from __future__ import annotations

import contextlib
import logging
import queue
import sqlite3
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from bot.admin.database import DAY_SECONDS, StoreUnavailable, connect, hash_user, install_salt, purge
from bot.admin.stats import summary_text
from bot.chat import Asked
from bot.config import Settings
from bot.core.decision import Result, outcome_name, top_matches
from bot.core.model import Corpus

log = logging.getLogger(__name__)

PURGE_EVERY_SECONDS = 3_600.0
QUEUE_LIMIT = 10_000
BATCH_LIMIT = 500
_OUTCOME = (
    "INSERT INTO outcomes VALUES (:at, :platform, :user, :outcome, :entry_id, :score, :options, :lang,"
    " :latency_ms, :question)"
)
_PICK = "INSERT INTO picks VALUES (:at, :platform, :user, :entry_id, :question)"
_VOTE = (
    "INSERT INTO feedback VALUES (:platform, :user, :entry_id, :vote, :at) ON CONFLICT (platform, user_hash, entry_id)"
    " DO UPDATE SET vote = excluded.vote, at = excluded.at"
)
_UNVOTE = "DELETE FROM feedback WHERE platform = :platform AND user_hash = :user AND entry_id = :entry_id"


@dataclass(frozen=True, slots=True)
class _Write:
    """One statement to run: its values (the user id still in clear, hashed by the writer) and its time."""

    sql: str
    platform: str
    user_id: str
    values: dict[str, object]
    at: float


def open_store(settings: Settings) -> OutcomeStore | None:
    """Start the store the settings ask for; None when STATS_DB is empty (statistics off)."""
    if settings.stats_db is None:
        return None
    secret = settings.stats_salt.get_secret_value().encode() if settings.stats_salt is not None else None
    return OutcomeStore(
        settings.stats_db,
        store_questions=settings.store_questions,
        retention_days=settings.retention_days,
        salt=secret,
    )


class OutcomeStore:
    """Keeps outcomes, picks and votes (an OutcomeRecorder); a writer thread does the SQLite work.

    Recording only puts a row on a bounded queue, so answering never waits for the disk. When the database
    cannot be written (locked, full, unwritable path, not a database) rows are dropped, answering goes on,
    and the first failure is logged once.
    """

    def __init__(
        self,
        path: Path,
        *,
        store_questions: bool = False,
        retention_days: int = 90,
        salt: bytes | None = None,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.path = path
        self.store_questions = store_questions
        self.retention_days = retention_days
        self.clock = clock
        self.failures = 0
        self._salt = salt
        self._failure_lock = threading.Lock()
        self._warned = False
        self._queue: queue.Queue[_Write | threading.Event | None] = queue.Queue(QUEUE_LIMIT)
        self._thread = threading.Thread(target=self._run, name="faqbot-stats", daemon=True)
        self._thread.start()

    def record(self, asked: Asked, result: Result, latency_ms: float) -> None:
        """Queue one question's outcome; its text only when STORE_QUESTIONS is on."""
        matches = top_matches(result)
        entry_id, score = (matches[0].entry.id, matches[0].score) if matches else (None, 0.0)
        options = " ".join(match.entry.id for match in matches)
        values = {
            "outcome": outcome_name(result),
            "entry_id": entry_id,
            "score": round(score, 1),
            "options": options,
            "lang": str(result.lang),
            "latency_ms": latency_ms,
            "question": asked.text if self.store_questions else None,
        }
        self._put(_OUTCOME, asked.platform, asked.user_id, values)

    def record_pick(self, asked: Asked, entry_id: str) -> None:
        """Queue that a member resolved an unsure reply by picking an entry."""
        question = asked.text if self.store_questions else None
        self._put(_PICK, asked.platform, asked.user_id, {"entry_id": entry_id, "question": question})

    def record_feedback(self, platform: str, user_id: str, entry_id: str, vote: int) -> None:
        """Queue a vote (+1 or -1) that replaces the member's earlier vote on the entry; 0 withdraws it."""
        if vote in (1, -1):
            self._put(_VOTE, platform, user_id, {"entry_id": entry_id, "vote": vote})
        elif vote == 0:
            self._put(_UNVOTE, platform, user_id, {"entry_id": entry_id})

    def summary(self, corpus: Corpus, days: int, limit: int = 10) -> str:
        """Return the statistics summary of the last `days` days, or why there is none (blocking: run off the loop)."""
        try:
            return summary_text(self.path, corpus, days, self.clock(), limit)
        except StoreUnavailable as error:
            return f"No statistics: {error}."

    def flush(self, timeout: float = 10.0) -> bool:
        """Wait until every row queued so far has been handled; False if that took longer than timeout."""
        done = threading.Event()
        try:
            self._queue.put(done, timeout=timeout)
        except queue.Full:
            return False
        return done.wait(timeout)

    def close(self, timeout: float = 10.0) -> None:
        """Write what is queued and stop the writer thread; a second call does nothing."""
        if not self._thread.is_alive():
            return
        with contextlib.suppress(queue.Full):
            self._queue.put(None, timeout=timeout)
        self._thread.join(timeout)
        if self.failures:
            log.info("statistics: %d write(s) could not be stored in %s", self.failures, self.path)

    def _put(self, sql: str, platform: str, user_id: str, values: dict[str, object]) -> None:
        """Queue a row without waiting; a full queue drops it."""
        try:
            self._queue.put_nowait(_Write(sql, platform, user_id, values, self.clock()))
        except queue.Full:
            self._failed("the write queue is full")

    def _failed(self, why: object, lost: int = 1) -> None:
        """Count lost writes; log only the first failure."""
        with self._failure_lock:
            first, self._warned = not self._warned, True
            self.failures += lost
        if first:
            log.warning("statistics store %s is failing (%s); answering goes on without statistics", self.path, why)

    def _run(self) -> None:
        """Write queued rows until told to stop; purge old rows at start and every hour."""
        writer = _Writer(self.path, self._salt, self.retention_days, self.clock, self._failed)
        running = True
        while running:
            try:
                batch = [self._queue.get(timeout=PURGE_EVERY_SECONDS), *self._waiting()]
            except queue.Empty:
                writer.purge_if_due()
                continue
            writer.write([item for item in batch if isinstance(item, _Write)])
            for item in batch:
                if isinstance(item, threading.Event):
                    item.set()
                running = running and item is not None
        writer.close()

    def _waiting(self) -> list[_Write | threading.Event | None]:
        """Take what else is queued already, up to a batch, without waiting."""
        items: list[_Write | threading.Event | None] = []
        while len(items) < BATCH_LIMIT:
            try:
                items.append(self._queue.get_nowait())
            except queue.Empty:
                break
        return items


class _Writer:
    """The writer thread's connection: opened lazily, retried after failures, purged on schedule."""

    def __init__(
        self,
        path: Path,
        salt: bytes | None,
        retention_days: int,
        clock: Callable[[], float],
        failed: Callable[[object, int], None],
    ) -> None:
        self.path = path
        self.salt = salt
        self.retention_days = retention_days
        self.clock = clock
        self.failed = failed
        self.connection: sqlite3.Connection | None = None
        self.purged_at = float("-inf")
        self.open()

    def open(self, rows: int = 0) -> sqlite3.Connection | None:
        """Return the open database, opening it first if needed; on failure count `rows` as lost."""
        if self.connection is not None:
            return self.connection
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            connection = connect(self.path)
            self.salt = self.salt or install_salt(connection)
        except (OSError, ValueError, sqlite3.Error) as error:
            self.failed(error, rows)
            return None
        self.connection = connection
        self.purge_if_due()
        return connection

    def purge_if_due(self) -> None:
        """Delete rows past the retention period, at most once an hour."""
        now = self.clock()
        if self.connection is None or now - self.purged_at < PURGE_EVERY_SECONDS:
            return
        try:
            removed = purge(self.connection, now - self.retention_days * DAY_SECONDS)
        except sqlite3.Error as error:
            self.failed(error, 0)
            return
        self.purged_at = now
        if removed:
            log.info("statistics: deleted %d row(s) older than %d days", removed, self.retention_days)

    def write(self, items: list[_Write]) -> None:
        """Run statements in one transaction with user ids hashed; count what could not be stored."""
        connection = self.open(len(items))
        if not items or connection is None or self.salt is None:
            return
        self.purge_if_due()
        try:
            connection.execute("BEGIN")
            for item in items:
                self._execute(connection, item)
            connection.execute("COMMIT")
        except sqlite3.Error as error:
            self.failed(error, len(items))
            if connection.in_transaction:
                with contextlib.suppress(sqlite3.Error):
                    connection.execute("ROLLBACK")

    def _execute(self, connection: sqlite3.Connection, item: _Write) -> None:
        """Run one statement; a row the database refuses is counted and skipped."""
        user = hash_user(self.salt or b"", item.platform, item.user_id)
        try:
            connection.execute(item.sql, {"at": item.at, "platform": item.platform, "user": user, **item.values})
        except sqlite3.IntegrityError as error:
            self.failed(error, 1)

    def close(self) -> None:
        """Close the connection."""
        if self.connection is not None:
            self.connection.close()
