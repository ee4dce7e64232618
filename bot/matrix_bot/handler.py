"""What the bot does with each new room event: answer messages, count reactions, warn once about encryption."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import uuid
from typing import Any

from nio import AsyncClient, RoomSendError, RoomSendResponse

from bot.chat import APOLOGY, ChatCore
from bot.config import Settings
from bot.core.script import detect_lang
from bot.matrix_bot.admin import may_administer
from bot.matrix_bot.commands import prefix_reply
from bot.matrix_bot.memory import Expiring
from bot.matrix_bot.render import plain_notice, relation
from bot.matrix_bot.replies import PLATFORM, Replies, Reply
from bot.matrix_bot.texts import ENCRYPTED, USAGE
from bot.matrix_bot.triggers import Identity, Trigger, TriggerKind, find_trigger

log = logging.getLogger("bot.matrix")

VOTES = {"👍": 1, "👎": -1}
SKIN_TONES_AND_VARIANTS = dict.fromkeys([0xFE0F, 0xFE0E, *range(0x1F3FB, 0x1F400)])
ANSWERS_SIZE = 20_000
ANSWER_SECONDS = 7 * 24 * 3600.0
ROOMS_SIZE = 10_000
SEND_TRIES = 5
MAX_SEND_WAIT = 30.0


def vote_of(key: object) -> int | None:
    """Return +1 for a thumbs-up reaction key, -1 for thumbs-down (any skin tone), None for anything else."""
    return VOTES.get(key.translate(SKIN_TONES_AND_VARIANTS)) if isinstance(key, str) else None


def event_context(room_id: str, event: dict[str, Any], trigger: Trigger | None = None) -> str:
    """Describe an event for a log line: trigger, room, event and sender (never its text)."""
    kind = trigger.kind if trigger is not None else event.get("type")
    return f"trigger={kind} room={room_id} event={event.get('event_id')} user={event.get('sender')}"


class MatrixHandler:
    """Handles the room events of one sync after another; a failing event is logged and the rest go on."""

    def __init__(self, client: AsyncClient, core: ChatCore, settings: Settings, me: Identity, faq_rooms: set[str]):
        self.client = client
        self.core = core
        self.settings = settings
        self.me = me
        self.faq_rooms = faq_rooms
        self.replies = Replies(core, settings.command_prefix)
        self.answers: Expiring[str, str] = Expiring(ANSWERS_SIZE, ANSWER_SECONDS)
        self.warned_rooms: Expiring[str, bool] = Expiring(ROOMS_SIZE, ANSWER_SECONDS)

    async def handle(self, room_id: str, event: dict[str, Any]) -> None:
        """Handle one timeline event of a joined room; never raises."""
        if event.get("sender") == self.me.user_id:
            return
        try:
            kind = event.get("type")
            if kind == "m.room.message":
                await self.on_message(room_id, event)
            elif kind == "m.reaction":
                self.on_reaction(event)
            elif kind == "m.room.encrypted":
                await self.on_encrypted(room_id, event)
        except Exception as error:
            log.error("matrix event handler failed: %s", event_context(room_id, event), exc_info=error)

    async def on_message(self, room_id: str, event: dict[str, Any]) -> None:
        """Answer the prefix command, a mention, a pick or an FAQ-room message; apologise when that fails."""
        sender = str(event.get("sender"))
        choosing = self.replies.choosing(room_id, sender)
        prefix = self.settings.command_prefix
        trigger = find_trigger(event, self.me, prefix, room_id in self.faq_rooms, choosing)
        if trigger is None:
            return
        try:
            reply = await self.reply_to(room_id, sender, trigger)
            if reply is not None:
                await self.send(room_id, reply, event)
        except Exception as error:
            log.error("matrix message handler failed: %s", event_context(room_id, event, trigger), exc_info=error)
            if not trigger.kind.only_when_sure:
                with contextlib.suppress(Exception):
                    await self.send(room_id, Reply(plain_notice(APOLOGY[detect_lang(trigger.text)])), event)

    async def reply_to(self, room_id: str, sender: str, trigger: Trigger) -> Reply | None:
        """Build the reply to a triggering message, or None for silence."""
        text = trigger.text
        if trigger.kind is TriggerKind.PREFIX:

            async def allowed() -> bool:
                return await may_administer(self.client, room_id, sender, self.settings)

            return await prefix_reply(self.replies, room_id, sender, text, allowed)
        if trigger.kind is TriggerKind.PICK or (trigger.kind is TriggerKind.MENTION and text.isdecimal()):
            return self.replies.pick(room_id, sender, text, detect_lang(text))
        if trigger.kind is TriggerKind.MENTION and not text:
            return Reply(plain_notice(USAGE[detect_lang(text)].format(prefix=self.settings.command_prefix)))
        return await self.replies.question(room_id, sender, text, confident_only=trigger.kind.only_when_sure)

    async def send(self, room_id: str, reply: Reply, event: dict[str, Any] | None = None) -> str | None:
        """Send a notice (as a reply to event, in its thread if any); remember answers for reaction feedback."""
        content = reply.notice.content()
        if event is not None:
            content["m.relates_to"] = relation(event)
        response = await self._send_patiently(room_id, content)
        if not isinstance(response, RoomSendResponse):
            log.warning("matrix: could not send to room=%s: %s", room_id, response)
            return None
        if reply.entry_id is not None:
            self.answers.put(response.event_id, reply.entry_id)
        return response.event_id

    async def _send_patiently(self, room_id: str, content: dict[str, Any]) -> RoomSendResponse | RoomSendError:
        """Send a message; when rate limited, wait as long as retry_after_ms says and try again (same transaction)."""
        transaction = str(uuid.uuid4())
        for attempt in range(1, SEND_TRIES + 1):
            response = await self.client.room_send(room_id, "m.room.message", content, tx_id=transaction)
            if not isinstance(response, RoomSendError) or response.status_code != "M_LIMIT_EXCEEDED":
                return response
            wait = min(MAX_SEND_WAIT, (response.retry_after_ms or 1000) / 1000)
            if attempt < SEND_TRIES:
                log.warning("matrix: rate limited sending to room=%s; retrying in %.1fs", room_id, wait)
                await asyncio.sleep(wait)
        return response

    def on_reaction(self, event: dict[str, Any]) -> None:
        """Record a 👍 or 👎 reaction on one of the bot's answers as the member's vote on that entry."""
        relates = (event.get("content") or {}).get("m.relates_to")
        if not isinstance(relates, dict) or relates.get("rel_type") != "m.annotation":
            return
        entry_id = self.answers.get(str(relates.get("event_id")))
        vote = vote_of(relates.get("key"))
        if entry_id is not None and vote is not None:
            self.core.feedback(PLATFORM, str(event.get("sender")), entry_id, vote)

    async def on_encrypted(self, room_id: str, event: dict[str, Any]) -> None:
        """Say once per room (per run) that the bot cannot read encrypted messages."""
        if self.warned_rooms.get(room_id):
            return
        self.warned_rooms.put(room_id, True)
        log.info("matrix: room=%s is encrypted; the bot cannot read it and says so once", room_id)
        await self.send(room_id, Reply(plain_notice(ENCRYPTED)))
