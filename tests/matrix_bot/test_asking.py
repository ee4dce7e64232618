"""Asking the real bot on a real Synapse: by command, mention and FAQ room; replies, threads, picks."""

from __future__ import annotations

from tests.matrix_bot.conftest import BOT_NAME


async def test_the_bot_joins_on_invite_and_answers_the_prefix_command(room, bot):
    alice, room_id = room
    reply = await alice.ask(room_id, "!faq 保号卡怎么充值")
    assert reply["msgtype"] == "m.notice"
    assert reply["body"].startswith("保号卡怎么充值？\n\n登录服务商账户")
    assert reply["format"] == "org.matrix.custom.html"
    assert reply["formatted_body"].startswith("<p><strong>保号卡怎么充值？</strong></p>")
    assert "<ul><li>到账时间以服务商为准。</li></ul>" in reply["formatted_body"]
    assert reply["m.mentions"] == {}
