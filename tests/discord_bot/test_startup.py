"""Starting and stopping: tokens, intents, sharding, command sync, SIGHUP reloads and SIGTERM."""

from __future__ import annotations

import asyncio
import logging
import os
import signal

import pytest

from bot.core.service import FaqService
from bot.discord_bot import serve
from bot.runner import StartupError, make_core
from tests.discord_bot.conftest import bot_settings
from tests.discord_bot.fake_discord import (
    BOT_ID,
    CHANNEL_ID,
    GUILD_ID,
    INTENT_MESSAGE_CONTENT,
    TIMEOUT,
)
from tests.discord_bot.test_admin import CANCEL, CANCEL_QUESTION, asked_title


async def serving(corpus_dir, **overrides) -> tuple[asyncio.Task[None], asyncio.Event]:
    """Start serve() itself, the entry point bot.runner calls, and return its task and stop event."""
    settings = bot_settings(**overrides)
    core = make_core(await FaqService.start(corpus_dir), settings)
    stop = asyncio.Event()
    return asyncio.create_task(serve(core, settings, stop)), stop


async def failure_of(task: asyncio.Task[None]) -> BaseException | None:
    await asyncio.wait_for(asyncio.wait({task}), TIMEOUT)
    return task.exception()


async def test_a_rejected_token_is_one_clear_startup_error(fake, corpus_dir):
    task, _ = await serving(corpus_dir, discord_token="not-the-token")
    error = await failure_of(task)
    assert isinstance(error, StartupError)
    assert "rejected DISCORD_TOKEN" in str(error) and "not-the-token" not in str(error) and "\n" not in str(error)
    assert fake.shards == []


@pytest.mark.parametrize("token", [None, "   "])
async def test_a_missing_token_is_one_clear_startup_error(fake, corpus_dir, token):
    task, _ = await serving(corpus_dir, discord_token=token)
    error = await failure_of(task)
    assert isinstance(error, StartupError) and "DISCORD_TOKEN is not set" in str(error)
    assert fake.requests == []


async def test_shard_ids_need_a_shard_count(fake, corpus_dir):
    task, _ = await serving(corpus_dir, shard_ids=[1])
    assert "SHARD_IDS needs SHARD_COUNT" in str(await failure_of(task))
    task, _ = await serving(corpus_dir, shard_ids=[2], shard_count=2)
    assert "below SHARD_COUNT" in str(await failure_of(task))


async def test_syncing_to_a_guild_the_bot_is_not_in_fails_clearly(fake, corpus_dir):
    task, _ = await serving(corpus_dir, discord_guild_ids=[GUILD_ID, 77 << 22])
    error = await failure_of(task)
    assert isinstance(error, StartupError) and "applications.commands" in str(error)


async def test_a_refused_message_content_intent_says_what_to_do(fake, corpus_dir):
    fake.refuse_message_content = True
    task, _ = await serving(corpus_dir)
    error = await failure_of(task)
    assert isinstance(error, StartupError) and "DISCORD_MESSAGE_CONTENT=false" in str(error)


@pytest.mark.parametrize(
    ("code", "advice"), [(4011, "DISCORD_AUTOSHARD"), (4013, "intents"), (4010, "SHARD_IDS/SHARD_COUNT")]
)
async def test_a_gateway_refusal_of_our_settings_is_a_startup_error(fake, corpus_dir, code, advice):
    fake.close_on_identify = code
    task, _ = await serving(corpus_dir)
    error = await failure_of(task)
    assert isinstance(error, StartupError) and advice in str(error) and f"close code {code}" in str(error)


async def test_without_message_content_mentions_and_slash_commands_still_work(fake, start_bot):
    fake.refuse_message_content = True
    await start_bot(discord_message_content=False)
    [shard] = await fake.ready_shards(1)
    assert not shard.identify["intents"] & INTENT_MESSAGE_CONTENT
    await fake.say(f"<@{BOT_ID}> 保号卡怎么充值", mentions=(BOT_ID,))
    assert (await fake.channel_post(CHANNEL_ID))["embeds"][0]["title"] == "保号卡怎么充值？"
    assert await asked_title(fake, "保号卡怎么续费") == "保号卡怎么续费？"


