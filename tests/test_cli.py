"""The `python -m bot` command, run as a real subprocess from the repository root."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from bot.core.loader import load_corpus
from tests.corpus_kit import TOPUP, entry_yaml

REPO_ROOT = Path(__file__).resolve().parent.parent
SETTINGS = {"FAQ_DIR", "ANSWER_THRESHOLD", "CLARIFY_THRESHOLD", "ANSWER_MARGIN", "SURE_THRESHOLD", "MAX_QUESTION_CHARS"}
REPORT_KEYS = {
    "cases", "in_scope", "top1_accuracy", "out_of_scope", "rejection_rate", "p50_ms", "p99_ms", "by_kind", "misses",
}  # fmt: skip


def run(*args: str, stdin: str = "", env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """Run `python -m bot ARGS` from the repository root with no bot settings in the environment."""
    clean = {name: value for name, value in os.environ.items() if name.upper() not in SETTINGS}
    clean["PYTHONIOENCODING"] = "utf-8"
    return subprocess.run(
        [sys.executable, "-m", "bot", *args],
        cwd=REPO_ROOT,
        env={**clean, **(env or {})},
        input=stdin,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=120,
    )


@pytest.fixture(scope="module")
def shipped():
    """The shipped corpus, loaded in-process to know what replies should contain."""
    return load_corpus(REPO_ROOT / "faq")


def test_help_lists_the_commands():
    result = run("--help")
    assert result.returncode == 0, result.stderr
    for command in ("chat", "ask", "check", "eval"):
        assert command in result.stdout


def test_no_command_prints_help_and_exits_2():
    result = run()
    assert result.returncode == 2
    assert "usage" in result.stdout.lower()


@pytest.mark.parametrize("args", [("check", "faq"), ("check",)], ids=["explicit-dir", "default-dir"])
def test_check_shipped_corpus(args):
    result = run(*args)
    assert result.returncode == 0, result.stderr
    assert "OK" in result.stdout
    assert re.search(r"entries\s+48\b", result.stdout), result.stdout
    assert re.search(r"files\s+5\b", result.stdout), result.stdout


def test_check_broken_corpus_exits_1_and_names_file_and_line(write_corpus, tmp_path):
    text = TOPUP.replace("  answer: 登录服务商账户，选择充值金额并付款。", '  answer: ""')
    folder = write_corpus(tmp_path, {"broken.yaml": text})
    result = run("check", str(folder))
    assert result.returncode == 1
    assert f"{folder / 'broken.yaml'}:6" in result.stderr, result.stderr
    assert "entry 'topup'" in result.stderr and "field 'answer'" in result.stderr
    assert "OK" not in result.stdout


def test_other_commands_refuse_a_broken_corpus(write_corpus, tmp_path):
    folder = write_corpus(tmp_path, {"broken.yaml": TOPUP.replace("id: topup", "id: [topup")})
    result = run("--faq-dir", str(folder), "ask", "保号卡怎么充值")
    assert result.returncode == 1
    assert "cannot be served" in result.stderr and str(folder / "broken.yaml") in result.stderr
    assert "Traceback" not in result.stderr


def test_ask_prints_an_answer(shipped):
    result = run("ask", "美国保号卡要怎么充值？")
    assert result.returncode == 0, result.stderr
    entry = shipped.by_id("topup-steps")
    assert result.stdout.splitlines()[0] == entry.question
    assert entry.answer in result.stdout
    assert "注意:" in result.stdout and "来源:" in result.stdout


def test_ask_replies_in_english_to_english(shipped):
    result = run("--faq-dir", "faq", "ask", "How do I top up a US number-keeping SIM?")
    assert result.returncode == 0, result.stderr
    assert shipped.by_id("topup-steps").en.answer in result.stdout
    assert "Caveats:" in result.stdout and "Source:" in result.stdout


def test_ask_json():
    result = run("ask", "--json", "保號卡可以收簡訊驗證碼嗎")
    assert result.returncode == 0, result.stderr
    decision = json.loads(result.stdout)
    assert decision["outcome"] == "answer"
    assert decision["lang"] == "zh-hant"
    assert decision["matches"][0]["id"] == "verification-codes"
    assert 0 <= decision["matches"][0]["score"] <= 100


def test_ask_json_when_nothing_matches_at_all():
    result = run("ask", "--json", "😀")
    assert result.returncode == 0, result.stderr
    decision = json.loads(result.stdout)
    assert decision["outcome"] == "no_match"
    assert decision["matches"] == []


def test_eval_json(tmp_path):
    cases = tmp_path / "cases.yaml"
    cases.write_text(
        "- q: 美国保号卡要怎么充值\n  expect: topup-steps\n  kind: simplified\n"
        "- q: can I pay with PayPal\n  expect: [pay-paypal, payment-methods]\n  kind: english\n"
        "- q: 保號卡能收驗證碼嗎\n  expect: verification-codes\n  kind: traditional\n"
        "- q: 今天天气怎么样\n  kind: out\n"
        "- q: 推荐一家好吃的火锅店\n  expect: null\n  kind: out\n",
        encoding="utf-8",
    )
    result = run("eval", str(cases), "--json")
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert set(report) == REPORT_KEYS
    assert (report["cases"], report["in_scope"], report["out_of_scope"]) == (5, 3, 2)
    assert 0 <= report["top1_accuracy"] <= 1 and 0 <= report["rejection_rate"] <= 1
    assert 0 <= report["p50_ms"] <= report["p99_ms"]
    assert report["by_kind"] == {
        kind: {"cases": count, "right": report["by_kind"][kind]["right"]}
        for kind, count in {"english": 1, "out": 2, "simplified": 1, "traditional": 1}.items()
    }
    right = sum(tally["right"] for tally in report["by_kind"].values())
    assert right + len(report["misses"]) == 5
    for miss in report["misses"]:
        assert {"q", "kind", "expect", "outcome", "id", "score"} <= set(miss)


def test_eval_human_report_and_bad_file(tmp_path):
    cases = tmp_path / "cases.yaml"
    cases.write_text("- q: 美国保号卡要怎么充值\n  expect: topup-steps\n  kind: plain\n", encoding="utf-8")
    result = run("eval", str(cases))
    assert result.returncode == 0, result.stderr
    assert "top1_accuracy" in result.stdout and "plain" in result.stdout
    cases.write_text("q: not a list\n", encoding="utf-8")
    bad = run("eval", str(cases))
    assert bad.returncode == 1 and "expected a list" in bad.stderr
    cases.write_text("- q: [unclosed\n", encoding="utf-8")
    broken = run("eval", str(cases))
    assert broken.returncode == 1 and "not a readable YAML file" in broken.stderr
    assert "Traceback" not in broken.stderr


def test_chat_answers_piped_questions_then_exits(shipped):
    result = run("chat", stdin="保号卡怎么充值\nHow do I renew manually?\n")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    sources = [number for number, line in enumerate(lines) if line.startswith(("来源:", "Source:"))]
    assert len(sources) == 2, result.stdout
    first, second = "\n".join(lines[: sources[0] + 1]), "\n".join(lines[sources[0] + 1 :])
    assert shipped.by_id("topup-steps").answer in first
    assert shipped.by_id("manual-renew").en.answer in second
    assert lines[sources[1]].startswith("Source:")
    assert not result.stdout.startswith(">")


DEVICES = [("phone", "手机", "phone"), ("laptop", "电脑", "laptop"), ("watch", "手表", "watch")]
TIE_CORPUS = "\n".join(
    entry_yaml(
        key,
        f"苹果{word}怎么设置？",
        [f"苹果{word}的设置方法"],
        f"打开{word}的设置页面即可。",
        f"Set up the Apple {en}?",
    )
    for key, word, en in DEVICES
)
NO_SURE_ANSWERS = {"SURE_THRESHOLD": "100", "ANSWER_MARGIN": "5", "ANSWER_THRESHOLD": "10", "CLARIFY_THRESHOLD": "1"}


def test_chat_pick_a_number_after_clarify(write_corpus, tmp_path):
    folder = write_corpus(tmp_path, {"devices.yaml": TIE_CORPUS})
    result = run("--faq-dir", str(folder), "chat", stdin="苹果怎么设置\n1\n", env=NO_SURE_ANSWERS)
    assert result.returncode == 0, result.stderr
    clarify, picked = result.stdout.split("回复编号即可查看答案。", 1)
    assert clarify.strip().startswith("你想问的是哪一个？")
    options = re.findall(r"^\d\. (.+)$", clarify, re.MULTILINE)
    assert len(options) == 3 and len(set(options)) == 3
    assert picked.strip().splitlines()[0] == options[0]
    word = options[0].removeprefix("苹果").removesuffix("怎么设置？")
    assert f"打开{word}的设置页面即可。" in picked and "注意:" in picked


def test_chat_commands_help_reload_and_quit(write_corpus, tmp_path):
    folder = write_corpus(tmp_path)
    result = run("--faq-dir", str(folder), "chat", stdin="/help\n/reload\n\n/quit\n保号卡怎么充值\n")
    assert result.returncode == 0, result.stderr
    assert "/reload" in result.stdout and "Reloaded 3 entries" in result.stdout
    assert "登录服务商账户" not in result.stdout
