"""Reloads under load through Matrix: questions between good and broken admin reloads are all answered."""

from __future__ import annotations

import re

from tests.corpus_kit import write_corpus
from tests.hardening.test_reload_under_load import broken_files, good_files, write_files

ROUNDS = 4
PER_ROUND = 5
QUESTION = "!faq 保号卡怎么充值"
_VERSION = re.compile(r"\[v(\d+)\]")


async def test_questions_around_good_and_broken_reloads_each_come_from_one_served_corpus(start_bot, members, tmp_path):
    folder = write_corpus(tmp_path / "live", good_files(0))
    bot = await start_bot(folder)
    alice = members("alice")  # the room's creator, so an admin
    room_id = await alice.room_with(bot.user_id)
    questions, reports, good_versions = [await alice.send(room_id, QUESTION)], [], {0}
    for round_number in range(ROUNDS):
        good = round_number % 2 == 0
        write_files(folder, good_files(round_number + 1) if good else broken_files(round_number))
        good_versions |= {round_number + 1} if good else set()
        reload = await alice.send(room_id, "!faq reload")
        questions += [await alice.send(room_id, QUESTION) for _ in range(PER_ROUND)]
        reports.append((await alice.reply_to(room_id, reload))["body"])  # before the next round's files
    questions.append(await alice.send(room_id, QUESTION))

    assert [report.startswith("Reloaded") for report in reports] == [n % 2 == 0 for n in range(ROUNDS)]
    versions = []
    for event_id in questions:
        [version] = {int(found) for found in _VERSION.findall((await alice.reply_to(room_id, event_id))["body"])}
        versions.append(version)
    assert len(versions) == ROUNDS * PER_ROUND + 2, "no question was dropped"
    assert set(versions) <= good_versions, "an answer came from a corpus that was never served"
    assert versions[0] == 0 and versions[-1] == ROUNDS - 1
