"""Starting, stopping and riding out faults: credentials, old messages, invites, encryption, restarts, secrets."""

from __future__ import annotations

import asyncio
import logging
import os
import signal

import pytest

from bot.core.service import FaqService
from bot.matrix_bot import serve
from bot.matrix_bot.texts import ENCRYPTED
from bot.runner import StartupError, make_core
from tests.corpus_kit import write_corpus
from tests.matrix_bot.conftest import CANCEL, TEST_TIMING, TIMEOUT, matrix_settings, replied_to
from tests.matrix_bot.synapse import free_port


async def start_error(settings, corpus_dir) -> BaseException | None:
    core = make_core(await FaqService.start(corpus_dir), settings)
    task = asyncio.create_task(serve(core, settings, asyncio.Event(), timing=TEST_TIMING))
    await asyncio.wait_for(asyncio.wait({task}), TIMEOUT)
    return task.exception()


@pytest.mark.parametrize(
    ("missing", "named"),
    [
        ({"matrix_homeserver": None}, "MATRIX_HOMESERVER"),
        ({"matrix_user_id": " "}, "MATRIX_USER_ID"),
        ({"matrix_access_token": None}, "MATRIX_ACCESS_TOKEN or MATRIX_PASSWORD"),
    ],
)
async def test_missing_settings_are_one_startup_error(synapse, bot_account, corpus_dir, tmp_path, missing, named):
    error = await start_error(matrix_settings(synapse, bot_account, tmp_path, **missing), corpus_dir)
    assert isinstance(error, StartupError) and named in str(error) and "\n" not in str(error)


async def test_a_rejected_token_or_password_is_one_startup_error(synapse, bot_account, corpus_dir, tmp_path, caplog):
    caplog.set_level(logging.DEBUG)
    wrong = matrix_settings(synapse, bot_account, tmp_path, matrix_access_token="syt_not_a_token")
    error = await start_error(wrong, corpus_dir)
    assert isinstance(error, StartupError) and "rejected MATRIX_ACCESS_TOKEN (M_UNKNOWN_TOKEN)" in str(error)
    assert "syt_not_a_token" not in str(error)
    wrong = matrix_settings(synapse, bot_account, tmp_path, matrix_access_token=None, matrix_password="nope-123")
    error = await start_error(wrong, corpus_dir)
    assert isinstance(error, StartupError) and "rejected MATRIX_PASSWORD" in str(error) and "nope" not in str(error)
    assert "syt_not_a_token" not in caplog.text and "nope-123" not in caplog.text


async def test_another_accounts_token_and_an_unreachable_homeserver_are_startup_errors(
    synapse, bot_account, register, corpus_dir, tmp_path, caplog
):
    caplog.set_level(logging.DEBUG)
    other = register("other")
    error = await start_error(
        matrix_settings(synapse, bot_account, tmp_path, matrix_access_token=other.token), corpus_dir
    )
    assert isinstance(error, StartupError) and f"belongs to {other.user_id}" in str(error)
    away = f"http://127.0.0.1:{free_port()}"
    error = await start_error(matrix_settings(synapse, bot_account, tmp_path, matrix_homeserver=away), corpus_dir)
    assert isinstance(error, StartupError) and "cannot reach MATRIX_HOMESERVER" in str(error)
    assert other.token not in caplog.text and bot_account.token not in caplog.text


async def test_password_login_works_and_no_secret_reaches_the_log(start_bot, bot_account, members, caplog):
    caplog.set_level(logging.DEBUG)
    bot = await start_bot(matrix_access_token=None, matrix_password=bot_account.password)
    alice = members("alice")
    room_id = await alice.room_with(bot.user_id)
    assert (await alice.ask(room_id, "!faq 保号卡怎么充值"))["body"].startswith("保号卡怎么充值？")
    logging.getLogger("nio.client").warning("GET /sync?access_token=%s failed", "syt_leaked_value")
    logging.getLogger("bot.matrix").warning("echo %s", bot_account.password)
    text = "\n".join(record.getMessage() for record in caplog.records)
    assert "matrix: logged in as" in text
    assert bot_account.password not in text and "syt_leaked_value" not in text
    assert "access_token=[redacted]" in text
    assert not any(line.startswith("syt_") for line in text.split())


