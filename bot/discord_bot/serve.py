"""Start, run and stop the Discord bot; map every start-up failure to one line for the admin."""

from __future__ import annotations

import asyncio
import logging

import aiohttp
import discord

from bot.chat import ChatCore
from bot.config import Settings
from bot.discord_bot.client import FaqClient, ShardedFaqClient, make_client
from bot.discord_bot.commands import build_tree, sync_commands
from bot.hangup import reload_on_hangup
from bot.runner import StartupError

log = logging.getLogger("bot.discord")

CLOSE_TIMEOUT = 10.0
REFUSED_CLOSE_CODES = {
    4004: "Discord rejected DISCORD_TOKEN on the gateway (authentication failed)",
    4010: "Discord refused the shard settings (SHARD_IDS/SHARD_COUNT)",
    4011: "this bot is in too many guilds for one shard; set DISCORD_AUTOSHARD=true or SHARD_COUNT",
    4013: "Discord refused the requested gateway intents",
}


def bot_token(settings: Settings) -> str:
    """Return the bot token, or raise StartupError when it is missing."""
    token = settings.discord_token.get_secret_value().strip() if settings.discord_token else ""
    if not token:
        raise StartupError("DISCORD_TOKEN is not set; put the bot token from the Discord developer portal in .env")
    return token


def check_shards(settings: Settings) -> None:
    """Raise StartupError when SHARD_IDS and SHARD_COUNT do not fit together."""
    if settings.shard_ids and settings.shard_count is None:
        raise StartupError("SHARD_IDS needs SHARD_COUNT (the total number of shards across all processes)")
    if settings.shard_count is not None and any(shard >= settings.shard_count for shard in settings.shard_ids):
        raise StartupError(f"SHARD_IDS must be below SHARD_COUNT ({settings.shard_count})")


async def serve(core: ChatCore, settings: Settings, stop: asyncio.Event) -> None:
    """Serve Discord until stop is set; raises StartupError when the bot cannot start."""
    token = bot_token(settings)
    check_shards(settings)
    await run_client(make_client(core, settings), token, stop)


async def run_client(client: FaqClient | ShardedFaqClient, token: str, stop: asyncio.Event) -> None:
    """Log in, stay connected until stop is set (SIGHUP reloads the corpus meanwhile), then close cleanly."""
    with reload_on_hangup(client.core, log):
        async with client:
            await log_in(client, token)
            await connect_until(client, stop)


async def log_in(client: discord.Client, token: str) -> None:
    """Log in over HTTP (this also syncs commands when enabled); a refused token becomes StartupError."""
    try:
        await client.login(token)
    except discord.LoginFailure:
        raise StartupError("Discord rejected DISCORD_TOKEN (401 Unauthorized); copy the bot's token again") from None
    except discord.Forbidden as error:
        raise StartupError(
            f"Discord refused a start-up request (HTTP 403: {error.text or 'forbidden'}); "
            "is the bot invited with the bot and applications.commands scopes?"
        ) from None
    except discord.HTTPException as error:
        raise StartupError(f"Discord answered HTTP {error.status} while logging in") from None
    except (aiohttp.ClientError, OSError) as error:
        raise StartupError(f"cannot reach Discord: {type(error).__name__}") from None


async def connect_until(client: discord.Client, stop: asyncio.Event) -> None:
    """Hold the gateway connection until stop is set or it fails; refused settings become StartupError."""
    connection = asyncio.create_task(client.connect(), name="discord-gateway")
    stopping = asyncio.create_task(stop.wait(), name="discord-stop")
    await asyncio.wait({connection, stopping}, return_when=asyncio.FIRST_COMPLETED)
    stopping.cancel()
    if connection.done():
        _raise_refusal(connection)
        return
    log.info("discord: stopping")
    await client.close()
    try:
        await asyncio.wait_for(connection, CLOSE_TIMEOUT)
    except (TimeoutError, discord.ConnectionClosed):
        log.warning("discord: the gateway did not close cleanly")


def _raise_refusal(connection: asyncio.Task[None]) -> None:
    """Re-raise how the gateway ended: a refusal of our settings as StartupError, anything else as it is."""
    error = connection.exception()
    if error is None:
        return
    if isinstance(error, discord.PrivilegedIntentsRequired):
        raise StartupError(
            "Discord refused the Message Content intent: enable it under Bot > Privileged Gateway Intents "
            "in the developer portal, or set DISCORD_MESSAGE_CONTENT=false"
        ) from None
    if isinstance(error, discord.ConnectionClosed) and error.code in REFUSED_CLOSE_CODES:
        raise StartupError(f"{REFUSED_CLOSE_CODES[error.code]} (gateway close code {error.code})") from None
    raise error


async def sync_only(settings: Settings) -> list[str]:
    """Log in over HTTP, register the slash commands (DISCORD_GUILD_IDS or global), and return what was done."""
    token = bot_token(settings)
    client = discord.Client(intents=discord.Intents.none())
    tree = build_tree(client)
    async with client:
        await log_in(client, token)
        try:
            return await sync_commands(tree, settings.discord_guild_ids)
        except discord.HTTPException as error:
            raise StartupError(f"Discord refused the command sync: HTTP {error.status} {error.text}") from None
