"""Who may change what the bot serves in a room: listed users, room creators, and high enough power levels."""

from __future__ import annotations

import logging
from typing import Any

from nio import AsyncClient, RoomGetStateResponse

from bot.config import Settings

log = logging.getLogger("bot.matrix")

PRIVILEGED_CREATORS_FROM = 12
"""From room version 12 the creators outrank everyone without being listed in m.room.power_levels."""


def _version_number(version: object) -> int:
    """Return a room version's number (0 for unknown or experimental versions)."""
    return int(version) if isinstance(version, str) and version.isdigit() else 0


def creators(create: dict[str, Any] | None) -> set[str]:
    """Return the users a room's m.room.create event makes creators with privileges above every power level.

    That is the sender and `additional_creators` when the room version is 12 or later, or when the
    event lists additional creators (rooms of experimental versions with the same rule); else nobody.
    """
    if not create:
        return set()
    content = create.get("content") or {}
    extra = content.get("additional_creators")
    extra = [user for user in extra if isinstance(user, str)] if isinstance(extra, list) else []
    if _version_number(content.get("room_version", "1")) < PRIVILEGED_CREATORS_FROM and not extra:
        return set()
    sender = create.get("sender")
    return {*extra, *([sender] if isinstance(sender, str) else [])}


def power_level(power_levels: dict[str, Any] | None, user_id: str) -> int:
    """Return a user's power level from m.room.power_levels content (users_default when not listed)."""
    content = power_levels or {}
    users = content.get("users") if isinstance(content.get("users"), dict) else {}
    level = users.get(user_id, content.get("users_default", 0))
    try:
        return int(level)
    except (TypeError, ValueError):
        return 0


def is_admin(user_id: str, state: list[dict[str, Any]], settings: Settings) -> bool:
    """Return whether user_id may reload in a room with this state: listed, a creator, or power level high enough."""
    if user_id in settings.matrix_admins:
        return True
    create = next((event for event in state if event.get("type") == "m.room.create"), None)
    if user_id in creators(create):
        return True
    levels = next((event for event in state if event.get("type") == "m.room.power_levels"), None)
    return power_level((levels or {}).get("content"), user_id) >= settings.matrix_admin_power_level


async def may_administer(client: AsyncClient, room_id: str, user_id: str, settings: Settings) -> bool:
    """Look the room's state up on the homeserver and return whether user_id is an admin there."""
    if user_id in settings.matrix_admins:
        return True
    response = await client.room_get_state(room_id)
    if not isinstance(response, RoomGetStateResponse):
        log.warning("matrix: cannot read the state of %s to check an admin: %s", room_id, response)
        return False
    return is_admin(user_id, response.events, settings)
