"""`faqbot run discord matrix`: both adapters in one process over one corpus; `faqbot run matrix` start-up errors."""

from __future__ import annotations

import asyncio
import logging
import os
import signal

from bot.cli import main
from bot.runner import run_platforms
from tests.corpus_kit import write_corpus
from tests.discord_bot.conftest import pointed_at
from tests.discord_bot.fake_discord import CHANNEL_ID, GUILD_ID, FakeDiscord
from tests.matrix_bot.conftest import CANCEL, TIMEOUT, matrix_settings


async def test_one_reload_from_matrix_updates_discord_too(synapse, bot_account, members, tmp_path):
    folder = write_corpus(tmp_path, name="live")
    alice = members("alice")
    room_id = await alice.create_room(invite=(bot_account.user_id,))
    fake = FakeDiscord()
    await fake.start()
    try:
        with pointed_at(fake):
            settings = matrix_settings(
                synapse, bot_account, tmp_path / "store", discord_token=fake.token, discord_guild_ids=[GUILD_ID]
            )
            task = asyncio.create_task(run_platforms(["discord", "matrix"], settings, folder))
            await fake.ready_shards(1)
            await alice.until_joined(room_id, bot_account.user_id)
            (folder / "cancel.yaml").write_text(CANCEL, encoding="utf-8")
            assert (await alice.ask(room_id, "!faq reload"))["body"].startswith("Reloaded 4 entries")
            await fake.say("!faq 保号卡怎么注销")
            assert (await fake.channel_post(CHANNEL_ID))["embeds"][0]["title"] == "保号卡怎么注销？"
            assert (await alice.ask(room_id, "!faq 保号卡怎么注销"))["body"].startswith("保号卡怎么注销？")
            os.kill(os.getpid(), signal.SIGTERM)  # run_platforms' own handler sets stop for both adapters
            await asyncio.wait_for(task, TIMEOUT)
            await fake.closed_shards(1)
    finally:
        await fake.close()


def test_run_matrix_without_credentials_exits_2_with_one_line(corpus_dir, monkeypatch, tmp_path, capsys):
    root = logging.getLogger()
    monkeypatch.setattr(root, "handlers", root.handlers[:])
    monkeypatch.setattr(root, "level", root.level)
    monkeypatch.chdir(tmp_path)
    for name in ("MATRIX_HOMESERVER", "MATRIX_USER_ID", "MATRIX_ACCESS_TOKEN", "MATRIX_PASSWORD"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("MATRIX_HOMESERVER", "https://matrix.example.org")
    assert main(["--faq-dir", str(corpus_dir), "run", "matrix"]) == 2
    errors = [line for line in capsys.readouterr().err.splitlines() if line.startswith("faqbot:")]
    assert errors == [
        "faqbot: MATRIX_USER_ID, MATRIX_ACCESS_TOKEN or MATRIX_PASSWORD not set; "
        "put the bot account's details in .env (see .env.example)"
    ]
