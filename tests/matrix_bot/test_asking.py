"""Asking the real bot on a real Synapse: by command, mention and FAQ room; replies, threads, picks, feedback."""

from __future__ import annotations

import asyncio
import uuid

from bot.chat import APOLOGY
from bot.core.script import Lang
from tests.matrix_bot.conftest import BOT_NAME, TIMEOUT, replied_to

UNSURE = "保号卡充值续费"
UNMATCHED = "今天天气怎么样，晚饭吃什么"


async def test_the_bot_joins_on_invite_and_answers_the_prefix_command_as_a_reply(room):
    alice, room_id = room
    question = await alice.send(room_id, "!faq 保号卡怎么充值")
    reply = await alice.reply_to(room_id, question)
    assert reply["msgtype"] == "m.notice"
    assert reply["m.relates_to"] == {"m.in_reply_to": {"event_id": question}}
    assert reply["body"].startswith("保号卡怎么充值？\n\n登录服务商账户，选择充值金额并付款。")
    assert "\n\n注意:\n- 到账时间以服务商为准。\n\n来源: test-notes.txt" in reply["body"]
    assert reply["format"] == "org.matrix.custom.html"
    assert reply["formatted_body"] == (
        "<p><strong>保号卡怎么充值？</strong></p><p>登录服务商账户，选择充值金额并付款。</p>"
        "<p><strong>注意</strong></p><ul><li>到账时间以服务商为准。</li></ul>"
        "<p><em>来源: test-notes.txt · 测试 (match 100/100)</em></p>"
    )
    assert reply["m.mentions"] == {}


async def test_english_questions_get_english_answers(room):
    alice, room_id = room
    reply = await alice.ask(room_id, "!faq how do I top up the SIM")
    assert reply["body"].startswith("How do I top up the SIM?") and "Caveats:" in reply["body"]


async def test_a_pill_mentioning_the_bot_asks(room, bot):
    alice, room_id = room
    pill = f'<a href="https://matrix.to/#/{bot.user_id}">{BOT_NAME}</a>: 保号卡可以发短信吗'
    reply = await alice.ask(
        room_id, f"{BOT_NAME}: 保号卡可以发短信吗", format="org.matrix.custom.html", formatted_body=pill
    )
    assert reply["body"].startswith("保号卡可以发短信吗？")


async def test_m_mentions_the_user_id_and_the_display_name_each_ask(room, bot):
    alice, room_id = room
    by_intent = await alice.ask(room_id, "保号卡怎么续费", **{"m.mentions": {"user_ids": [bot.user_id]}})
    by_id = await alice.ask(room_id, f"{bot.user_id} 保号卡怎么续费")
    by_name = await alice.ask(room_id, f"{BOT_NAME.lower()}, 保号卡怎么续费")
    assert by_intent["body"].startswith("保号卡怎么续费？")
    assert by_id["body"] == by_intent["body"] == by_name["body"]


async def test_a_reply_to_the_bot_gets_only_a_confident_answer(room, bot):
    alice, room_id = room
    question = await alice.send(room_id, "!faq 保号卡怎么充值")
    answer = await alice.wait_for(room_id, lambda event: replied_to(event) == question)

    async def reply_to_answer(text: str) -> str:
        """Reply to the bot's answer as Element does: a quoted fallback, and the bot in m.mentions."""
        relates = {"m.in_reply_to": {"event_id": answer["event_id"]}}
        extra = {"m.relates_to": relates, "m.mentions": {"user_ids": [bot.user_id]}}
        return await alice.send(room_id, f"> <{bot.user_id}> 保号卡怎么充值？\n\n{text}", **extra)

    remarks = [await reply_to_answer(text) for text in ("谢谢！", "thanks, that helped", UNSURE)]
    follow_up = await reply_to_answer("那保号卡可以发短信吗")
    assert (await alice.reply_to(room_id, follow_up))["body"].startswith("保号卡可以发短信吗？")
    named = await reply_to_answer(f"{bot.user_id} {UNMATCHED}")
    assert (await alice.reply_to(room_id, named))["body"].startswith("抱歉，FAQ 里没有找到这个问题的答案。")
    for remark in remarks:
        assert await alice.replies_to(room_id, remark) == []


async def test_without_prefix_or_mention_the_bot_stays_silent(room):
    alice, room_id = room
    ignored = await alice.send(room_id, "保号卡怎么充值")
    await alice.ask(room_id, "!faq 保号卡怎么续费")
    assert await alice.replies_to(room_id, ignored) == []


