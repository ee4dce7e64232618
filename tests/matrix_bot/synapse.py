"""A real Synapse homeserver for the tests: configured in a temporary folder, on a free loopback port, with SQLite."""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

SERVER_NAME = "localhost"
SHARED_SECRET = "faqbot-test-registration-secret"
START_TIMEOUT = 90.0
STOP_TIMEOUT = 30.0
LOTS = {"per_second": 1000, "burst_count": 1000}


def free_port() -> int:
    """Return a TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def overrides(folder: Path, port: int) -> dict[str, Any]:
    """Return the settings that make the generated config a quick, local, test-only homeserver."""
    return {
        "listeners": [
            {
                "port": port,
                "bind_addresses": ["127.0.0.1"],
                "type": "http",
                "tls": False,
                "x_forwarded": False,
                "resources": [{"names": ["client"], "compress": False}],
            }
        ],
        "database": {"name": "sqlite3", "args": {"database": str(folder / "homeserver.db")}},
        "media_store_path": str(folder / "media"),
        "signing_key_path": str(folder / "localhost.signing.key"),
        "log_config": str(folder / "log.yaml"),
        "registration_shared_secret": SHARED_SECRET,
        "enable_registration": False,
        "enable_metrics": False,
        "report_stats": False,
        "trusted_key_servers": [],
        "suppress_key_server_warning": True,
        "federation_domain_whitelist": [],
        "bcrypt_rounds": 4,
        "presence": {"enabled": False},
        "url_preview_enabled": False,
        "rc_message": LOTS,
        "rc_registration": LOTS,
        "rc_login": {"address": LOTS, "account": LOTS, "failed_attempts": LOTS},
        "rc_joins": {"local": LOTS, "remote": LOTS},
        "rc_joins_per_room": LOTS,
        "rc_invites": {"per_room": LOTS, "per_user": LOTS, "per_issuer": LOTS},
        "rc_admin_redaction": LOTS,
        "rc_room_creation": LOTS,
        "rc_presence": {"per_user": LOTS},
    }


LOG_CONFIG = """\
version: 1
formatters:
  precise: {format: '%(asctime)s %(name)s %(levelname)s %(message)s'}
handlers:
  file: {class: logging.FileHandler, formatter: precise, filename: LOGFILE}
root: {level: WARNING, handlers: [file]}
disable_existing_loggers: false
"""


@dataclass
class Synapse:
    """One homeserver process; it can be stopped and started again on the same port and database."""

    folder: Path
    port: int
    process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        """Return the client-server API base URL."""
        return f"http://127.0.0.1:{self.port}"

    @classmethod
    def configure(cls, folder: Path) -> Synapse:
        """Generate a config in folder and apply the test overrides."""
        config = folder / "homeserver.yaml"
        subprocess.run(
            [sys.executable, "-m", "synapse.app.homeserver", "--generate-config", "--server-name", SERVER_NAME,
             "--config-path", str(config), "--data-directory", str(folder), "--report-stats=no"],
            check=True, cwd=folder, capture_output=True, timeout=START_TIMEOUT,
        )  # fmt: skip
        port = free_port()
        values = yaml.safe_load(config.read_text()) | overrides(folder, port)
        config.write_text(yaml.safe_dump(values))
        (folder / "log.yaml").write_text(LOG_CONFIG.replace("LOGFILE", str(folder / "homeserver.log")))
        return cls(folder, port)

    def start(self) -> None:
        """Start the homeserver and wait until it answers /_matrix/client/versions."""
        log = (self.folder / "stdout.log").open("ab")
        self.process = subprocess.Popen(
            [sys.executable, "-m", "synapse.app.homeserver", "-c", str(self.folder / "homeserver.yaml")],
            cwd=self.folder, stdout=log, stderr=subprocess.STDOUT,
        )  # fmt: skip
        deadline = time.monotonic() + START_TIMEOUT
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"synapse exited with {self.process.returncode}; see {self.folder}/stdout.log")
            try:
                self.request("GET", "/_matrix/client/versions")
                return
            except OSError:
                time.sleep(0.2)
        self.stop()
        raise RuntimeError(f"synapse did not answer within {START_TIMEOUT}s")

    def stop(self) -> None:
        """Terminate the homeserver process by its pid and wait for it."""
        if self.process is None or self.process.poll() is not None:
            return
        os.kill(self.process.pid, signal.SIGTERM)
        try:
            self.process.wait(STOP_TIMEOUT)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(STOP_TIMEOUT)

    def request(self, method: str, path: str, body: dict[str, Any] | None = None, token: str | None = None) -> Any:
        """Send one client-server API request and return the decoded JSON answer."""
        data = None if body is None else json.dumps(body).encode()
        request = urllib.request.Request(self.url + path, data=data, method=method)
        request.add_header("Content-Type", "application/json")
        if token:
            request.add_header("Authorization", f"Bearer {token}")
        with urllib.request.urlopen(request, timeout=30) as response:
            return json.loads(response.read() or b"{}")

    def register(self, username: str, password: str, admin: bool = False) -> dict[str, Any]:
        """Register a user with the shared-secret admin API; returns user_id, access_token and device_id."""
        nonce = self.request("GET", "/_synapse/admin/v1/register")["nonce"]
        message = b"\x00".join(
            [nonce.encode(), username.encode(), password.encode(), b"admin" if admin else b"notadmin"]
        )
        mac = hmac.new(SHARED_SECRET.encode(), message, hashlib.sha1).hexdigest()
        body = {"nonce": nonce, "username": username, "password": password, "admin": admin, "mac": mac}
        return self.request("POST", "/_synapse/admin/v1/register", body)
