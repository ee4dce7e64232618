"""Reloads under load: every question is answered from one complete corpus, and reloads never stall the loop."""

from __future__ import annotations

import asyncio
import re
import time
from pathlib import Path

from bot.core.decision import Answer, Clarify, NoMatch, Result, top_matches
from bot.core.errors import CorpusError
from bot.core.model import Corpus, Entry
from bot.core.service import FaqService
from tests.corpus_kit import RENEW, SEND_SMS, TOPUP, write_corpus

QUESTION_COUNT = 10_000
ROUNDS = 20
QUESTIONS = [
    "保号卡怎么充值？",
    "保號卡可以發簡訊嗎",
    "how do i renew the plan",
    "保号卡",
    "保号卡 sms 续费 充值",
    "今天天气怎么样",
    "",
    "\u202e保号卡\u200b怎么\x00续费\ud800",
]
_VERSION = re.compile(r"\[v(\d+)\]$")


def versioned(text: str, version: int) -> str:
    """Mark every answer (Chinese and English) of some entries' YAML with a version number."""
    return re.sub(r"^(\s+answer: .*)$", rf"\1 [v{version}]", text, flags=re.MULTILINE)


def good_files(version: int) -> dict[str, str]:
    """Return the small corpus with every answer marked with this version."""
    return {"money.yaml": versioned(TOPUP + "\n" + RENEW, version), "sms.yaml": versioned(SEND_SMS, version)}


def broken_files(round_number: int) -> dict[str, str]:
    """Return a broken variant of the corpus (marked with a version no good corpus has)."""
    good = good_files(1000 + round_number)
    money = good["money.yaml"]
    kinds = [
        {"money.yaml": money.replace("  answer: 登录", "  answer: : 登录")},
        {"extra.yaml": RENEW},
        {"money.yaml": money.replace("  tags: [test]", "  tags: !!python/object:os.system [x]", 1)},
        {"money.yaml": money[: money.index("  en:", money.index("id: renew"))]},
        {"sms.yaml": good["sms.yaml"].replace("    - 备用卡能不能发信息", "    - 私信 @cheapsims")},
    ]
    return {**good, **kinds[round_number // 2 % len(kinds)]}


def write_files(folder: Path, files: dict[str, str]) -> None:
    """Replace the corpus files of a folder (synonyms.yaml stays)."""
    for old in folder.glob("*.yaml"):
        if old.name != "synonyms.yaml":
            old.unlink()
    for name, text in files.items():
        (folder / name).write_text(text, encoding="utf-8")


def version_of(entry: Entry) -> int:
    """Return the version an entry's answers are marked with (both languages must agree)."""
    versions = {int(_VERSION.search(text).group(1)) for text in (entry.answer, entry.en.answer)}
    assert len(versions) == 1, entry
    return versions.pop()


async def test_questions_during_good_and_broken_reloads_each_come_from_one_complete_corpus(tmp_path):
    folder = write_corpus(tmp_path, good_files(0))
    service = await FaqService.start(folder)
    served: list[Corpus] = [service.index.corpus]
    gates = [asyncio.Event() for _ in range(ROUNDS)]

    async def ask(number: int) -> tuple[str, Result]:
        await gates[number % ROUNDS].wait()
        for _ in range(number % 3):
            await asyncio.sleep(0)
        question = QUESTIONS[number % len(QUESTIONS)]
        if number % 10 == 0:  # some from worker threads, racing the swap
            return question, await asyncio.to_thread(service.answer, question)
        return question, await service.ask(question)

    async def reload_rounds() -> list[bool]:
        outcomes = []
        for round_number in range(ROUNDS):
            good = round_number % 2 == 0
            write_files(folder, good_files(round_number + 1) if good else broken_files(round_number))
            gates[round_number].set()  # this round's questions run while the new index is built
            try:
                await service.reload()
                served.append(service.index.corpus)
                outcomes.append(True)
            except CorpusError:
                outcomes.append(False)
        return outcomes

    *answers, outcomes = await asyncio.gather(*(ask(number) for number in range(QUESTION_COUNT)), reload_rounds())

    assert outcomes == [round_number % 2 == 0 for round_number in range(ROUNDS)]
    assert len(answers) == QUESTION_COUNT
    owner = {id(entry): number for number, corpus in enumerate(served) for entry in corpus.entries}
    seen_corpora, multi_match = set(), 0
    for number, (question, result) in enumerate(answers):
        assert question == QUESTIONS[number % len(QUESTIONS)] and result.question == question
        assert isinstance(result, Answer | Clarify | NoMatch)
        matches = top_matches(result)
        corpora = {owner.get(id(match.entry)) for match in matches}
        assert None not in corpora, f"{question!r} was answered from a corpus that was never served"
        assert len(corpora) <= 1, f"{question!r} mixed corpora {corpora}"
        assert len({version_of(match.entry) for match in matches}) <= 1
        seen_corpora |= corpora
        multi_match += len(matches) > 1
    assert multi_match > QUESTION_COUNT // 10, "too few results carry several entries for the mix check to bite"
    assert len(seen_corpora) > ROUNDS // 4, "questions did not overlap the reloads"
    assert {version_of(entry) for entry in served[-1].entries} == {ROUNDS - 1}
    assert service.index.corpus is served[-1]
    last = await service.ask("保号卡怎么充值？")
    assert isinstance(last, Answer) and last.match.entry.answer.endswith(f"[v{ROUNDS - 1}]")


async def test_a_reload_does_not_stall_the_event_loop(shipped_corpus):
    service = await FaqService.start(shipped_corpus)
    lags: list[float] = []
    stop = asyncio.Event()

    async def tick() -> None:
        while not stop.is_set():
            before = time.perf_counter()
            await asyncio.sleep(0.001)
            lags.append(time.perf_counter() - before - 0.001)

    ticker = asyncio.create_task(tick())
    await asyncio.sleep(0.01)
    lags.clear()
    report = await service.reload()
    stop.set()
    await ticker
    # Built on the event loop, no tick could run until the reload was over; built in a thread, the loop keeps
    # turning. Counting ticks, not timing them, keeps this true on a loaded machine (faqbot bench times stalls).
    assert report.entries > 0 and len(lags) >= 3, f"{len(lags)} ticks during a {report.seconds:.3f}s reload"