async def test_an_faq_room_gets_confident_answers_only(start_bot, bot_account, members):
    alice = members("alice")
    room_id = await alice.create_room(invite=(bot_account.user_id,))
    await start_bot(matrix_faq_rooms=[room_id])
    await alice.until_joined(room_id, bot_account.user_id)
    unsure = await alice.send(room_id, UNSURE)
    unmatched = await alice.send(room_id, UNMATCHED)
    reply = await alice.ask(room_id, "保号卡怎么充值")
    assert reply["body"].startswith("保号卡怎么充值？")
    assert await alice.replies_to(room_id, unsure) == [] and await alice.replies_to(room_id, unmatched) == []


async def test_a_question_in_a_thread_is_answered_in_the_thread(room):
    alice, room_id = room
    root = await alice.send(room_id, "SIM questions")
    in_thread = {"rel_type": "m.thread", "event_id": root, "is_falling_back": True, "m.in_reply_to": {"event_id": root}}
    question = await alice.send(room_id, "!faq 保号卡怎么充值", **{"m.relates_to": in_thread})
    reply = await alice.reply_to(room_id, question)
    assert reply["m.relates_to"] == {
        "rel_type": "m.thread",
        "event_id": root,
        "is_falling_back": True,
        "m.in_reply_to": {"event_id": question},
    }


async def test_clarify_lists_three_topics_and_a_number_from_the_asker_picks_one(room, members):
    alice, room_id = room
    offer = await alice.ask(room_id, f"!faq {UNSURE}")
    lines = offer["body"].splitlines()
    assert lines[0] == "你想问的是哪一个？" and lines[-1] == "回复编号即可查看答案。"
    options = [line.split(". ", 1)[1] for line in lines[1:-1]]
    assert len(options) >= 2 and offer["formatted_body"].count("<li>") == len(options)
    assert "<ol>" in offer["formatted_body"]
    bob = members("bob")
    await alice.bring_in(room_id, bob)
    not_bobs = await bob.send(room_id, "2")
    picked = await alice.ask(room_id, "2")
    assert picked["body"].startswith(options[1])
    assert await alice.replies_to(room_id, not_bobs) == []
    again = await alice.ask(room_id, f"!faq {UNSURE}")
    assert again["body"] == offer["body"]
    assert (await alice.ask(room_id, "!faq 1"))["body"].startswith(options[0])


async def test_a_number_without_an_offer_is_ignored_and_no_match_offers_the_list(room):
    alice, room_id = room
    stray = await alice.send(room_id, "2")
    reply = await alice.ask(room_id, f"!faq {UNMATCHED}")
    assert reply["body"].startswith("抱歉，FAQ 里没有找到这个问题的答案。")
    assert "!faq list" in reply["body"]
    assert await alice.replies_to(room_id, stray) == []


async def test_list_help_show_and_usage(room):
    alice, room_id = room
    listed = await alice.ask(room_id, "!faq list")
    assert "topup · 保号卡怎么充值？" in listed["body"] and "<ul>" in listed["formatted_body"]
    assert "renew · How do I renew the plan?" in (await alice.ask(room_id, "!faq list en"))["body"]
    assert "!faq reload" in (await alice.ask(room_id, "!faq help"))["body"]
    shown = await alice.ask(room_id, "!faq show send-sms")
    assert shown["body"].startswith("保号卡可以发短信吗？") and "match" not in shown["body"]
    assert (await alice.ask(room_id, "!faq"))["body"].startswith("请把问题写在后面")


async def test_html_and_mass_mentions_from_members_are_escaped_and_neutralised(room):
    alice, room_id = room
    hostile = "<b>x</b><script>alert(1)</script>@room"
    unknown = await alice.ask(room_id, f"!faq show {hostile}")
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in unknown["formatted_body"]
    assert "<script" not in unknown["formatted_body"] and "<b>" not in unknown["formatted_body"]
    assert "@room" not in unknown["body"] and "@\u2060room" in unknown["body"]
    assert "@room" not in unknown["formatted_body"] and unknown["m.mentions"] == {}
    asked = await alice.ask(room_id, f"!faq {hostile} @room 保号卡怎么充值")
    assert "<script" not in asked["formatted_body"] and "@room" not in asked["body"]


