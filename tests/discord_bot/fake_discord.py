"""A small fake Discord on 127.0.0.1: the REST routes the bot uses and a gateway websocket.

An unmodified discord.py client is pointed at it (see `pointed_at` in conftest.py). The fake records
every HTTP request the bot makes, answers them the way Discord does, and lets a test push gateway
events (MESSAGE_CREATE, INTERACTION_CREATE) to the connected shards.
"""

from __future__ import annotations

import asyncio
import itertools
import json
import re
from dataclasses import dataclass, field
from typing import Any

from aiohttp import WSMsgType, web

API_PREFIX = "/api/v10"
TIMEOUT = 10.0
TIMESTAMP = "2024-05-01T12:00:00.000000+00:00"

BOT_ID = 900_001
APP_ID = 900_002
OWNER_ID = 900_003
GUILD_ID = 5 << 22  # shard 0 of 1, shard 1 of 2
CHANNEL_ID = 700_001
HELP_CHANNEL_ID = 700_002
ADMIN_ROLE_ID = 800_001
MANAGER_ROLE_ID = 800_002
MANAGE_GUILD = 1 << 5
EVERYONE_PERMISSIONS = (1 << 10) | (1 << 11) | (1 << 31)  # view channel, send messages, use application commands
INTENT_MESSAGE_CONTENT = 1 << 15


@dataclass
class Recorded:
    """One HTTP request the bot made."""

    method: str
    path: str
    body: Any
    query: dict[str, str]
    authorization: str | None


@dataclass
class Shard:
    """One gateway connection and what it identified with."""

    ws: web.WebSocketResponse
    identify: dict[str, Any] = field(default_factory=dict)
    sequence: int = 0
    ready: asyncio.Event = field(default_factory=asyncio.Event)
    close_code: int | None = None

    @property
    def shard(self) -> tuple[int, int]:
        """Return (shard id, shard count) as identified."""
        shard_id, count = self.identify.get("shard", [0, 1])
        return shard_id, count

    async def send(self, op: int, data: Any, event: str | None = None) -> None:
        """Send one gateway payload as a text frame."""
        payload: dict[str, Any] = {"op": op, "d": data}
        if op == 0:
            self.sequence += 1
            payload.update(s=self.sequence, t=event)
        await self.ws.send_str(json.dumps(payload))


def user(user_id: int, name: str = "member", *, bot: bool = False) -> dict[str, Any]:
    """Return a user object."""
    return {
        "id": str(user_id),
        "username": name,
        "discriminator": "0",
        "global_name": name,
        "avatar": None,
        "bot": bot,
    }


def role(role_id: int, name: str, permissions: int, position: int) -> dict[str, Any]:
    """Return a role object."""
    return {
        "id": str(role_id),
        "name": name,
        "permissions": str(permissions),
        "position": position,
        "color": 0,
        "hoist": False,
        "managed": False,
        "mentionable": False,
        "flags": 0,
    }


def text_channel(channel_id: int, guild_id: int, name: str) -> dict[str, Any]:
    """Return a guild text channel."""
    return {
        "id": str(channel_id),
        "guild_id": str(guild_id),
        "type": 0,
        "name": name,
        "position": 0,
        "permission_overwrites": [],
        "nsfw": False,
        "parent_id": None,
    }


def _json(data: Any, status: int = 200) -> web.Response:
    """Return a JSON response with Discord's exact content type (discord.py compares it verbatim)."""
    body = json.dumps(data).encode()
    return web.Response(body=body, status=status, headers={"Content-Type": "application/json"})


