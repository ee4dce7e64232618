"""Admin reloads from Discord: who may, what they are told, and that a broken corpus changes nothing."""

from __future__ import annotations

import asyncio

from bot.chat import NOT_ADMIN
from tests.corpus_kit import entry_yaml
from tests.discord_bot.fake_discord import (
    ADMIN_ROLE_ID,
    BOT_ID,
    CHANNEL_ID,
    EVERYONE_PERMISSIONS,
    MANAGE_GUILD,
    MANAGER_ROLE_ID,
)

EPHEMERAL = 64
CANCEL = entry_yaml(
    "cancel-plan",
    "保号卡怎么注销？",
    ["保号卡不想用了怎么销号"],
    "在账户里选择注销并确认。",
    "How do I cancel the plan?",
)
CANCEL_QUESTION = "保号卡怎么注销"


async def asked_title(fake, question: str) -> str | None:
    """Ask by slash command; return the answer's title, or None when the reply is not an answer."""
    body = await fake.callback(await fake.slash("faq", "ask", {"question": question}, user_id=1234))
    embeds = body["data"].get("embeds") or []
    return embeds[0]["title"] if embeds else None


async def slash_reload(fake, **member) -> str:
    """Run /faq-reload as a member; return the text the member is shown (always privately)."""
    interaction = await fake.slash("faq-reload", **member)
    first = await fake.callback(interaction)
    assert first["data"].get("flags", 0) & EPHEMERAL
    if first["type"] == 4:
        return first["data"]["content"]
    assert first["type"] == 5
    follow_up = await fake.next_request("POST", rf"/webhooks/\d+/{interaction['token']}")
    assert follow_up.body["flags"] & EPHEMERAL and follow_up.body["allowed_mentions"] == {"parse": []}
    return follow_up.body["content"]


async def test_manage_server_reloads_and_new_entries_are_served(fake, bot, corpus_dir):
    assert await asked_title(fake, CANCEL_QUESTION) != "保号卡怎么注销？"
    (corpus_dir / "cancel.yaml").write_text(CANCEL, encoding="utf-8")
    text = await slash_reload(fake, permissions=EVERYONE_PERMISSIONS | MANAGE_GUILD)
    assert text.startswith("Reloaded 4 entries")
    assert await asked_title(fake, CANCEL_QUESTION) == "保号卡怎么注销？"


async def test_listed_users_and_roles_may_reload(fake, start_bot, corpus_dir):
    await start_bot(admin_user_ids=[4242], admin_role_ids=[ADMIN_ROLE_ID])
    assert (await slash_reload(fake, user_id=4242)).startswith("Reloaded 3 entries")
    assert (await slash_reload(fake, user_id=4343, roles=(ADMIN_ROLE_ID,))).startswith("Reloaded 3 entries")


async def test_members_are_refused_and_nothing_changes(fake, bot, corpus_dir):
    (corpus_dir / "cancel.yaml").write_text(CANCEL, encoding="utf-8")
    assert await slash_reload(fake, user_id=4242) == NOT_ADMIN
    await fake.say("!faq reload", author_id=4242)
    refused = await fake.channel_post(CHANNEL_ID)
    assert refused["content"] == NOT_ADMIN and refused["allowed_mentions"] == {"parse": []}
    assert await asked_title(fake, CANCEL_QUESTION) != "保号卡怎么注销？"


async def test_the_prefix_reload_follows_the_members_role_permissions(fake, bot, corpus_dir):
    (corpus_dir / "cancel.yaml").write_text(CANCEL, encoding="utf-8")
    await fake.say("!faq RELOAD", author_id=4242, roles=(MANAGER_ROLE_ID,))
    assert (await fake.channel_post(CHANNEL_ID))["content"].startswith("Reloaded 4 entries")
    await fake.say(f"<@{BOT_ID}> {CANCEL_QUESTION}", mentions=(BOT_ID,))
    assert (await fake.channel_post(CHANNEL_ID))["embeds"][0]["title"] == "保号卡怎么注销？"


async def test_a_broken_corpus_is_reported_and_the_old_one_keeps_serving(fake, bot, corpus_dir):
    broken = CANCEL.replace("  answer: 在账户里选择注销并确认。\n", "")
    (corpus_dir / "cancel.yaml").write_text(broken, encoding="utf-8")
    text = await slash_reload(fake, permissions=EVERYONE_PERMISSIONS | MANAGE_GUILD)
    summary, rest = text.split("\n", 1)
    assert summary == "Reload failed; the previous corpus is still serving."
    assert rest.startswith("```\n") and rest.endswith("\n```")
    assert "cancel.yaml:1, entry 'cancel-plan', field 'answer': required field is missing" in rest
    assert await asked_title(fake, "保号卡怎么充值") == "保号卡怎么充值？"
    assert await asked_title(fake, CANCEL_QUESTION) != "保号卡怎么注销？"


async def test_two_reloads_at_once_both_finish_on_one_consistent_corpus(fake, bot, corpus_dir):
    (corpus_dir / "cancel.yaml").write_text(CANCEL, encoding="utf-8")
    admin = EVERYONE_PERMISSIONS | MANAGE_GUILD
    texts = await asyncio.gather(slash_reload(fake, permissions=admin), slash_reload(fake, permissions=admin))
    assert all(text.startswith("Reloaded 4 entries") for text in texts)
    assert await asked_title(fake, CANCEL_QUESTION) == "保号卡怎么注销？"


async def test_a_long_problem_report_is_cut_inside_its_code_block(fake, bot, corpus_dir):
    entries = [
        entry_yaml(f"broken-{number}", f"问题{number}？", [f"别名{number}"], "答案。", f"Question {number}?")
        for number in range(150)
    ]
    text = "".join(entry.replace("  answer: 答案。\n", "") for entry in entries)
    (corpus_dir / "many.yaml").write_text(text, encoding="utf-8")
    report = await slash_reload(fake, permissions=EVERYONE_PERMISSIONS | MANAGE_GUILD)
    assert len(report) <= 2000 and report.endswith("\n```")
    assert "more lines; `faqbot check` lists every problem" in report
    assert "many.yaml:1, entry 'broken-0', field 'answer'" in report
