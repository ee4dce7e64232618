"""Fixtures: a real Synapse for the session, fresh accounts per test, members as nio clients, and the real bot."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from nio import AsyncClient, JoinedMembersResponse, RoomCreateResponse, RoomMessagesResponse, RoomSendResponse

from bot.chat import ChatCore
from bot.config import Settings
from bot.core.service import FaqService
from bot.matrix_bot import serve
from bot.matrix_bot.sync import Timing
from bot.runner import make_core
from tests.corpus_kit import entry_yaml
from tests.matrix_bot.synapse import Synapse
from tests.waiting import shut_down_all, until_ready

TIMEOUT = 30.0
POLL = 0.1
TEST_TIMING = Timing(sync_timeout_ms=500, first_retry=0.2, max_retry=1.0)
BOT_NAME = "FAQ Helper"
CANCEL = entry_yaml("cancel", "保号卡怎么注销？", ["保号卡不想用了怎么注销"], "在账户里注销。", "How do I cancel?")


@pytest.fixture(scope="session")
def synapse(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Synapse]:
    server = Synapse.configure(tmp_path_factory.mktemp("synapse"))
    server.start()
    yield server
    server.stop()


@dataclass
class Account:
    """A registered user."""

    user_id: str
    token: str
    password: str


Register = Callable[[str], Account]


@pytest.fixture
def register(synapse: Synapse) -> Register:
    """Return register(name) -> a fresh account with a unique user name."""

    def make(name: str) -> Account:
        password = f"pw-{uuid.uuid4().hex}"
        answer = synapse.register(f"{name}-{uuid.uuid4().hex[:8]}", password)
        return Account(answer["user_id"], answer["access_token"], password)

    return make


class Member:
    """A person in the rooms: a plain nio client that sends messages and reads the bot's replies."""

    def __init__(self, synapse: Synapse, account: Account) -> None:
        self.account = account
        self.client = AsyncClient(synapse.url, account.user_id)
        self.client.access_token = account.token

    @property
    def user_id(self) -> str:
        return self.account.user_id

    async def create_room(self, invite: tuple[str, ...] = (), **options: Any) -> str:
        answer = await self.client.room_create(invite=list(invite), **options)
        assert isinstance(answer, RoomCreateResponse), answer
        return answer.room_id

    async def room_with(self, bot_id: str, **options: Any) -> str:
        """Create a room, invite the bot, and return the room id once the bot has joined."""
        room_id = await self.create_room(invite=(bot_id,), **options)
        await self.until_joined(room_id, bot_id)
        return room_id

    async def bring_in(self, room_id: str, other: Member) -> None:
        """Invite another member and have them join."""
        await self.client.room_invite(room_id, other.user_id)
        await other.client.join(room_id)

    async def send(self, room_id: str, body: str, event_type: str = "m.room.message", **extra: Any) -> str:
        content = {"msgtype": "m.text", "body": body, **extra} if event_type == "m.room.message" else extra
        answer = await self.client.room_send(room_id, event_type, content)
        assert isinstance(answer, RoomSendResponse), answer
        return answer.event_id

    async def react(self, room_id: str, event_id: str, key: str) -> str:
        relates = {"rel_type": "m.annotation", "event_id": event_id, "key": key}
        return await self.send(room_id, "", "m.reaction", **{"m.relates_to": relates})

    async def events(self, room_id: str, limit: int = 100) -> list[dict[str, Any]]:
        """Return the room's latest events, oldest first."""
        answer = await self.client.room_messages(room_id, limit=limit)
        assert isinstance(answer, RoomMessagesResponse), answer
        return [event.source for event in reversed(answer.chunk)]

    async def wait_for(self, room_id: str, found: Callable[[dict[str, Any]], bool]) -> dict[str, Any]:
        """Poll the room until an event satisfies found; fail after TIMEOUT."""
        async with asyncio.timeout(TIMEOUT):
            while True:
                for event in await self.events(room_id):
                    if found(event):
                        return event
                await asyncio.sleep(POLL)

    async def reply_to(self, room_id: str, event_id: str) -> dict[str, Any]:
        """Wait for the notice that replies to event_id and return its content."""
        event = await self.wait_for(room_id, lambda event: replied_to(event) == event_id)
        return event["content"]

    async def replies_to(self, room_id: str, event_id: str) -> list[dict[str, Any]]:
        return [event["content"] for event in await self.events(room_id) if replied_to(event) == event_id]

    async def until_joined(self, room_id: str, user_id: str) -> None:
        async with asyncio.timeout(TIMEOUT):
            while True:
                answer = await self.client.joined_members(room_id)
                if isinstance(answer, JoinedMembersResponse) and user_id in {m.user_id for m in answer.members}:
                    return
                await asyncio.sleep(POLL)

    async def ask(self, room_id: str, body: str, **extra: Any) -> dict[str, Any]:
        """Send a message and return the content of the bot's reply to it."""
        return await self.reply_to(room_id, await self.send(room_id, body, **extra))


