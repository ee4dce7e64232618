"""The service answers from the live index; reloads validate first and swap atomically."""

from __future__ import annotations

import asyncio
import gc
import sys
import weakref

import pytest

from bot.core.collector import collector_paused
from bot.core.decision import Answer, Clarify, NoMatch, Thresholds
from bot.core.errors import CorpusError
from bot.core.service import BUILD_SWITCH_INTERVAL, FaqService, ReloadReport, _switching_often
from tests.corpus_kit import RENEW, TOPUP, entry_yaml

MMS = entry_yaml(
    "mms",
    "保号卡能发彩信吗？",
    ["保号卡发图片消息行不行", "can the sim send picture messages"],
    "可以，但手机要支持彩信并开启移动数据。",
    "Can the SIM send MMS?",
    en_answer="Yes, if the phone supports MMS and mobile data is on.",
)


def answered_id(result) -> str | None:
    """Return the answered entry id, or None for Clarify/NoMatch."""
    return result.match.entry.id if isinstance(result, Answer) else None


@pytest.fixture
async def service(corpus_dir) -> FaqService:
    """A started service over the small test corpus."""
    return await FaqService.start(corpus_dir)


async def test_start_builds_the_index_and_answers(service, corpus_dir):
    assert service.folder == corpus_dir
    assert sorted(entry.id for entry in service.index.corpus.entries) == ["renew", "send-sms", "topup"]
    assert service.index.phrasing_count >= 3 * 3
    assert answered_id(await service.ask("保号卡怎么充值？")) == "topup"
    assert answered_id(service.answer("how do i renew the plan")) == "renew"


async def test_start_with_thresholds_and_max_chars(corpus_dir):
    service = await FaqService.start(corpus_dir, Thresholds(answer=101.0, clarify=101.0), max_chars=40)
    assert service.index.normalizer.max_chars == 40
    assert isinstance(await service.ask("保号卡怎么充值？"), NoMatch)


async def test_start_on_a_broken_corpus_raises(write_corpus, tmp_path):
    folder = write_corpus(tmp_path, {"bad.yaml": TOPUP.replace("question: 保号卡怎么充值？", "question: 42")})
    with pytest.raises(CorpusError):
        await FaqService.start(folder)


@pytest.mark.parametrize(
    "breakage",
    [
        {"money.yaml": TOPUP.replace("  answer: 登录", "  answer: : 登录")},
        {"money.yaml": TOPUP.replace("    - 副卡怎么充钱", "    - 私信 @cheapsims")},
        {"extra.yaml": RENEW},
    ],
    ids=["yaml-syntax", "handle", "duplicate-id"],
)
async def test_broken_reload_keeps_the_old_index_serving(service, corpus_dir, breakage):
    old_index = service.index
    questions = ["保号卡怎么充值？", "保号卡怎么续费", "can the sim send texts", "今天天气怎么样"]
    before = [await service.ask(question) for question in questions]
    assert answered_id(before[0]) == "topup"
    for name, text in breakage.items():
        (corpus_dir / name).write_text(text, encoding="utf-8")
    with pytest.raises(CorpusError) as caught:
        await service.reload()
    assert any(problem.file.startswith(str(corpus_dir)) for problem in caught.value.problems)
    assert service.index is old_index
    assert [await service.ask(question) for question in questions] == before


async def test_good_reload_swaps_in_the_new_corpus(service, corpus_dir):
    old_index = service.index
    assert answered_id(await service.ask("保号卡能发彩信吗")) != "mms"
    (corpus_dir / "mms.yaml").write_text(MMS, encoding="utf-8")
    report = await service.reload()
    assert isinstance(report, ReloadReport)
    assert report.entries == 4 and report.phrasings == service.index.phrasing_count and report.seconds >= 0
    assert service.index is not old_index
    assert answered_id(await service.ask("保号卡能发彩信吗")) == "mms"
    assert answered_id(await service.ask("保号卡怎么充值？")) == "topup"


