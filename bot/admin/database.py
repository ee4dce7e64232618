"""The statistics database: its schema, connections, the install's salt, user hashing and retention."""

from __future__ import annotations

import hashlib
import hmac
import secrets
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

DAY_SECONDS = 86_400
BUSY_TIMEOUT_SECONDS = 2.0
SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS outcomes (
    at REAL NOT NULL, platform TEXT NOT NULL, user_hash TEXT NOT NULL, outcome TEXT NOT NULL,
    entry_id TEXT, score REAL NOT NULL, options TEXT NOT NULL, lang TEXT NOT NULL,
    latency_ms REAL NOT NULL, question TEXT
);
CREATE INDEX IF NOT EXISTS outcomes_at ON outcomes (at);
CREATE TABLE IF NOT EXISTS picks (
    at REAL NOT NULL, platform TEXT NOT NULL, user_hash TEXT NOT NULL, entry_id TEXT NOT NULL, question TEXT
);
CREATE INDEX IF NOT EXISTS picks_at ON picks (at);
CREATE TABLE IF NOT EXISTS feedback (
    platform TEXT NOT NULL, user_hash TEXT NOT NULL, entry_id TEXT NOT NULL,
    vote INTEGER NOT NULL CHECK (vote IN (-1, 1)), at REAL NOT NULL,
    PRIMARY KEY (platform, user_hash, entry_id)
);
CREATE INDEX IF NOT EXISTS feedback_at ON feedback (at);
"""
_TABLES = ("outcomes", "picks", "feedback")


class StoreUnavailable(Exception):
    """The statistics database cannot be read; the message says why in one line."""


def connect(path: Path) -> sqlite3.Connection:
    """Open the database with a short busy timeout and make sure its tables exist."""
    connection = sqlite3.connect(path, timeout=BUSY_TIMEOUT_SECONDS, isolation_level=None)
    try:
        connection.executescript(SCHEMA)
    except sqlite3.Error:
        connection.close()
        raise
    return connection


@contextmanager
def reading(path: Path) -> Iterator[sqlite3.Connection]:
    """Open an existing database for reports; raise StoreUnavailable when there is none or it cannot be read."""
    if not path.is_file():
        raise StoreUnavailable(f"nothing has been recorded at {path} (STATS_DB) yet")
    connection = None
    try:
        connection = connect(path)
        yield connection
    except sqlite3.Error as error:
        raise StoreUnavailable(f"cannot read the statistics at {path}: {error}") from error
    finally:
        if connection is not None:
            connection.close()


def install_salt(connection: sqlite3.Connection) -> bytes:
    """Return this install's random salt, creating it on first use."""
    connection.execute("INSERT OR IGNORE INTO meta VALUES ('salt', ?)", (secrets.token_hex(32),))
    return bytes.fromhex(connection.execute("SELECT value FROM meta WHERE key = 'salt'").fetchone()[0])


def hash_user(salt: bytes, platform: str, user_id: str) -> str:
    """Return the keyed hash that stands for a user; the id itself is never stored."""
    return hmac.new(salt, f"{platform}\0{user_id}".encode(), hashlib.sha256).hexdigest()


def purge(connection: sqlite3.Connection, before: float) -> int:
    """Delete every row older than a time; return how many went."""
    return sum(connection.execute(f"DELETE FROM {table} WHERE at < ?", (before,)).rowcount for table in _TABLES)
