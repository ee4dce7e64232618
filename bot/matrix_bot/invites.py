"""Invites: join the rooms the bot is invited to, optionally only from allowed rooms or servers."""

from __future__ import annotations

import logging
from typing import Any

from nio import AsyncClient, JoinResponse, SyncResponse

log = logging.getLogger("bot.matrix")


def server_of(matrix_id: str) -> str:
    """Return the server part of a user id, room id or alias (empty when it has none, like v12 room ids)."""
    _, colon, server = matrix_id.partition(":")
    return server if colon else ""


def inviter(room_id: str, invite_state: list[Any], user_id: str) -> str:
    """Return who invited user_id, from the stripped state of an invited room (empty when unknown)."""
    for event in invite_state:
        source: dict[str, Any] = getattr(event, "source", {})
        if source.get("type") == "m.room.member" and source.get("state_key") == user_id:
            return str(source.get("sender", ""))
    return ""


def aliases(invite_state: list[Any]) -> set[str]:
    """Return the room's canonical alias and alt aliases from its stripped state."""
    found: set[str] = set()
    for event in invite_state:
        source: dict[str, Any] = getattr(event, "source", {})
        content = source.get("content") or {}
        if source.get("type") == "m.room.canonical_alias" and isinstance(content, dict):
            found |= {
                alias for alias in [content.get("alias"), *content.get("alt_aliases", [])] if isinstance(alias, str)
            }
    return found


def allowed(room_id: str, sender: str, room_aliases: set[str], allowlist: list[str]) -> bool:
    """Return whether an invite is accepted: empty allowlist, or the room, an alias, or a :server listed."""
    if not allowlist:
        return True
    servers = {f":{server}" for server in (server_of(room_id), server_of(sender)) if server}
    return bool({room_id, *room_aliases, *servers} & set(allowlist))


async def accept_invites(client: AsyncClient, response: SyncResponse, allowlist: list[str]) -> None:
    """Join every room this sync invites the bot to when allowed; decline the others."""
    for room_id, info in response.rooms.invite.items():
        sender = inviter(room_id, info.invite_state, client.user_id)
        if not allowed(room_id, sender, aliases(info.invite_state), allowlist):
            log.info(
                "matrix: declining the invite to room=%s from %s (not in MATRIX_INVITE_ALLOWLIST)", room_id, sender
            )
            await client.room_leave(room_id)
            continue
        joined = await client.join(room_id)
        if isinstance(joined, JoinResponse):
            log.info("matrix: joined room=%s on the invite of %s", room_id, sender)
        else:
            log.warning("matrix: cannot join room=%s: %s", room_id, joined)
