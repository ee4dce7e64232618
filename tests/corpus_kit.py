"""YAML text for small test corpora, and a helper that writes them to a folder."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.core.errors import CorpusError, CorpusProblem
from bot.core.loader import load_corpus

SYNONYMS_YAML = """\
synonyms:
  保号卡: [副卡, 备用卡]
  充值: [储值, top up, recharge]
  短信: [简讯, sms, text]
  续费: [renew, renewal]
fillers: [请问, 大佬们, 吗, pls, please]
"""


def entry_yaml(
    entry_id: str,
    question: str,
    aliases: list[str],
    answer: str,
    en_question: str,
    *,
    caveat: str = "以服务商的说明为准。",
    en_answer: str = "See the provider's instructions.",
    en_caveat: str = "Check with the provider.",
) -> str:
    """Return one valid entry as YAML text (14 lines plus one per alias)."""
    lines = [f"- id: {entry_id}", f"  question: {question}", "  aliases:"]
    lines += [f"    - {alias}" for alias in aliases]
    lines += [
        f"  answer: {answer}",
        "  caveats:",
        f"    - {caveat}",
        "  en:",
        f"    question: {en_question}",
        f"    answer: {en_answer}",
        "    caveats:",
        f"      - {en_caveat}",
        "  source:",
        "    document: test-notes.txt",
        "    section: 测试",
        "  tags: [test]",
    ]
    return "\n".join(lines) + "\n"


TOPUP = entry_yaml(
    "topup",
    "保号卡怎么充值？",
    ["副卡怎么充钱", "how to top up the number keeping sim"],
    "登录服务商账户，选择充值金额并付款。",
    "How do I top up the SIM?",
    caveat="到账时间以服务商为准。",
    en_answer="Log in to the provider account, pick an amount and pay.",
    en_caveat="Crediting time depends on the provider.",
)
SEND_SMS = entry_yaml(
    "send-sms",
    "保号卡可以发短信吗？",
    ["备用卡能不能发信息", "can the sim send texts"],
    "可以，只要号码开通了短信功能，保号卡就能发短信。",
    "Can the SIM send text messages?",
    caveat="短信可能按条收费。",
    en_answer="Yes, as long as SMS is enabled on the number.",
    en_caveat="Texts may be charged per message.",
)
RENEW = entry_yaml(
    "renew",
    "保号卡怎么续费？",
    ["保号卡到期了怎么续", "how do i renew the plan"],
    "到期前在账户里选择续费套餐并付款。",
    "How do I renew the plan?",
    en_answer="Before it expires, pick a renewal plan in the account and pay.",
)

BASIC_FILES = {"money.yaml": TOPUP + "\n" + RENEW, "sms.yaml": SEND_SMS}


def write_corpus(
    folder: Path,
    files: dict[str, str] | None = None,
    synonyms: str | None = SYNONYMS_YAML,
    name: str = "faq",
) -> Path:
    """Write a corpus folder `folder/name` (default: two valid files, three entries) and return its path."""
    corpus = folder / name
    corpus.mkdir(parents=True, exist_ok=True)
    for file_name, text in (BASIC_FILES if files is None else files).items():
        (corpus / file_name).write_text(text, encoding="utf-8")
    if synonyms is not None:
        (corpus / "synonyms.yaml").write_text(synonyms, encoding="utf-8")
    return corpus


def line_of(text: str, needle: str, start: int = 1) -> int:
    """Return the 1-based number of the first line at or after `start` that contains `needle`."""
    for number, line in enumerate(text.splitlines(), start=1):
        if number >= start and needle in line:
            return number
    raise AssertionError(f"{needle!r} not in text")


def problems_of(folder: Path) -> tuple[CorpusProblem, ...]:
    """Load a folder that must fail and return its problems."""
    with pytest.raises(CorpusError) as caught:
        load_corpus(folder)
    assert caught.value.problems, "CorpusError without problems"
    return caught.value.problems


def only_problem(folder: Path) -> CorpusProblem:
    """Load a folder that must fail with exactly one problem and return it."""
    problems = problems_of(folder)
    assert len(problems) == 1, "\n".join(map(str, problems))
    return problems[0]
