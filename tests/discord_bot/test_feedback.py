"""Votes under answers and the admins' statistics, over a fake Discord with the real statistics store."""

from __future__ import annotations

import pytest

from bot.admin.store import OutcomeStore
from bot.chat import NOT_ADMIN_STATS
from bot.core.script import Lang
from bot.discord_bot.texts import ENTRY_GONE, VOTE_THANKS
from tests.admin.conftest import rows
from tests.corpus_kit import RENEW
from tests.discord_bot.fake_discord import CHANNEL_ID, EVERYONE_PERMISSIONS, MANAGE_GUILD, buttons

EPHEMERAL = 64
UP, DOWN = "faqbot:vote:up:topup", "faqbot:vote:down:topup"


@pytest.fixture
def store(tmp_path):
    store = OutcomeStore(tmp_path / "stats.sqlite3", store_questions=True)
    yield store
    store.close()


def last_message_id(fake) -> str:
    return fake.interactions[max(fake.interactions)]["response_message_id"]


async def vote(fake, message_id: str, custom_id: str, user_id: int) -> dict:
    body = await fake.callback(await fake.click(message_id, custom_id, user_id=user_id))
    assert body["type"] == 4 and body["data"]["flags"] & EPHEMERAL
    assert body["data"]["allowed_mentions"] == {"parse": []}
    return body


async def test_answers_carry_vote_buttons_and_each_member_keeps_one_changeable_vote(fake, start_bot, store):
    await start_bot(recorder=store)
    body = await fake.callback(await fake.slash("faq", "ask", {"question": "保号卡怎么充值"}))
    assert [button["custom_id"] for button in buttons(body["data"]["components"])] == [UP, DOWN]
    message_id = last_message_id(fake)

    thanks = await vote(fake, message_id, UP, user_id=1001)
    assert thanks["data"]["content"] == VOTE_THANKS[Lang.SIMPLIFIED][1]
    await vote(fake, message_id, DOWN, user_id=1001)
    await vote(fake, message_id, UP, user_id=2002)

    assert store.flush()
    assert sorted(rows(store.path, "SELECT entry_id, vote FROM feedback")) == [("topup", -1), ("topup", 1)]


async def test_a_vote_for_an_entry_removed_since_is_not_kept(fake, start_bot, store, corpus_dir):
    bot = await start_bot(recorder=store)
    await fake.callback(await fake.slash("faq", "ask", {"question": "保号卡怎么充值"}))
    (corpus_dir / "money.yaml").write_text(RENEW, encoding="utf-8")
    assert (await bot.core.reload()).report is not None
    gone = await vote(fake, last_message_id(fake), UP, user_id=1001)
    assert gone["data"]["content"] == ENTRY_GONE[Lang.SIMPLIFIED]
    assert store.flush()
    assert rows(store.path, "SELECT COUNT(*) FROM feedback") == [(0,)]


async def test_a_picked_answer_can_be_voted_on_too(fake, start_bot, store):
    await start_bot(recorder=store)
    body = await fake.callback(await fake.slash("faq", "ask", {"question": "卡"}))
    offered = buttons(body["data"]["components"])
    picked = await fake.callback(await fake.click(last_message_id(fake), offered[0]["custom_id"]))
    custom_ids = [button["custom_id"] for button in buttons(picked["data"]["components"])]
    assert len(custom_ids) == 2 and all(custom_id.startswith("faqbot:vote:") for custom_id in custom_ids)


async def test_without_statistics_answers_have_no_vote_buttons(fake, bot):
    body = await fake.callback(await fake.slash("faq", "ask", {"question": "保号卡怎么充值"}))
    assert not body["data"].get("components")


async def stats_text(fake, permissions: int) -> str:
    """Run /faq-stats as a member with these permissions; return what they are shown (always privately)."""
    interaction = await fake.slash("faq-stats", user_id=4242, permissions=permissions)
    first = await fake.callback(interaction)
    assert first["data"].get("flags", 0) & EPHEMERAL
    if first["type"] == 4:
        return first["data"]["content"]
    follow_up = await fake.next_request("POST", rf"/webhooks/\d+/{interaction['token']}")
    assert follow_up.body["flags"] & EPHEMERAL
    return follow_up.body["content"]


async def test_admins_read_the_statistics_and_members_are_refused(fake, start_bot, store):
    await start_bot(recorder=store)
    await fake.callback(await fake.slash("faq", "ask", {"question": "保号卡怎么充值"}))
    await vote(fake, last_message_id(fake), UP, user_id=1001)
    assert store.flush()

    assert await stats_text(fake, EVERYONE_PERMISSIONS) == NOT_ADMIN_STATS
    text = await stats_text(fake, EVERYONE_PERMISSIONS | MANAGE_GUILD)
    assert text.startswith("Questions in the last 30 days: 1")
    assert "+1 / -0  topup" in text


async def test_the_prefix_stats_command_follows_the_same_rule(fake, start_bot, store):
    await start_bot(recorder=store, discord_message_content=True)
    await fake.say("!faq stats", author_id=4242)
    refused = await fake.channel_post(CHANNEL_ID)
    assert refused["content"] == NOT_ADMIN_STATS
