"""`faqbot bench` end to end on a tiny run: the JSON shape, the tables, the plot, and clear refusals."""

from __future__ import annotations

import json
import re
import sys

import pytest

from bot.cli import main
from bot.core.index import FaqIndex
from bot.core.loader import load_corpus

QUESTIONS = "保号卡怎么充值\nhow do i renew the plan\n备用卡能发短信吗\n今天天气怎么样\n"
ANCHOR_NAMES = {"rapidfuzz_wratio", "bm25s_jieba"}
SIZE_KEYS = {"phrasings", "entries", "build_s", "p50_ms", "p99_ms", "qps", "reload_max_stall_ms", "anchors"}


@pytest.fixture
def questions(tmp_path):
    path = tmp_path / "questions.txt"
    path.write_text(QUESTIONS, encoding="utf-8")
    return path


def bench(corpus_dir, *options):
    return main(["--faq-dir", str(corpus_dir), "bench", "--sizes", "50,200", "--rounds", "3", *options])


def test_json_has_exactly_the_documented_shape(corpus_dir, questions, tmp_path, capsys):
    plot = tmp_path / "bench.png"
    assert bench(corpus_dir, "--queries", str(questions), "--json", "--plot", str(plot)) == 0
    captured = capsys.readouterr()
    report = json.loads(captured.out)
    assert set(report) == {"sizes", "rss_mb"}
    assert report["rss_mb"] > 0
    shipped, grown = report["sizes"]
    assert (shipped["phrasings"], shipped["entries"]) == (FaqIndex(load_corpus(corpus_dir)).phrasing_count, 3)
    assert grown["phrasings"] == 200 and 200 // 15 <= grown["entries"] <= 200 // 10 + 1
    for size in report["sizes"]:
        assert set(size) == SIZE_KEYS
        assert 0 < size["p50_ms"] <= size["p99_ms"]
        assert size["build_s"] > 0 and size["qps"] > 0 and size["reload_max_stall_ms"] >= 0
        assert set(size["anchors"]) == ANCHOR_NAMES
        for anchor in size["anchors"].values():
            assert set(anchor) == {"p50_ms", "p99_ms"} and 0 < anchor["p50_ms"] <= anchor["p99_ms"]
    assert "200 phrasings" in captured.err and "reload" in captured.err
    assert plot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_tables_for_people_show_ratios_and_memory(corpus_dir, questions, capsys):
    assert bench(corpus_dir, "--queries", str(questions)) == 0
    out = capsys.readouterr().out
    assert "4 questions" in out and "max stall ms" in out and "fastest of 3 passes" in out
    assert out.count("rapidfuzz WRatio") == 2 and out.count("BM25 (bm25s, jieba)") == 2
    assert len(re.findall(r" \d[\d.e+-]*x\b", out)) == 8
    assert "peak RSS" in out


def test_missing_extra_is_one_clear_line(corpus_dir, monkeypatch, capsys):
    monkeypatch.setitem(sys.modules, "jieba", None)
    assert bench(corpus_dir) == 2
    err = capsys.readouterr().err.strip()
    assert "\n" not in err
    assert "jieba" in err and "pip install 'faqbot[bench]'" in err


def test_bad_question_file_and_bad_sizes(corpus_dir, tmp_path, capsys):
    empty = tmp_path / "empty.txt"
    empty.write_text("", encoding="utf-8")
    assert bench(corpus_dir, "--queries", str(empty)) == 1
    assert "no questions" in capsys.readouterr().err
    with pytest.raises(SystemExit) as caught:
        main(["bench", "--sizes", "50,ten"])
    assert caught.value.code == 2
    assert "whole numbers" in capsys.readouterr().err
    with pytest.raises(SystemExit):
        main(["bench", "--rounds", "0"])
    assert "at least 1" in capsys.readouterr().err