async def test_serve_syncs_commands_and_stops_cleanly_when_stop_is_set(fake, corpus_dir):
    task, stop = await serving(corpus_dir)
    [shard] = await fake.ready_shards(1)
    sync = await fake.next_request("PUT", rf"/applications/\d+/guilds/{GUILD_ID}/commands")
    commands = {command["name"]: command for command in sync.body}
    assert set(commands) == {"faq", "faq-reload", "faq-stats"}
    assert int(commands["faq-reload"]["default_member_permissions"]) == 1 << 5
    subcommands = {option["name"]: option for option in commands["faq"]["options"]}
    assert set(subcommands) == {"ask", "list", "show"}
    assert subcommands["ask"]["options"][0]["autocomplete"] is True
    assert shard.identify["intents"] & INTENT_MESSAGE_CONTENT
    stop.set()
    assert await failure_of(task) is None
    await fake.closed_shards(1)


async def test_global_sync_when_no_guild_is_listed_and_none_when_sync_is_off(fake, corpus_dir):
    task, stop = await serving(corpus_dir, discord_guild_ids=[])
    await fake.next_request("PUT", r"/applications/\d+/commands")
    await fake.ready_shards(1)
    stop.set()
    assert await failure_of(task) is None
    task, stop = await serving(corpus_dir, discord_sync=False)
    await fake.ready_shards(2)
    stop.set()
    assert await failure_of(task) is None
    assert len(fake.requests_to("PUT", r"/applications/.*")) == 1


async def test_shards_split_across_processes_identify_with_their_ids(fake, start_bot):
    await start_bot(shard_count=2, shard_ids=[1])
    [shard] = await fake.ready_shards(1)
    assert shard.identify["shard"] == [1, 2]
    assert await asked_title(fake, "保号卡怎么充值") == "保号卡怎么充值？"


async def test_autoshard_runs_every_shard_in_one_process(fake, start_bot):
    await start_bot(shard_count=2)
    shards = await fake.ready_shards(2)
    assert sorted(shard.identify["shard"][0] for shard in shards) == [0, 1]
    assert await asked_title(fake, "保号卡怎么充值") == "保号卡怎么充值？"


async def test_autoshard_without_a_count_asks_discord_for_one(fake, start_bot):
    await start_bot(discord_autoshard=True)
    await fake.next_request("GET", "/gateway/bot")
    [shard] = await fake.ready_shards(1)
    assert shard.identify["shard"] == [0, 1]


class LogWaiter(logging.Handler):
    """Set an event when a log line containing some text is written."""

    def __init__(self, needle: str) -> None:
        super().__init__()
        self.needle = needle
        self.seen = asyncio.Event()
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        if self.needle in record.getMessage():
            self.messages.append(record.getMessage())
            self.seen.set()


@pytest.mark.skipif(not hasattr(signal, "SIGHUP"), reason="no SIGHUP on this platform")
async def test_sighup_reloads_the_corpus_of_this_process(fake, bot, corpus_dir, caplog):
    caplog.set_level(logging.INFO, logger="bot.discord")
    waiter = LogWaiter("SIGHUP reload")
    logging.getLogger("bot.discord").addHandler(waiter)
    try:
        (corpus_dir / "cancel.yaml").write_text(CANCEL, encoding="utf-8")
        os.kill(os.getpid(), signal.SIGHUP)
        await asyncio.wait_for(waiter.seen.wait(), TIMEOUT)
    finally:
        logging.getLogger("bot.discord").removeHandler(waiter)
    assert waiter.messages[0].startswith("SIGHUP reload: Reloaded 4 entries")
    assert await asked_title(fake, CANCEL_QUESTION) == "保号卡怎么注销？"