async def test_thumbs_on_an_answer_are_recorded_as_feedback(room, bot):
    votes: list[tuple[str, str, str, int]] = []

    class Recorder:
        def record(self, asked, result, latency_ms):
            pass

        def record_pick(self, asked, entry_id):
            pass

        def record_feedback(self, platform, user_id, entry_id, vote):
            votes.append((platform, user_id, entry_id, vote))

    bot.core.recorder = Recorder()
    alice, room_id = room
    question = await alice.send(room_id, "!faq 保号卡怎么充值")
    answer = await alice.wait_for(room_id, lambda event: replied_to(event) == question)
    await alice.react(room_id, question, "👍")
    await alice.react(room_id, answer["event_id"], "🎉")
    await alice.react(room_id, answer["event_id"], "👎🏽")
    await alice.react(room_id, answer["event_id"], "👍\ufe0f")
    async with asyncio.timeout(TIMEOUT):
        while len(votes) < 2:
            await asyncio.sleep(0.05)
    assert votes == [("matrix", alice.user_id, "topup", -1), ("matrix", alice.user_id, "topup", 1)]


async def test_over_the_cooldown_a_flood_is_told_once_and_others_are_still_served(start_bot, members):
    bot = await start_bot(cooldown_questions=1, cooldown_seconds=600)
    alice, bob = members("alice"), members("bob")
    room_id = await alice.room_with(bot.user_id)
    await alice.bring_in(room_id, bob)
    assert (await alice.ask(room_id, "!faq 保号卡怎么充值"))["body"].startswith("保号卡怎么充值？")
    assert (await alice.ask(room_id, "!faq 保号卡怎么续费"))["body"].startswith("问得有点快了")
    flood = [await alice.send(room_id, f"!faq 保号卡怎么续费 {number}") for number in range(20)]
    assert (await bob.ask(room_id, "!faq 保号卡怎么充值"))["body"].startswith("保号卡怎么充值？")
    replies = [reply for event_id in flood for reply in await alice.replies_to(room_id, event_id)]
    assert replies == [], "after one request to slow down the flood gets silence"
    assert bot.core.cooldown.tracked == 2


async def test_a_failing_handler_apologises_logs_context_and_the_bot_keeps_running(room, bot, caplog):
    class BrokenRecorder:
        def record(self, asked, result, latency_ms):
            raise RuntimeError("statistics store is down")

    alice, room_id = room
    bot.core.recorder = BrokenRecorder()
    question = await alice.send(room_id, "!faq how do I top up secret-words")
    reply = await alice.reply_to(room_id, question)
    assert reply["body"] == APOLOGY[Lang.ENGLISH]
    failure = next(record for record in caplog.records if record.name == "bot.matrix" and record.exc_info)
    assert f"event={question}" in failure.getMessage() and "secret-words" not in failure.getMessage()
    bot.core.recorder = None
    assert (await alice.ask(room_id, "!faq 保号卡怎么充值"))["body"].startswith("保号卡怎么充值？")


async def test_a_huge_or_malformed_message_gets_a_calm_reply(room):
    alice, room_id = room
    odd = await alice.send(room_id, "!faq 保号卡怎么充值", format="org.matrix.custom.html", formatted_body=["x"])
    assert (await alice.reply_to(room_id, odd))["body"].startswith("保号卡怎么充值？")
    huge = await alice.ask(room_id, "!faq 保号卡怎么充值" + "啊" * 15_000)
    assert huge["msgtype"] == "m.notice" and len(huge["body"]) < 5000


async def test_replies_wait_out_the_homeserver_rate_limit(synapse, room, bot, caplog):
    admin = synapse.register(f"admin-{uuid.uuid4().hex[:8]}", "pw-admin-1", admin=True)["access_token"]
    limit = {"messages_per_second": 1, "burst_count": 1}
    synapse.request("POST", f"/_synapse/admin/v1/users/{bot.user_id}/override_ratelimit", limit, admin)
    alice, room_id = room
    asked = ["保号卡怎么充值", "保号卡怎么续费", "保号卡可以发短信吗"]
    questions = [await alice.send(room_id, f"!faq {text}") for text in asked]
    replies = [await alice.reply_to(room_id, question) for question in questions]
    assert [reply["body"].split("\n")[0] for reply in replies] == [f"{text}？" for text in asked]
    assert any("rate limited sending" in record.getMessage() for record in caplog.records)
