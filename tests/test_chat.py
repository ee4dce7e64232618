"""The chat core every adapter shares: cooldown, one log line per question, reload outcomes."""

from __future__ import annotations

import logging

import pytest

from bot.chat import ChatCore
from bot.cooldown import Cooldown
from bot.core.decision import Answer
from bot.core.service import FaqService


@pytest.fixture
async def core(corpus_dir) -> ChatCore:
    return ChatCore(await FaqService.start(corpus_dir), Cooldown(2, 60))


class Recorder:
    def __init__(self) -> None:
        self.rows: list[tuple[str, str, str]] = []

    def record(self, asked, result, latency_ms) -> None:
        self.rows.append((asked.platform, asked.user_id, type(result).__name__))


async def test_ask_answers_and_records(core):
    core.recorder = Recorder()
    result = await core.ask("discord", "1", "保号卡怎么充值")
    assert isinstance(result, Answer) and result.match.entry.id == "topup"
    assert core.recorder.rows == [("discord", "1", "Answer")]


async def test_cooldown_is_per_platform_user(core):
    assert await core.ask("discord", "1", "保号卡怎么充值") is not None
    assert await core.ask("discord", "1", "保号卡怎么充值") is not None
    assert await core.ask("discord", "1", "保号卡怎么充值") is None
    assert await core.ask("matrix", "1", "保号卡怎么充值") is not None
    assert await core.ask("discord", "2", "保号卡怎么充值") is not None


async def test_log_line_has_outcome_but_no_text_unless_asked(core, caplog):
    caplog.set_level(logging.INFO, logger="bot.questions")
    await core.ask("matrix", "@u:x", "保号卡怎么充值 secret-words")
    line = caplog.records[-1].getMessage()
    assert "platform=matrix outcome=answer entry=topup" in line
    assert "secret-words" not in line
    core.log_questions = True
    await core.ask("matrix", "@u:x", "保号卡怎么充值 secret-words")
    assert "secret-words" in caplog.records[-1].getMessage()


async def test_reload_outcome_reports_success_and_keeps_old_corpus_on_error(core, corpus_dir):
    good = await core.reload()
    assert good.error is None and good.text().startswith("Reloaded 3 entries")
    (corpus_dir / "broken.yaml").write_text("- id: [\n", encoding="utf-8")
    bad = await core.reload()
    assert bad.report is None
    assert "previous corpus is still serving" in bad.text() and "broken.yaml" in bad.text()
    assert isinstance(await core.ask("x", "9", "保号卡怎么充值"), Answer)
