"""Start, run and stop the Matrix bot; every start-up failure becomes one line for the admin."""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass

import aiohttp
from nio import (
    AsyncClient,
    AsyncClientConfig,
    LoginResponse,
    ProfileGetDisplayNameResponse,
    RoomResolveAliasResponse,
    WhoamiResponse,
)

from bot.chat import ChatCore
from bot.config import Settings
from bot.hangup import reload_on_hangup
from bot.logs import protect_secrets
from bot.matrix_bot.handler import MatrixHandler
from bot.matrix_bot.sync import SyncLoop, Timing, TokenFile
from bot.matrix_bot.triggers import Identity
from bot.runner import StartupError

log = logging.getLogger("bot.matrix")

DEVICE_NAME = "faqbot"
REJECTED_CODES = ("M_UNKNOWN_TOKEN", "M_MISSING_TOKEN", "M_FORBIDDEN", "M_USER_DEACTIVATED")


@dataclass(frozen=True, slots=True)
class Credentials:
    """Where and as whom the bot logs in; token or password, the token first."""

    homeserver: str
    user_id: str
    token: str
    password: str
    device_id: str | None


def read_credentials(settings: Settings) -> Credentials:
    """Return the credentials from the settings, or raise StartupError naming what is missing or malformed."""
    homeserver = (settings.matrix_homeserver or "").strip().rstrip("/")
    user_id = (settings.matrix_user_id or "").strip()
    token = settings.matrix_access_token.get_secret_value().strip() if settings.matrix_access_token else ""
    password = settings.matrix_password.get_secret_value() if settings.matrix_password else ""
    missing = [name for name, value in (("MATRIX_HOMESERVER", homeserver), ("MATRIX_USER_ID", user_id)) if not value]
    if not token and not password:
        missing.append("MATRIX_ACCESS_TOKEN or MATRIX_PASSWORD")
    if missing:
        raise StartupError(f"{', '.join(missing)} not set; put the bot account's details in .env (see .env.example)")
    if not homeserver.startswith(("https://", "http://")):
        raise StartupError("MATRIX_HOMESERVER must be a URL starting with https://, e.g. https://matrix.example.org")
    if not user_id.startswith("@") or ":" not in user_id:
        raise StartupError("MATRIX_USER_ID must be a full user id, e.g. @faqbot:example.org")
    return Credentials(homeserver, user_id, token, password, settings.matrix_device_id or None)


def make_client(credentials: Credentials) -> AsyncClient:
    """Return a client without end-to-end encryption whose requests fail fast, so the sync loop decides on retries."""
    config = AsyncClientConfig(max_limit_exceeded=0, max_timeouts=0, encryption_enabled=False, store_sync_tokens=False)
    return AsyncClient(credentials.homeserver, credentials.user_id, device_id=credentials.device_id, config=config)


async def log_in(client: AsyncClient, credentials: Credentials) -> None:
    """Use the access token (checked with whoami) or log in with the password; refusals become StartupError."""
    try:
        if credentials.token:
            client.access_token = credentials.token
            answer = await client.whoami()
            if not isinstance(answer, WhoamiResponse):
                raise StartupError(f"the homeserver rejected MATRIX_ACCESS_TOKEN ({answer.status_code})")
            if answer.user_id != credentials.user_id:
                raise StartupError(f"MATRIX_ACCESS_TOKEN belongs to {answer.user_id}, not MATRIX_USER_ID")
            client.user_id, client.device_id = answer.user_id, answer.device_id or client.device_id
            return
        answer = await client.login(credentials.password, device_name=DEVICE_NAME)
        if not isinstance(answer, LoginResponse):
            raise StartupError(
                f"the homeserver rejected MATRIX_PASSWORD for {credentials.user_id} ({answer.status_code})"
            )
    except (TimeoutError, aiohttp.ClientError, OSError) as error:
        raise StartupError(
            f"cannot reach MATRIX_HOMESERVER {credentials.homeserver} ({type(error).__name__})"
        ) from None


async def identity(client: AsyncClient) -> Identity:
    """Return the bot's user id and display name (for mentions by name)."""
    answer = await client.get_displayname(client.user_id)
    name = answer.displayname if isinstance(answer, ProfileGetDisplayNameResponse) else None
    return Identity(client.user_id, name)


async def faq_room_ids(client: AsyncClient, rooms: list[str]) -> set[str]:
    """Return the ids of MATRIX_FAQ_ROOMS, resolving #aliases; an alias that does not resolve is logged."""
    ids = {room for room in rooms if not room.startswith("#")}
    for alias in (room for room in rooms if room.startswith("#")):
        answer = await client.room_resolve_alias(alias)
        if isinstance(answer, RoomResolveAliasResponse):
            ids.add(answer.room_id)
        else:
            log.warning("matrix: MATRIX_FAQ_ROOMS alias %s does not resolve: %s", alias, answer)
    return ids


async def serve(
    core: ChatCore,
    settings: Settings,
    stop: asyncio.Event,
    *,
    timing: Timing | None = None,
    ready: asyncio.Event | None = None,
) -> None:
    """Serve Matrix until stop is set (ready is set once the first sync is done); StartupError when it cannot start."""
    credentials = read_credentials(settings)
    protect_secrets([credentials.token, credentials.password])
    with reload_on_hangup(core, log):
        client = make_client(credentials)
        try:
            await log_in(client, credentials)
            protect_secrets([client.access_token])
            me = await identity(client)
            rooms = await faq_room_ids(client, settings.matrix_faq_rooms)
            log.info("matrix: logged in as %s (%s), %d FAQ room(s)", me.user_id, me.display_name, len(rooms))
            handler = MatrixHandler(client, core, settings, me, rooms)
            tokens = TokenFile(settings.matrix_store_path, me.user_id)
            await SyncLoop(client, handler, tokens, timing or Timing()).run(stop, ready)
            log.info("matrix: stopping")
        finally:
            await client.close()
