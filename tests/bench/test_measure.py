"""The measuring tools: the stall ticker, percentiles, throughput, and the memory probe."""

from __future__ import annotations

import asyncio
import time

from bot.bench.measure import Latency, latency, max_stall, throughput, timed
from bot.bench.rss import own_peak_kib, peak_rss_mb
from bot.core.decision import Result
from bot.core.service import FaqService, build_index


async def blocking(seconds: float) -> str:
    await asyncio.sleep(0.01)
    time.sleep(seconds)
    return "done"


async def test_ticker_sees_a_blocking_call():
    result, stall_ms = await max_stall(blocking(0.3))
    assert result == "done"
    assert stall_ms >= 290


async def test_ticker_sees_less_when_the_same_work_runs_in_a_thread():
    _, blocked_ms = await max_stall(blocking(0.3))
    _, threaded_ms = await max_stall(asyncio.to_thread(time.sleep, 0.3))
    assert blocked_ms >= 290
    assert threaded_ms < blocked_ms


def test_percentiles_of_known_samples():
    figures = Latency.of([float(value) for value in range(1000, 0, -1)])
    assert (figures.p50_ms, figures.p99_ms) == (500.0, 990.0)


def test_latency_asks_every_question_in_each_round_after_a_warm_up():
    asked: list[str] = []
    figures = latency(asked.append, ["a", "b", "c"], rounds=2)
    assert asked == ["a", "b", "c"] * 3
    assert 0 <= figures.p50_ms <= figures.p99_ms


def slow_on_second_call():
    calls = []

    def answer(question: str) -> None:
        calls.append(question)
        if len(calls) == 2:
            time.sleep(0.05)

    return answer


def test_latency_keeps_each_questions_fastest_pass():
    single = latency(slow_on_second_call(), ["q"], rounds=1)
    assert single.p99_ms >= 50
    best_of_two = latency(slow_on_second_call(), ["q"], rounds=2)
    assert best_of_two.p99_ms < single.p99_ms


def test_timed_returns_the_result():
    assert timed(lambda: 6 * 7)[0] == 42


async def test_throughput_answers_the_batch_through_the_service(corpus_dir):
    service = FaqService(build_index(corpus_dir), corpus_dir)
    answered: list[Result] = []
    ask = service.ask

    async def counting(question: str) -> Result:
        answered.append(await ask(question))
        return answered[-1]

    service.ask = counting  # type: ignore[method-assign]
    qps = await throughput(service, ["保号卡怎么充值", "how do i renew the plan"], in_flight=50)
    assert qps > 0
    assert len(answered) == 50
    assert {result.match.entry.id for result in answered if hasattr(result, "match")} == {"topup", "renew"}


def test_memory_probe_serves_the_corpus_in_its_own_process(corpus_dir):
    ballast = b"x" * (400 * 1024 * 1024)
    rss = peak_rss_mb(corpus_dir, ["保号卡怎么充值"])
    assert rss > 20
    assert rss < own_peak_kib() / 1024 - 300, "the probe must not count the memory of the process that started it"
    del ballast