async def test_stop_ends_the_bot_cleanly_and_messages_from_before_the_start_are_not_answered(
    start_bot, bot_account, members
):
    alice = members("alice")
    room_id = await alice.create_room(invite=(bot_account.user_id,))
    before_join = await alice.send(room_id, "!faq 保号卡怎么续费")
    bot = await start_bot()
    await alice.until_joined(room_id, bot.user_id)
    await alice.ask(room_id, "!faq 保号卡怎么充值")
    await bot.shut_down()
    assert bot.task.exception() is None
    while_stopped = await alice.send(room_id, "!faq 保号卡可以发短信吗")
    await start_bot()
    after = await alice.ask(room_id, "!faq how do I renew the plan")
    assert after["body"].startswith("How do I renew the plan?")
    assert await alice.replies_to(room_id, before_join) == []
    assert await alice.replies_to(room_id, while_stopped) == []


async def test_invites_outside_the_allowlist_are_declined(start_bot, bot_account, members):
    alice = members("alice")
    bot = await start_bot(matrix_invite_allowlist=[":elsewhere.example"])
    room_id = await alice.create_room(invite=(bot.user_id,))
    left = await alice.wait_for(
        room_id,
        lambda event: (
            event["type"] == "m.room.member"
            and event["state_key"] == bot.user_id
            and event["content"]["membership"] == "leave"
        ),
    )
    assert left["sender"] == bot.user_id


async def test_invites_from_an_allowed_server_are_accepted(start_bot, bot_account, members):
    alice = members("alice")
    bot = await start_bot(matrix_invite_allowlist=[":localhost"])
    await alice.room_with(bot.user_id)


async def test_in_an_encrypted_room_the_bot_says_once_that_it_cannot_read_it(room, bot):
    alice, room_id = room
    await alice.send(room_id, "", "m.room.encryption", algorithm="m.megolm.v1.aes-sha2")
    fake_megolm = {
        "algorithm": "m.megolm.v1.aes-sha2",
        "ciphertext": "AwgAEnAc",
        "device_id": "ALICEDEVICE",
        "sender_key": "c2VuZGVyIGtleQ",
        "session_id": "c2Vzc2lvbg",
    }
    for _ in range(2):
        await alice.send(room_id, "", "m.room.encrypted", **fake_megolm)
    await alice.ask(room_id, "!faq 保号卡怎么充值")
    notices = [event for event in await alice.events(room_id) if event["content"].get("body") == ENCRYPTED]
    assert len(notices) == 1 and notices[0]["content"]["msgtype"] == "m.notice"
    assert notices[0]["content"]["m.mentions"] == {}


async def test_the_bot_rides_out_a_homeserver_restart(synapse, room, bot, caplog):
    caplog.set_level(logging.INFO, logger="bot.matrix")
    alice, room_id = room
    await alice.ask(room_id, "!faq 保号卡怎么充值")
    synapse.stop()
    async with asyncio.timeout(TIMEOUT):
        while not any("sync failed" in record.getMessage() for record in caplog.records):
            await asyncio.sleep(0.05)
    await asyncio.to_thread(synapse.start)
    question = await alice.send(room_id, "!faq 保号卡怎么续费")
    reply = await alice.wait_for(room_id, lambda event: replied_to(event) == question)
    assert reply["content"]["body"].startswith("保号卡怎么续费？")
    messages = [record.getMessage() for record in caplog.records if record.name == "bot.matrix"]
    retries = [message for message in messages if "sync failed" in message]
    assert retries and all("retrying in" in message for message in retries)
    assert any("sync works again" in message for message in messages)
    assert not bot.task.done()


async def test_sighup_reloads_the_corpus(start_bot, members, tmp_path, caplog):
    caplog.set_level(logging.INFO, logger="bot.matrix")
    folder = write_corpus(tmp_path, name="live")
    bot = await start_bot(folder=folder)
    alice = members("alice")
    room_id = await alice.room_with(bot.user_id)
    (folder / "cancel.yaml").write_text(CANCEL, encoding="utf-8")
    os.kill(os.getpid(), signal.SIGHUP)
    async with asyncio.timeout(TIMEOUT):
        while not any("SIGHUP reload" in record.getMessage() for record in caplog.records):
            await asyncio.sleep(0.05)
    assert (await alice.ask(room_id, "!faq 保号卡怎么注销"))["body"].startswith("保号卡怎么注销？")


async def test_a_token_revoked_while_running_ends_the_bot_with_a_startup_error(synapse, start_bot, register):
    account = register("revoked")
    bot = await start_bot(matrix_user_id=account.user_id, matrix_access_token=account.token)
    synapse.request("POST", "/_matrix/client/v3/logout", {}, account.token)
    await asyncio.wait_for(asyncio.wait({bot.task}), TIMEOUT)
    assert isinstance(bot.task.exception(), StartupError)
    assert "no longer accepts" in str(bot.task.exception())
