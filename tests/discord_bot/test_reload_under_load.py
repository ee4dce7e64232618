"""Reloads under load through Discord: every slash question gets an answer from one complete corpus."""

from __future__ import annotations

import asyncio
import re

from tests.corpus_kit import write_corpus
from tests.discord_bot.fake_discord import EVERYONE_PERMISSIONS, MANAGE_GUILD
from tests.discord_bot.test_admin import slash_reload
from tests.hardening.test_reload_under_load import broken_files, good_files, write_files

ROUNDS = 6
PER_ROUND = 40
_VERSION = re.compile(r"\[v(\d+)\]")


async def answered_version(fake, user_id: int) -> int:
    """Ask by slash command; return the corpus version the answer came from."""
    body = await fake.callback(await fake.slash("faq", "ask", {"question": "保号卡怎么充值"}, user_id=user_id))
    [embed] = body["data"]["embeds"]
    [version] = {int(found) for found in _VERSION.findall(embed["description"])}
    return version


async def test_questions_during_good_and_broken_admin_reloads_are_all_answered_from_one_corpus(
    fake, start_bot, tmp_path
):
    folder = write_corpus(tmp_path / "live", good_files(0))
    await start_bot(folder)
    good_versions, reports, versions = {0}, [], []
    for round_number in range(ROUNDS):
        good = round_number % 2 == 0
        write_files(folder, good_files(round_number + 1) if good else broken_files(round_number))
        good_versions |= {round_number + 1} if good else set()
        asks = [answered_version(fake, 5000 + number) for number in range(PER_ROUND)]
        reload = slash_reload(fake, user_id=4242, permissions=EVERYONE_PERMISSIONS | MANAGE_GUILD)
        *answered, report = await asyncio.gather(*asks, reload)
        versions += answered
        reports.append(report.splitlines()[0])

    assert [line.startswith("Reloaded") for line in reports] == [number % 2 == 0 for number in range(ROUNDS)]
    assert len(versions) == ROUNDS * PER_ROUND, "no question was dropped"
    assert set(versions) <= good_versions, "an answer came from a corpus that was never served"
    assert len(set(versions)) > 1, "questions did not overlap the reloads"
    assert await answered_version(fake, 6000) == ROUNDS - 1
