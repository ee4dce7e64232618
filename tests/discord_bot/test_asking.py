"""Members asking: /faq ask, clarify buttons, no match, autocomplete, list and show, over a fake Discord."""

from __future__ import annotations

import logging

import discord

from bot.chat import SLOW_DOWN
from bot.core.render import LABELS
from bot.core.script import Lang
from bot.discord_bot.limits import CUT_MARKER
from bot.discord_bot.texts import NOT_YOURS
from tests.corpus_kit import BASIC_FILES, entry_yaml
from tests.discord_bot.fake_discord import CHANNEL_ID, buttons

NO_PINGS = {"parse": []}
EPHEMERAL = 64


def flags(body: dict) -> int:
    return body["data"].get("flags") or 0


async def test_slash_ask_answers_with_an_embed_in_the_askers_language(fake, bot):
    body = await fake.callback(await fake.slash("faq", "ask", {"question": "保号卡怎么充值"}))
    assert body["type"] == 4 and not flags(body) & EPHEMERAL
    assert body["data"]["allowed_mentions"] == NO_PINGS
    [embed] = body["data"]["embeds"]
    assert embed["title"] == "保号卡怎么充值？"
    assert embed["description"] == "登录服务商账户，选择充值金额并付款。"
    assert embed["fields"] == [{"name": "注意", "value": "- 到账时间以服务商为准。", "inline": False}]
    assert embed["footer"]["text"] == "来源: test-notes.txt · 测试 (match 100/100)"

    english = await fake.callback(await fake.slash("faq", "ask", {"question": "how do I top up the sim"}))
    [embed] = english["data"]["embeds"]
    assert embed["title"] == "How do I top up the SIM?"
    assert embed["fields"][0] == {
        "name": "Caveats",
        "value": "- Crediting time depends on the provider.",
        "inline": False,
    }
    assert embed["footer"]["text"].startswith("Source: test-notes.txt")

    traditional = await fake.callback(await fake.slash("faq", "ask", {"question": "保號卡怎麼充值"}))
    [embed] = traditional["data"]["embeds"]
    assert embed["title"].startswith("保號卡") and embed["footer"]["text"].startswith("來源")


async def test_clarify_offers_buttons_and_only_the_askers_pick_counts(fake, bot, caplog):
    caplog.set_level(logging.INFO, logger="bot.questions")
    body = await fake.callback(await fake.slash("faq", "ask", {"question": "卡"}, user_id=1001))
    assert body["type"] == 4 and not flags(body) & EPHEMERAL
    lines = body["data"]["content"].splitlines()
    assert lines[0] == LABELS[Lang.SIMPLIFIED].clarify and len(lines) == 4
    offered = buttons(body["data"]["components"])
    assert [button["label"][:2] for button in offered] == ["1.", "2.", "3."]
    message_id = fake.interactions[max(fake.interactions)]["response_message_id"]

    stranger = await fake.callback(await fake.click(message_id, offered[1]["custom_id"], user_id=2002))
    assert stranger["type"] == 4 and flags(stranger) & EPHEMERAL
    assert stranger["data"]["content"] == NOT_YOURS[Lang.SIMPLIFIED]
    assert buttons(fake.messages[int(message_id)]["components"]), "a stranger's click changed the message"

    picked = await fake.callback(await fake.click(message_id, offered[1]["custom_id"], user_id=1001))
    assert picked["type"] == 7
    [embed] = picked["data"]["embeds"]
    assert embed["title"] == offered[1]["label"].removeprefix("2. ")
    assert picked["data"]["components"] == [] and not picked["data"]["content"]
    assert picked["data"]["allowed_mentions"] == NO_PINGS
    assert any("outcome=pick" in record.getMessage() for record in caplog.records)


async def test_no_match_is_private_with_nearest_topics_and_the_list_hint(fake, bot):
    body = await fake.callback(await fake.slash("faq", "ask", {"question": "今天天气怎么样"}))
    assert body["type"] == 4 and flags(body) & EPHEMERAL
    content = body["data"]["content"]
    assert content.startswith(LABELS[Lang.SIMPLIFIED].no_match)
    assert LABELS[Lang.SIMPLIFIED].nearest in content and "/faq list" in content
    assert len(buttons(body["data"]["components"])) == 2

    nothing = await fake.callback(await fake.slash("faq", "ask", {"question": "pizza recipe"}))
    assert nothing["data"]["content"].startswith(LABELS[Lang.ENGLISH].no_match)
    assert "/faq list" in nothing["data"]["content"] and not nothing["data"].get("components")


async def test_autocomplete_suggests_matching_questions_in_the_typed_language(fake, start_bot, write_corpus, tmp_path):
    long_question = "保号卡" + "很长的问题" * 40 + "？"
    files = dict(
        BASIC_FILES, **{"long.yaml": entry_yaml("long", long_question, ["超长的提问"], "答案。", "A long one?")}
    )
    await start_bot(write_corpus(tmp_path, files, name="long"))

    async def choices(typed: str) -> list[dict]:
        interaction = await fake.slash("faq", "ask", {"question": typed}, focused="question")
        body = await fake.callback(interaction)
        assert body["type"] == 8
        return body["data"]["choices"]

    chinese = await choices("充值")
    assert chinese[0] == {"name": "保号卡怎么充值？", "value": "保号卡怎么充值？"}
    english = await choices("renew")
    assert english[0]["name"] == "How do I renew the plan?"
    everything = await choices("保号卡")
    assert 1 <= len(everything) <= 25
    assert all(len(item["name"]) <= 100 and len(item["value"]) <= 100 for item in everything)
    assert any(item["name"].endswith(CUT_MARKER) for item in everything)


