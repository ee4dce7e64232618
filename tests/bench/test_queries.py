"""The questions of a benchmark: built in from the corpus, or read from a file."""

from __future__ import annotations

import pytest

from bot.bench.queries import OUT_OF_SCOPE, builtin_queries, read_queries
from bot.core.evaluation import EvalFileError


def test_builtin_set_is_deterministic_sized_and_partly_out_of_scope(shipped):
    questions = builtin_queries(shipped)
    assert questions == builtin_queries(shipped)
    assert len(questions) == 200
    outside = [question for question in questions if question in OUT_OF_SCOPE]
    assert len(outside) == 30
    assert len(set(questions)) > 150
    assert builtin_queries(shipped, count=10) != questions[:10]
    assert len(builtin_queries(shipped, count=10)) == 10


def test_builtin_questions_are_mostly_answered_by_the_real_service(shipped, shipped_index):
    from bot.core.decision import Answer, Thresholds, decide

    inside = [question for question in builtin_queries(shipped) if question not in OUT_OF_SCOPE]
    answered = sum(isinstance(decide(shipped_index, question, Thresholds()), Answer) for question in inside)
    assert answered > len(inside) // 2


def test_read_yaml_cases_and_plain_lines(tmp_path):
    cases = tmp_path / "dev.yaml"
    cases.write_text("- q: 保号卡怎么充值\n  expect: topup\n- {q: how do i renew}\n", encoding="utf-8")
    assert read_queries(cases) == ["保号卡怎么充值", "how do i renew"]
    lines = tmp_path / "questions.txt"
    lines.write_text("保号卡怎么充值\n\n  how do i renew  \n", encoding="utf-8")
    assert read_queries(lines) == ["保号卡怎么充值", "how do i renew"]


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("empty.txt", "\n\n", "no questions"),
        ("bad.yaml", "- q: [unclosed\n", "not a readable YAML file"),
        ("wrong.yaml", "- 42\n", "needs a text 'q'"),
        ("binary.txt", b"\xff\xfe\x00", "not a readable question file"),
    ],
)
def test_bad_question_files_are_refused_clearly(tmp_path, name, content, message):
    path = tmp_path / name
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    with pytest.raises(EvalFileError, match=message):
        read_queries(path)


def test_missing_question_file(tmp_path):
    with pytest.raises(EvalFileError, match="cannot read"):
        read_queries(tmp_path / "nope.txt")
