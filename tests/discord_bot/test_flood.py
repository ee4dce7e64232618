"""A flood from one member over a fake Discord: bounded replies, other members still served, bounded state."""

from __future__ import annotations

import asyncio

from bot.chat import SLOW_DOWN
from bot.core.script import Lang
from tests.discord_bot.fake_discord import BOT_ID, CHANNEL_ID

FLOODER, OTHER = 1001, 1002
FLOOD = 500
RATE = 3


def replies_to(fake, messages: list[dict]) -> list[dict]:
    """Return the bodies of the bot's channel posts that reply to any of these messages."""
    ids = {message["id"] for message in messages}
    posts = fake.requests_to("POST", rf"/channels/{CHANNEL_ID}/messages")
    return [post.body for post in posts if str(post.body["message_reference"]["message_id"]) in ids]


async def test_one_members_flood_gets_a_bounded_number_of_replies_and_others_are_served(fake, start_bot):
    bot = await start_bot(cooldown_questions=RATE, cooldown_seconds=600)
    flood = [
        await fake.say(f"<@{BOT_ID}> 保号卡怎么充值 {number}", mentions=(BOT_ID,), author_id=FLOODER)
        for number in range(FLOOD // 2)
    ]
    other = await fake.say(f"<@{BOT_ID}> 保号卡怎么充值", mentions=(BOT_ID,), author_id=OTHER)
    flood += [
        await fake.say(f"<@{BOT_ID}> 保号卡怎么充值 {number}", mentions=(BOT_ID,), author_id=FLOODER)
        for number in range(FLOOD // 2, FLOOD)
    ]
    await asyncio.gather(*(bot.finished(message) for message in [*flood, other]))

    to_flooder = replies_to(fake, flood)
    assert len(to_flooder) == RATE + 1, "answers up to the limit, then one request to slow down, then silence"
    assert [body.get("content") for body in to_flooder[RATE:]] == [SLOW_DOWN[Lang.SIMPLIFIED]]
    [to_other] = replies_to(fake, [other])
    assert to_other["embeds"][0]["title"] == "保号卡怎么充值？"
    assert bot.core.cooldown.tracked == 2