async def test_a_very_long_answer_fits_every_embed_limit(fake, start_bot, write_corpus, tmp_path):
    caveats = [f"第{number}条注意事项：" + "细节" * 150 for number in range(8)]
    entry = entry_yaml("huge", "保号卡超长说明是什么？", ["超长说明"], "很长的答案。" * 1000, "What is the long note?")
    entry = entry.replace("    - 以服务商的说明为准。\n", "".join(f"    - {caveat}\n" for caveat in caveats))
    await start_bot(write_corpus(tmp_path, {"huge.yaml": entry}, name="huge"))
    body = await fake.callback(await fake.slash("faq", "ask", {"question": "保号卡超长说明是什么"}))
    [data] = body["data"]["embeds"]
    embed = discord.Embed.from_dict(data)
    assert len(embed) <= 6000 and len(embed.fields) <= 25
    assert len(data["title"]) <= 256 and 3000 < len(data["description"]) <= 4096
    assert data["description"].endswith(CUT_MARKER)
    assert data["fields"] and all(len(field["value"]) <= 1024 for field in data["fields"])
    assert data["fields"][0]["name"] == "注意" and data["footer"]["text"].startswith("来源")


async def test_cooldown_slows_down_one_member_only(fake, start_bot):
    await start_bot(cooldown_questions=2, cooldown_seconds=600)
    for _ in range(2):
        answered = await fake.callback(await fake.slash("faq", "ask", {"question": "保号卡怎么充值"}, user_id=1001))
        assert answered["data"]["embeds"]
    slowed = await fake.callback(await fake.slash("faq", "ask", {"question": "保号卡怎么充值"}, user_id=1001))
    assert slowed["data"]["content"] == SLOW_DOWN[Lang.SIMPLIFIED] and flags(slowed) & EPHEMERAL
    other = await fake.callback(await fake.slash("faq", "ask", {"question": "保号卡怎么充值"}, user_id=1002))
    assert other["data"]["embeds"]


async def test_list_pages_with_buttons_and_show_by_id(fake, start_bot, shipped_corpus):
    await start_bot(shipped_corpus)
    body = await fake.callback(await fake.slash("faq", "list"))
    assert flags(body) & EPHEMERAL
    [page] = body["data"]["embeds"]
    assert page["title"] == "FAQ 问题列表" and len(page["description"].splitlines()) == 10
    previous, following = buttons(body["data"]["components"])
    assert previous.get("disabled") is True and not following.get("disabled")
    message_id = fake.interactions[max(fake.interactions)]["response_message_id"]
    turned = await fake.callback(await fake.click(message_id, following["custom_id"]))
    assert turned["type"] == 7 and turned["data"]["embeds"][0]["footer"]["text"].startswith("第 2/")
    assert turned["data"]["allowed_mentions"] == NO_PINGS
    assert turned["data"]["embeds"][0]["description"] != page["description"]

    english = await fake.callback(await fake.slash("faq", "list", locale="en-US"))
    assert english["data"]["embeds"][0]["title"] == "FAQ questions"

    shown = await fake.callback(await fake.slash("faq", "show", {"id": "lost-phone"}))
    assert not flags(shown) & EPHEMERAL
    footer = shown["data"]["embeds"][0]["footer"]["text"]
    assert footer.startswith("来源:") and "match" not in footer

    suggested = await fake.callback(await fake.slash("faq", "show", {"id": "lost"}, focused="id"))
    assert suggested["data"]["choices"][0]["value"] == "lost-phone"


async def test_show_echoes_an_unknown_id_escaped(fake, bot):
    body = await fake.callback(await fake.slash("faq", "show", {"id": "@everyone **bold**"}))
    content = body["data"]["content"]
    assert flags(body) & EPHEMERAL and body["data"]["allowed_mentions"] == NO_PINGS
    assert "@everyone" not in content and "@\u200beveryone" in content and r"\*\*bold\*\*" in content


async def test_a_failing_handler_apologises_and_the_bot_keeps_running(fake, bot, caplog):
    class BrokenRecorder:
        def record(self, asked, result, latency_ms):
            raise RuntimeError("statistics store is down")

    bot.core.recorder = BrokenRecorder()
    body = await fake.callback(await fake.slash("faq", "ask", {"question": "保号卡怎么充值 secret words"}))
    assert flags(body) & EPHEMERAL and body["data"]["content"].startswith("抱歉")
    failure = next(record for record in caplog.records if record.name == "bot.discord" and record.exc_info)
    assert "name=faq ask" in failure.getMessage() and f"channel={CHANNEL_ID}" in failure.getMessage()
    assert "secret words" not in failure.getMessage()

    bot.core.recorder = None
    again = await fake.callback(await fake.slash("faq", "ask", {"question": "保号卡怎么充值"}))
    assert again["data"]["embeds"][0]["title"] == "保号卡怎么充值？"


async def test_offered_buttons_are_disabled_when_the_view_times_out(fake, start_bot):
    await start_bot(view_timeout=0.2)
    await fake.callback(await fake.slash("faq", "ask", {"question": "卡"}))
    edit = await fake.next_request("PATCH", r"/webhooks/\d+/[^/]+/messages/@original")
    offered = buttons(edit.body["components"])
    assert len(offered) == 3 and all(button["disabled"] for button in offered)
    assert edit.body["allowed_mentions"] == NO_PINGS
