"""Chat messages: mentions, help channels, the prefix command; bots, @everyone and silence."""

from __future__ import annotations

from bot.core.render import LABELS
from bot.core.script import Lang
from tests.discord_bot.fake_discord import BOT_ID, CHANNEL_ID, HELP_CHANNEL_ID, buttons

NO_PINGS = {"parse": []}
OTHER_MEMBER = 1009


def replied_to(body: dict, message: dict) -> bool:
    return str(body["message_reference"]["message_id"]) == message["id"]


async def assert_silent(fake, running, content: str, **message) -> None:
    """Push a message; the bot handles it completely and sends nothing anywhere."""
    before = len(fake.requests)
    await running.finished(await fake.say(content, **message))
    assert [f"{item.method} {item.path}" for item in fake.requests[before:]] == []


async def test_a_mention_is_answered_in_a_reply(fake, bot):
    message = await fake.say(f"<@{BOT_ID}> 保号卡怎么充值？", mentions=(BOT_ID,))
    body = await fake.channel_post(CHANNEL_ID)
    assert replied_to(body, message) and body["allowed_mentions"] == NO_PINGS
    assert body["embeds"][0]["title"] == "保号卡怎么充值？"

    nickname = await fake.say(f"<@!{BOT_ID}> can the sim send texts", mentions=(BOT_ID,))
    body = await fake.channel_post(CHANNEL_ID)
    assert replied_to(body, nickname) and body["embeds"][0]["title"] == "Can the SIM send text messages?"


async def test_a_bare_mention_gets_usage_and_a_clarify_gets_buttons_for_the_asker(fake, bot):
    await fake.say(f"<@{BOT_ID}>", mentions=(BOT_ID,))
    usage = await fake.channel_post(CHANNEL_ID)
    assert "@faqbot" in usage["content"] and "/faq ask" in usage["content"]

    await fake.say(f"<@{BOT_ID}> 卡", mentions=(BOT_ID,), author_id=1001)
    body = await fake.channel_post(CHANNEL_ID)
    assert body["content"].startswith(LABELS[Lang.SIMPLIFIED].clarify)
    offered = buttons(body["components"])
    message_id = max(fake.messages)
    picked = await fake.callback(await fake.click(message_id, offered[0]["custom_id"], user_id=1001))
    assert picked["type"] == 7 and picked["data"]["embeds"][0]["title"] == offered[0]["label"].removeprefix("1. ")


async def test_help_channel_posts_only_confident_answers(fake, bot):
    message = await fake.say("保号卡怎么充值", channel_id=HELP_CHANNEL_ID)
    body = await fake.channel_post(HELP_CHANNEL_ID)
    assert replied_to(body, message) and body["embeds"][0]["title"] == "保号卡怎么充值？"
    for unsure in ("卡", "今天天气怎么样", "pizza recipe", f"<@{OTHER_MEMBER}>"):
        await assert_silent(fake, bot, unsure, channel_id=HELP_CHANNEL_ID)


async def test_a_reply_to_the_bot_gets_only_a_confident_answer(fake, bot):
    await fake.say(f"<@{BOT_ID}> 保号卡怎么充值？", mentions=(BOT_ID,))
    await fake.channel_post(CHANNEL_ID)
    answer = fake.messages[max(fake.messages)]
    for remark in ("谢谢！", "thanks, that helped", "卡", f"<@{OTHER_MEMBER}> 你也试试", ""):
        await assert_silent(fake, bot, remark, mentions=(BOT_ID,), reply_to=answer)
    await assert_silent(fake, bot, "谢谢", reply_to=answer)

    follow_up = await fake.say("那保号卡可以发短信吗", mentions=(BOT_ID,), reply_to=answer)
    body = await fake.channel_post(CHANNEL_ID)
    assert replied_to(body, follow_up) and body["embeds"][0]["title"] == "保号卡可以发短信吗？"
    without_ping = await fake.say("can the sim send texts", reply_to=answer)
    body = await fake.channel_post(CHANNEL_ID)
    assert replied_to(body, without_ping) and body["embeds"][0]["title"] == "Can the SIM send text messages?"


async def test_a_reply_that_also_names_the_bot_is_a_mention(fake, bot):
    await fake.say(f"<@{BOT_ID}> 保号卡怎么充值？", mentions=(BOT_ID,))
    await fake.channel_post(CHANNEL_ID)
    answer = fake.messages[max(fake.messages)]
    await fake.say(f"<@{BOT_ID}> 今天天气怎么样", mentions=(BOT_ID,), reply_to=answer)
    body = await fake.channel_post(CHANNEL_ID)
    assert body["content"], "a named mention is told when nothing fits"


