"""Admins on Matrix: power levels, room creators (room v12), MATRIX_ADMINS; reloads, broken corpora, stats."""

from __future__ import annotations

from nio import RoomGetStateResponse

from bot.chat import NOT_ADMIN, STATS_OFF
from tests.corpus_kit import entry_yaml, line_of, write_corpus


async def admin_room(alice, bot, members, levels: dict[str, int]) -> str:
    """Alice creates a room where the given users have these power levels, invites the bot and them."""
    room_id = await alice.create_room(invite=(bot.user_id,), power_level_override={"users": levels})
    await alice.until_joined(room_id, bot.user_id)
    return room_id


async def test_the_creator_of_a_v12_room_may_reload_without_a_listed_power_level(room, bot):
    alice, room_id = room
    state = await alice.client.room_get_state(room_id)
    assert isinstance(state, RoomGetStateResponse)
    create = next(event for event in state.events if event["type"] == "m.room.create")
    levels = next(event for event in state.events if event["type"] == "m.room.power_levels")
    assert create["content"]["room_version"] == "12" and create["sender"] == alice.user_id
    assert alice.user_id not in levels["content"].get("users", {})
    reply = await alice.ask(room_id, "!faq reload")
    assert reply["body"].startswith("Reloaded 3 entries") and reply["msgtype"] == "m.notice"


async def test_power_level_50_may_reload_and_a_member_may_not(bot, members):
    alice, bob, carol = members("alice"), members("bob"), members("carol")
    room_id = await admin_room(alice, bot, members, {bob.user_id: 50})
    await alice.bring_in(room_id, bob)
    await alice.bring_in(room_id, carol)
    assert (await bob.ask(room_id, "!faq reload"))["body"].startswith("Reloaded 3 entries")
    assert (await carol.ask(room_id, "!faq reload"))["body"] == NOT_ADMIN
    assert (await carol.ask(room_id, "!faq stats"))["body"] == NOT_ADMIN
    assert (await bob.ask(room_id, "!faq stats"))["body"] == STATS_OFF


async def test_a_higher_threshold_and_matrix_admins(start_bot, members):
    alice, bob, carol = members("alice"), members("bob"), members("carol")
    bot = await start_bot(matrix_admin_power_level=75, matrix_admins=[carol.user_id])
    room_id = await admin_room(alice, bot, members, {bob.user_id: 50})
    await alice.bring_in(room_id, bob)
    await alice.bring_in(room_id, carol)
    assert (await bob.ask(room_id, "!faq reload"))["body"] == NOT_ADMIN
    assert (await carol.ask(room_id, "!faq reload"))["body"].startswith("Reloaded 3 entries")


async def test_a_broken_corpus_is_reported_and_the_old_one_keeps_answering(start_bot, members, tmp_path):
    folder = write_corpus(tmp_path, name="live")
    bot = await start_bot(folder=folder)
    alice = members("alice")
    room_id = await alice.room_with(bot.user_id)
    broken = entry_yaml("cancel", "保号卡怎么注销？", ["怎么注销"], "在账户里注销。", "How do I cancel?")
    broken = broken.replace("  answer: 在账户里注销。\n", "")
    (folder / "broken.yaml").write_text(broken, encoding="utf-8")
    reply = await alice.ask(room_id, "!faq reload")
    lines = reply["body"].splitlines()
    assert lines[0] == "Reload failed; the previous corpus is still serving."
    where = f"broken.yaml:{line_of(broken, 'id: cancel')}, entry 'cancel', field 'answer'"
    assert any(where in line for line in lines[1:]), lines
    assert where.replace("'", "&#x27;") in reply["formatted_body"]
    assert (await alice.ask(room_id, "!faq 保号卡怎么充值"))["body"].startswith("保号卡怎么充值？")


async def test_an_additional_creator_may_reload(synapse, bot, members):
    alice, bob = members("alice"), members("bob")
    body = {"invite": [bot.user_id, bob.user_id], "creation_content": {"additional_creators": [bob.user_id]}}
    room_id = synapse.request("POST", "/_matrix/client/v3/createRoom", body, alice.account.token)["room_id"]
    await bob.client.join(room_id)
    await alice.until_joined(room_id, bot.user_id)
    state = await alice.client.room_get_state(room_id)
    levels = next(event for event in state.events if event["type"] == "m.room.power_levels")
    assert bob.user_id not in levels["content"].get("users", {})
    assert (await bob.ask(room_id, "!faq reload"))["body"].startswith("Reloaded 3 entries")