class FakeDiscord:
    """Discord's REST API and gateway, as much of them as the FAQ bot uses."""

    def __init__(self, token: str = "good-token", *, guild_ids: tuple[int, ...] = (GUILD_ID,)) -> None:
        self.token = token
        self.guild_ids = guild_ids
        self.refuse_message_content = False
        self.close_on_identify: int | None = None
        self.requests: list[Recorded] = []
        self.shards: list[Shard] = []
        self.messages: dict[int, dict[str, Any]] = {}
        self.interactions: dict[int, dict[str, Any]] = {}
        self._taken: set[int] = set()
        self._ids = itertools.count(10_000_000)
        self._changed = asyncio.Condition()
        self._runner: web.AppRunner | None = None
        self.url = ""

    # --- server ---------------------------------------------------------------------------------

    async def start(self) -> None:
        """Listen on a free port of 127.0.0.1."""
        app = web.Application()
        app.router.add_get("/gateway", self._gateway)
        app.router.add_route("*", API_PREFIX + "/{path:.*}", self._rest)
        self._runner = web.AppRunner(app)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        port = self._runner.addresses[0][1]
        self.url = f"http://127.0.0.1:{port}"

    async def close(self) -> None:
        """Close every gateway connection and stop listening."""
        for shard in self.shards:
            await shard.ws.close()
        if self._runner is not None:
            await self._runner.cleanup()

    @property
    def api_url(self) -> str:
        """Return the REST base URL (what discord.http.Route.BASE is set to)."""
        return self.url + API_PREFIX

    @property
    def gateway_url(self) -> str:
        """Return the gateway websocket URL."""
        return self.url.replace("http://", "ws://") + "/gateway"

    def new_id(self) -> int:
        """Return a fresh snowflake."""
        return next(self._ids)

    # --- waiting ----------------------------------------------------------------------------------

    async def _notify(self) -> None:
        """Wake every waiter after something was recorded."""
        async with self._changed:
            self._changed.notify_all()

    async def _wait_for(self, found: Any, what: str) -> Any:
        """Wait until found() returns something other than None; fail after TIMEOUT seconds."""
        result = None

        def check() -> bool:
            nonlocal result
            result = found()
            return result is not None

        async with self._changed:
            try:
                await asyncio.wait_for(self._changed.wait_for(check), TIMEOUT)
            except TimeoutError:
                seen = [f"{item.method} {item.path}" for item in self.requests]
                raise AssertionError(f"timed out waiting for {what}; requests so far: {seen}") from None
        return result

    async def next_request(self, method: str, pattern: str) -> Recorded:
        """Wait for the first request not yet taken whose method matches and whose path matches the regex."""

        def found() -> Recorded | None:
            for number, item in enumerate(self.requests):
                if number not in self._taken and item.method == method and re.fullmatch(pattern, item.path):
                    self._taken.add(number)
                    return item
            return None

        return await self._wait_for(found, f"{method} {pattern}")

    def requests_to(self, method: str, pattern: str) -> list[Recorded]:
        """Return every request so far that matches, taken or not."""
        return [item for item in self.requests if item.method == method and re.fullmatch(pattern, item.path)]

    async def callback(self, interaction: dict[str, Any]) -> dict[str, Any]:
        """Wait for the bot's response to an interaction and return its body (type, data)."""
        recorded = await self.next_request("POST", rf"/interactions/{interaction['id']}/[^/]+/callback")
        return recorded.body

    async def channel_post(self, channel_id: int) -> dict[str, Any]:
        """Wait for the bot's next message in a channel and return its body."""
        return (await self.next_request("POST", rf"/channels/{channel_id}/messages")).body

    async def closed_shards(self, count: int) -> list[Shard]:
        """Wait until count gateway connections have closed."""

        def found() -> list[Shard] | None:
            closed = [shard for shard in self.shards if shard.close_code is not None]
            return closed if len(closed) >= count else None

        return await self._wait_for(found, f"{count} closed shard(s)")

    async def ready_shards(self, count: int) -> list[Shard]:
        """Wait until count shards have identified and been sent READY."""

        def found() -> list[Shard] | None:
            ready = [shard for shard in self.shards if shard.ready.is_set()]
            return ready if len(ready) >= count else None

        return await self._wait_for(found, f"{count} ready shard(s)")

    # --- REST -------------------------------------------------------------------------------------

    async def _rest(self, request: web.Request) -> web.Response:
        """Record a REST request and answer it like Discord."""
        path = "/" + request.match_info["path"]
        body = await request.json() if request.can_read_body else None
        recorded = Recorded(request.method, path, body, dict(request.query), request.headers.get("Authorization"))
        self.requests.append(recorded)
        try:
            if recorded.authorization != f"Bot {self.token}" and not path.startswith(("/interactions", "/webhooks")):
                return _json({"message": "401: Unauthorized", "code": 0}, status=401)
            return self._answer(recorded)
        finally:
            await self._notify()

    def _answer(self, request: Recorded) -> web.Response:
        """Return Discord's answer to one REST request."""
        method, path, body = request.method, request.path, request.body
        if (method, path) == ("GET", "/users/@me"):
            return _json(user(BOT_ID, "faqbot", bot=True))
        if (method, path) == ("GET", "/oauth2/applications/@me"):
            return _json(self._application())
        if (method, path) == ("GET", "/gateway/bot"):
            limit = {"total": 1000, "remaining": 1000, "reset_after": 0, "max_concurrency": 1}
            return _json({"url": self.gateway_url, "shards": 1, "session_start_limit": limit})
        if match := re.fullmatch(r"/applications/\d+(?:/guilds/(\d+))?/commands", path):
            if match[1] is not None and int(match[1]) not in self.guild_ids:
                return _json({"message": "Missing Access", "code": 50001}, status=403)
            return _json([self._registered(command) for command in body])
        if match := re.fullmatch(r"/channels/(\d+)/messages", path):
            return _json(self._store_message(int(match[1]), body), status=200)
        if match := re.fullmatch(r"/channels/(\d+)/messages/(\d+)", path):
            return _json(self._edit_message(int(match[2]), body))
        if match := re.fullmatch(r"/interactions/(\d+)/[^/]+/callback", path):
            return self._interaction_callback(int(match[1]), body)
        if match := re.fullmatch(r"/webhooks/\d+/([^/]+)", path):
            return _json(self._store_message(self._channel_of_token(match[1]), body))
        if match := re.fullmatch(r"/webhooks/\d+/([^/]+)/messages/(@original|\d+)", path):
            return _json(self._edit_webhook_message(match[1], match[2], body or {}))
        return _json({"message": f"fake Discord has no route {method} {path}", "code": 0}, status=404)

    def _application(self) -> dict[str, Any]:
        """Return the application object of the bot."""
        return {
            "id": str(APP_ID),
            "name": "faqbot",
            "description": "",
            "icon": None,
            "bot_public": False,
            "bot_require_code_grant": False,
            "owner": user(OWNER_ID, "owner"),
            "verify_key": "0" * 64,
            "flags": 0,
        }

    def _registered(self, command: dict[str, Any]) -> dict[str, Any]:
        """Return a registered application command as Discord echoes it."""
        return {"id": str(self.new_id()), "application_id": str(APP_ID), "version": "1", **command}

    def _store_message(self, channel_id: int, body: dict[str, Any]) -> dict[str, Any]:
        """Create a message the bot sent and return it."""
        message_id = self.new_id()
        message = {
            "id": str(message_id),
            "channel_id": str(channel_id),
            "author": user(BOT_ID, "faqbot", bot=True),
            "content": body.get("content") or "",
            "embeds": body.get("embeds") or [],
            "components": body.get("components") or [],
            "flags": body.get("flags", 0),
            "timestamp": TIMESTAMP,
            "edited_timestamp": None,
            "tts": False,
            "mention_everyone": False,
            "mentions": [],
            "mention_roles": [],
            "attachments": [],
            "pinned": False,
            "type": 19 if body.get("message_reference") else 0,
        }
        self.messages[message_id] = message
        return message

    def _edit_message(self, message_id: int, body: dict[str, Any]) -> dict[str, Any]:
        """Apply an edit to a stored message and return it."""
        message = self.messages[message_id]
        for key in ("content", "embeds", "components"):
            if key in body:
                message[key] = body[key] if body[key] is not None else ("" if key == "content" else [])
        message["edited_timestamp"] = TIMESTAMP
        return message

    def _channel_of_token(self, token: str) -> int:
        """Return the channel of the interaction an interaction token belongs to."""
        interaction = next(item for item in self.interactions.values() if item["token"] == token)
        return int(interaction["channel_id"])

    def _interaction_callback(self, interaction_id: int, body: dict[str, Any]) -> web.Response:
        """Answer an interaction response like Discord with with_response=1."""
        interaction = self.interactions[interaction_id]
        kind, data = body["type"], body.get("data") or {}
        head: dict[str, Any] = {"id": str(interaction_id), "type": interaction["type"]}
        if kind in (4, 5):
            message = self._store_message(int(interaction["channel_id"]), data)
            interaction["response_message_id"] = message["id"]
        elif kind == 7:
            message = self._edit_message(int(interaction["message"]["id"]), data)
        else:
            return _json({"interaction": head})
        head.update(
            response_message_id=message["id"],
            response_message_loading=kind == 5,
            response_message_ephemeral=bool(data.get("flags", 0) & 64),
        )
        return _json({"interaction": head, "resource": {"type": kind, "message": message}})

    def _edit_webhook_message(self, token: str, which: str, body: dict[str, Any]) -> dict[str, Any]:
        """Edit the original response of an interaction, or one of its follow-ups."""
        if which == "@original":
            interaction = next(item for item in self.interactions.values() if item["token"] == token)
            which = interaction["response_message_id"]
        return self._edit_message(int(which), body)

    # --- gateway ----------------------------------------------------------------------------------

    async def _gateway(self, request: web.Request) -> web.WebSocketResponse:
        """Serve one gateway connection: HELLO, heartbeat ACKs, IDENTIFY -> READY and GUILD_CREATE."""
        ws = web.WebSocketResponse()
        await ws.prepare(request)
        shard = Shard(ws)
        self.shards.append(shard)
        await shard.send(10, {"heartbeat_interval": 45_000})
        async for frame in ws:
            if frame.type is not WSMsgType.TEXT:
                break
            payload = json.loads(frame.data)
            if payload["op"] == 1:
                await shard.send(11, None)
            elif payload["op"] == 2:
                await self._identified(shard, payload["d"])
        shard.close_code = ws.close_code
        await self._notify()
        return ws

    async def _identified(self, shard: Shard, identify: dict[str, Any]) -> None:
        """Answer IDENTIFY with READY and the guilds of this shard, or close as Discord would."""
        shard.identify = identify
        if identify["token"] != self.token:
            await shard.ws.close(code=4004, message=b"Authentication failed.")
            return
        if self.refuse_message_content and identify["intents"] & INTENT_MESSAGE_CONTENT:
            await shard.ws.close(code=4014, message=b"Disallowed intent(s).")
            return
        if self.close_on_identify is not None:
            await shard.ws.close(code=self.close_on_identify, message=b"Refused.")
            return
        shard_id, count = shard.shard
        guilds = [guild_id for guild_id in self.guild_ids if (guild_id >> 22) % count == shard_id]
        ready = {
            "v": 10,
            "user": user(BOT_ID, "faqbot", bot=True),
            "guilds": [{"id": str(guild_id), "unavailable": True} for guild_id in guilds],
            "session_id": f"session-{shard_id}",
            "resume_gateway_url": self.gateway_url,
            "application": {"id": str(APP_ID), "flags": 0},
            "shard": [shard_id, count],
            "private_channels": [],
            "relationships": [],
        }
        await shard.send(0, ready, "READY")
        for guild_id in guilds:
            await shard.send(0, self._guild(guild_id), "GUILD_CREATE")
        shard.ready.set()
        await self._notify()

    def _guild(self, guild_id: int) -> dict[str, Any]:
        """Return the GUILD_CREATE payload of a guild with two channels and three roles."""
        return {
            "id": str(guild_id),
            "name": "Phone numbers",
            "owner_id": str(OWNER_ID),
            "unavailable": False,
            "member_count": 4,
            "large": False,
            "joined_at": TIMESTAMP,
            "features": [],
            "emojis": [],
            "stickers": [],
            "roles": [
                role(guild_id, "@everyone", EVERYONE_PERMISSIONS, 0),
                role(ADMIN_ROLE_ID, "faq-admins", 0, 1),
                role(MANAGER_ROLE_ID, "managers", MANAGE_GUILD, 2),
            ],
            "channels": [
                text_channel(CHANNEL_ID, guild_id, "general"),
                text_channel(HELP_CHANNEL_ID, guild_id, "help"),
            ],
            "threads": [],
            "members": [{"user": user(BOT_ID, "faqbot", bot=True), "roles": [], "joined_at": TIMESTAMP, "flags": 0}],
            "voice_states": [],
            "presences": [],
            "premium_tier": 0,
            "verification_level": 0,
            "default_message_notifications": 0,
            "explicit_content_filter": 0,
            "mfa_level": 0,
            "nsfw_level": 0,
            "preferred_locale": "zh-CN",
        }

    def shard_of(self, guild_id: int) -> Shard:
        """Return the ready shard that serves a guild."""
        for shard in self.shards:
            shard_id, count = shard.shard
            if shard.ready.is_set() and (guild_id >> 22) % count == shard_id:
                return shard
        raise AssertionError(f"no ready shard serves guild {guild_id}")

    async def dispatch(self, event: str, data: dict[str, Any], guild_id: int = GUILD_ID) -> dict[str, Any]:
        """Push one gateway event to the shard of a guild and return its data."""
        await self.shard_of(guild_id).send(0, data, event)
        return data

    # --- events a test pushes ---------------------------------------------------------------------

    async def say(
        self,
        content: str,
        *,
        author_id: int = 1001,
        channel_id: int = CHANNEL_ID,
        roles: tuple[int, ...] = (),
        bot: bool = False,
        mentions: tuple[int, ...] = (),
        mention_everyone: bool = False,
        guild_id: int = GUILD_ID,
        reply_to: dict[str, Any] | None = None,
    ) -> dict[str, Any]:
        """Send MESSAGE_CREATE for a member's message (a reply to a stored message, if given) and return its payload."""
        message = {
            "id": str(self.new_id()),
            "channel_id": str(channel_id),
            "guild_id": str(guild_id),
            "author": user(author_id, f"user{author_id}", bot=bot),
            "member": {
                "roles": [str(item) for item in roles],
                "joined_at": TIMESTAMP,
                "deaf": False,
                "mute": False,
                "flags": 0,
            },
            "content": content,
            "timestamp": TIMESTAMP,
            "edited_timestamp": None,
            "tts": False,
            "mention_everyone": mention_everyone,
            "mentions": [
                user(item, "faqbot" if item == BOT_ID else f"user{item}", bot=item == BOT_ID) for item in mentions
            ],
            "mention_roles": [],
            "attachments": [],
            "embeds": [],
            "pinned": False,
            "type": 0,
            "flags": 0,
        }
        if reply_to is not None:
            reference = {"message_id": reply_to["id"], "channel_id": str(channel_id), "guild_id": str(guild_id)}
            message.update(type=19, message_reference=reference, referenced_message=reply_to)
        return await self.dispatch("MESSAGE_CREATE", message, guild_id)

    def _interaction(
        self,
        kind: int,
        data: dict[str, Any],
        *,
        user_id: int,
        roles: tuple[int, ...],
        permissions: int,
        locale: str,
        channel_id: int,
        guild_id: int,
    ) -> dict[str, Any]:
        """Return an INTERACTION_CREATE payload from a guild member and remember it."""
        interaction_id = self.new_id()
        interaction = {
            "id": str(interaction_id),
            "application_id": str(APP_ID),
            "type": kind,
            "data": data,
            "guild_id": str(guild_id),
            "channel_id": str(channel_id),
            "channel": text_channel(channel_id, guild_id, "general"),
            "member": {
                "user": user(user_id, f"user{user_id}"),
                "roles": [str(item) for item in roles],
                "joined_at": TIMESTAMP,
                "deaf": False,
                "mute": False,
                "flags": 0,
                "permissions": str(permissions),
            },
            "token": f"interaction-token-{interaction_id}",
            "version": 1,
            "locale": locale,
            "guild_locale": "zh-CN",
            "app_permissions": str(EVERYONE_PERMISSIONS),
            "entitlements": [],
            "attachment_size_limit": 10 * 1024 * 1024,
            "authorizing_integration_owners": {"0": str(guild_id)},
            "context": 0,
        }
        self.interactions[interaction_id] = interaction
        return interaction

    async def slash(
        self,
        name: str,
        subcommand: str | None = None,
        options: dict[str, str] | None = None,
        *,
        focused: str | None = None,
        user_id: int = 1001,
        roles: tuple[int, ...] = (),
        permissions: int = EVERYONE_PERMISSIONS,
        locale: str = "zh-CN",
        channel_id: int = CHANNEL_ID,
        guild_id: int = GUILD_ID,
    ) -> dict[str, Any]:
        """Send a slash command (or, with focused, its autocomplete) and return the interaction payload."""
        values = [
            {"type": 3, "name": key, "value": value, **({"focused": True} if key == focused else {})}
            for key, value in (options or {}).items()
        ]
        if subcommand is not None:
            values = [{"type": 1, "name": subcommand, "options": values}]
        data = {"id": str(self.new_id()), "name": name, "type": 1, "guild_id": str(guild_id), "options": values}
        kind = 4 if focused else 2
        interaction = self._interaction(
            kind,
            data,
            user_id=user_id,
            roles=roles,
            permissions=permissions,
            locale=locale,
            channel_id=channel_id,
            guild_id=guild_id,
        )
        return await self.dispatch("INTERACTION_CREATE", interaction, guild_id)

    async def click(
        self, message_id: str | int, custom_id: str, *, user_id: int = 1001, locale: str = "zh-CN"
    ) -> dict[str, Any]:
        """Send a button click on a message the bot sent and return the interaction payload."""
        message = self.messages[int(message_id)]
        interaction = self._interaction(
            3,
            {"custom_id": custom_id, "component_type": 2},
            user_id=user_id,
            roles=(),
            permissions=EVERYONE_PERMISSIONS,
            locale=locale,
            channel_id=int(message["channel_id"]),
            guild_id=GUILD_ID,
        )
        interaction["message"] = dict(message)
        return await self.dispatch("INTERACTION_CREATE", interaction)


def buttons(components: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Return every button of a message's component rows."""
    return [item for row in components for item in row["components"] if item["type"] == 2]