async def test_a_reply_to_another_member_is_not_for_the_bot(fake, bot):
    other = await fake.say("保号卡怎么充值", author_id=OTHER_MEMBER)
    await assert_silent(fake, bot, "保号卡怎么充值", mentions=(OTHER_MEMBER,), reply_to=other)


async def test_other_channels_need_a_mention_or_the_prefix(fake, bot):
    await assert_silent(fake, bot, "保号卡怎么充值")
    await assert_silent(fake, bot, "!faqs 保号卡怎么充值")
    await assert_silent(fake, bot, f"<@{OTHER_MEMBER}> 保号卡怎么充值", mentions=(OTHER_MEMBER,))


async def test_the_prefix_command_answers_and_explains_itself(fake, bot):
    message = await fake.say("!faq 保号卡怎么续费")
    body = await fake.channel_post(CHANNEL_ID)
    assert replied_to(body, message) and body["embeds"][0]["title"] == "保号卡怎么续费？"
    await fake.say("!FAQ how do i renew the plan")
    assert (await fake.channel_post(CHANNEL_ID))["embeds"][0]["title"] == "How do I renew the plan?"
    await fake.say("!faq")
    assert "!faq" in (await fake.channel_post(CHANNEL_ID))["content"]


async def test_everyone_in_a_question_never_pings(fake, bot):
    await fake.say(f"@everyone <@{BOT_ID}> 保号卡怎么充值 @here", mentions=(BOT_ID,), mention_everyone=True)
    body = await fake.channel_post(CHANNEL_ID)
    assert body["allowed_mentions"] == NO_PINGS
    assert body["embeds"][0]["title"] == "保号卡怎么充值？"
    assert "@everyone" not in str(body) and "@here" not in str(body)

    await fake.say(f"@everyone <@{BOT_ID}> 今天天气怎么样", mentions=(BOT_ID,), mention_everyone=True)
    unsure = await fake.channel_post(CHANNEL_ID)
    assert unsure["allowed_mentions"] == NO_PINGS and "@everyone" not in unsure["content"]


async def test_everyone_alone_does_not_count_as_mentioning_the_bot(fake, bot):
    await assert_silent(fake, bot, "@everyone 保号卡怎么充值", mention_everyone=True)


async def test_bots_and_the_bot_itself_are_ignored(fake, bot):
    await assert_silent(fake, bot, f"<@{BOT_ID}> 保号卡怎么充值", mentions=(BOT_ID,), author_id=3003, bot=True)
    await assert_silent(fake, bot, "!faq 保号卡怎么充值", author_id=3003, bot=True)
    await assert_silent(fake, bot, "保号卡怎么充值", author_id=BOT_ID, bot=True, channel_id=HELP_CHANNEL_ID)


async def test_help_channel_cooldown_is_silent_but_a_mention_is_told(fake, start_bot):
    bot = await start_bot(cooldown_questions=1, cooldown_seconds=600)
    await fake.say("保号卡怎么充值", channel_id=HELP_CHANNEL_ID)
    await fake.channel_post(HELP_CHANNEL_ID)
    await assert_silent(fake, bot, "保号卡怎么续费", channel_id=HELP_CHANNEL_ID)
    await fake.say(f"<@{BOT_ID}> 保号卡怎么续费", mentions=(BOT_ID,))
    assert (await fake.channel_post(CHANNEL_ID))["content"].startswith("问得有点快了")


async def test_a_failing_message_handler_apologises_and_logs_context(fake, bot, caplog):
    class BrokenRecorder:
        def record(self, asked, result, latency_ms):
            raise RuntimeError("statistics store is down")

    bot.core.recorder = BrokenRecorder()
    message = await fake.say(f"<@{BOT_ID}> how do I top up", mentions=(BOT_ID,))
    body = await fake.channel_post(CHANNEL_ID)
    assert body["content"].startswith("Sorry") and replied_to(body, message)
    failure = next(record for record in caplog.records if record.name == "bot.discord" and record.exc_info)
    assert f"message={message['id']}" in failure.getMessage() and "top up" not in failure.getMessage()


async def test_buttons_under_a_reply_are_disabled_when_they_time_out(fake, start_bot):
    await start_bot(view_timeout=0.2)
    await fake.say(f"<@{BOT_ID}> 卡", mentions=(BOT_ID,))
    await fake.channel_post(CHANNEL_ID)
    edit = await fake.next_request("PATCH", rf"/channels/{CHANNEL_ID}/messages/\d+")
    offered = buttons(edit.body["components"])
    assert len(offered) == 3 and all(button["disabled"] for button in offered)
    assert edit.body["allowed_mentions"] == NO_PINGS