def replied_to(event: dict[str, Any]) -> str | None:
    """Return the event id a message replies to, if any."""
    relates = (event.get("content") or {}).get("m.relates_to") or {}
    return (relates.get("m.in_reply_to") or {}).get("event_id")


@pytest.fixture
async def members(synapse: Synapse, register: Register) -> AsyncIterator[Callable[[str], Member]]:
    """Return member(name) -> a fresh member; their clients are closed afterwards."""
    made: list[Member] = []

    def member(name: str) -> Member:
        made.append(Member(synapse, register(name)))
        return made[-1]

    yield member
    for one in made:
        await one.client.close()


@dataclass
class RunningBot:
    """The real bot serving the test homeserver."""

    account: Account
    core: ChatCore
    settings: Settings
    stop: asyncio.Event
    task: asyncio.Task[None]

    @property
    def user_id(self) -> str:
        return self.account.user_id

    async def shut_down(self) -> None:
        self.stop.set()
        await asyncio.wait_for(self.task, TIMEOUT)


StartBot = Callable[..., Awaitable[RunningBot]]


def matrix_settings(synapse: Synapse, account: Account, store: Path, **overrides: Any) -> Settings:
    values: dict[str, Any] = {
        "matrix_homeserver": synapse.url,
        "matrix_user_id": account.user_id,
        "matrix_access_token": account.token,
        "matrix_store_path": store,
        "cooldown_questions": 0,
        "stats_db": None,
    }
    return Settings(_env_file=None, **(values | overrides))


@pytest.fixture
async def bot_account(synapse: Synapse, register: Register) -> Account:
    account = register("faqbot")
    synapse.request("PUT", f"/_matrix/client/v3/profile/{account.user_id}/displayname", {"displayname": BOT_NAME},
                    account.token)  # fmt: skip
    return account


@pytest.fixture
async def start_bot(
    synapse: Synapse, bot_account: Account, corpus_dir: Path, tmp_path: Path
) -> AsyncIterator[StartBot]:
    """Return start(folder=None, core=None, **settings) -> the bot after its first sync."""
    running: list[RunningBot] = []

    async def start(folder: Path | None = None, core: ChatCore | None = None, **overrides: Any) -> RunningBot:
        settings = matrix_settings(synapse, bot_account, tmp_path / "store", **overrides)
        if core is None:
            service = await FaqService.start(folder or corpus_dir, settings.thresholds(), settings.max_question_chars)
            core = make_core(service, settings)
        stop, ready = asyncio.Event(), asyncio.Event()
        task = asyncio.create_task(serve(core, settings, stop, timing=TEST_TIMING, ready=ready))
        bot = RunningBot(bot_account, core, settings, stop, task)
        running.append(bot)
        await until_ready(ready.wait(), task, TIMEOUT, "finish its first sync")
        return bot

    yield start
    await shut_down_all(running)


@pytest.fixture
async def bot(start_bot: StartBot) -> RunningBot:
    return await start_bot()


@pytest.fixture
async def room(bot: RunningBot, members: Callable[[str], Member]) -> tuple[Member, str]:
    """Return a member and a room they created and invited the running bot to, once the bot has joined."""
    alice = members("alice")
    return alice, await alice.room_with(bot.user_id)