async def test_reload_after_a_failed_reload_recovers(service, corpus_dir):
    good = (corpus_dir / "money.yaml").read_text(encoding="utf-8")
    (corpus_dir / "money.yaml").write_text(good.replace("id: renew", "id: topup"), encoding="utf-8")
    with pytest.raises(CorpusError):
        await service.reload()
    (corpus_dir / "money.yaml").write_text(good, encoding="utf-8")
    (corpus_dir / "mms.yaml").write_text(MMS, encoding="utf-8")
    assert (await service.reload()).entries == 4
    assert answered_id(await service.ask("can the sim send picture messages")) == "mms"


async def test_many_asks_during_reloads_all_get_results(service, corpus_dir):
    (corpus_dir / "mms.yaml").write_text(MMS, encoding="utf-8")
    questions = ["保号卡怎么充值？", "保號卡可以發簡訊嗎", "how do i renew the plan", "今天吃什么", "保号卡能发彩信吗"]

    async def ask(number: int):
        for _ in range(number % 4):
            await asyncio.sleep(0)
        question = questions[number % len(questions)]
        if number % 2:
            return question, await asyncio.to_thread(service.answer, question)
        return question, await service.ask(question)

    asks = [ask(number) for number in range(500)]
    reloads = [service.reload() for _ in range(4)]
    outcomes = await asyncio.gather(*asks, *reloads)
    answers, reports = outcomes[:500], outcomes[500:]
    assert all(isinstance(report, ReloadReport) and report.entries == 4 for report in reports)
    for question, result in answers:
        assert isinstance(result, Answer | Clarify | NoMatch)
        assert result.question == question
    expected = {"保号卡怎么充值？": "topup", "保號卡可以發簡訊嗎": "send-sms", "how do i renew the plan": "renew"}
    for question, result in answers:
        if question in expected:
            assert answered_id(result) == expected[question], question
    assert answered_id(await service.ask("保号卡能发彩信吗")) == "mms"


async def test_asks_during_a_failing_reload_all_get_results(service, corpus_dir):
    (corpus_dir / "bad.yaml").write_text("- id: [broken\n", encoding="utf-8")
    old_index = service.index
    outcomes = await asyncio.gather(
        service.reload(), *(service.ask("保号卡怎么充值？") for _ in range(200)), return_exceptions=True
    )
    assert isinstance(outcomes[0], CorpusError)
    assert all(answered_id(result) == "topup" for result in outcomes[1:])
    assert service.index is old_index


async def test_two_concurrent_reloads_both_complete(service, corpus_dir):
    (corpus_dir / "mms.yaml").write_text(MMS, encoding="utf-8")
    first, second = await asyncio.gather(service.reload(), service.reload())
    assert isinstance(first, ReloadReport) and isinstance(second, ReloadReport)
    assert first.entries == second.entries == 4
    assert answered_id(await service.ask("保号卡能发彩信吗")) == "mms"


async def test_a_reload_frees_the_replaced_index_and_leaves_the_collector_as_it_was(service, corpus_dir):
    old_index = weakref.ref(service.index)
    assert gc.isenabled()
    await service.reload()
    assert old_index() is None
    assert gc.isenabled()
    assert service.index is not None


async def test_a_failed_reload_leaves_the_collector_enabled(service, corpus_dir):
    (corpus_dir / "bad.yaml").write_text("- id: [broken\n", encoding="utf-8")
    with pytest.raises(CorpusError):
        await service.reload()
    assert gc.isenabled()


def test_the_collector_stays_off_when_it_was_off():
    gc.disable()
    try:
        with collector_paused():
            assert not gc.isenabled()
        assert not gc.isenabled()
    finally:
        gc.enable()


async def test_a_reload_restores_the_switch_interval(service, corpus_dir):
    before = sys.getswitchinterval()
    await asyncio.gather(service.reload(), FaqService.start(corpus_dir), FaqService.start(corpus_dir))
    assert sys.getswitchinterval() == before


def test_overlapping_builds_restore_the_switch_interval_when_the_last_ends():
    before = sys.getswitchinterval()
    first, second = _switching_often(), _switching_often()
    first.__enter__()
    second.__enter__()
    assert sys.getswitchinterval() == min(before, BUILD_SWITCH_INTERVAL)
    first.__exit__(None, None, None)
    assert sys.getswitchinterval() == min(before, BUILD_SWITCH_INTERVAL)
    second.__exit__(None, None, None)
    assert sys.getswitchinterval() == before
