"""The loader refuses every broken corpus with problems located by file, line, entry and field."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from bot.core.errors import CorpusError, CorpusProblem
from bot.core.loader import load_corpus
from bot.core.yamlfile import MAX_FILE_BYTES
from tests.corpus_kit import RENEW, SEND_SMS, TOPUP, entry_yaml, line_of, only_problem, problems_of


def broken(write_corpus, tmp_path: Path, text: str, name: str = "broken.yaml") -> tuple[Path, Path]:
    """Write a corpus whose only entry file is `name` with this text; return (folder, file)."""
    folder = write_corpus(tmp_path, {name: text})
    return folder, folder / name


def test_yaml_syntax_error_names_file_and_line(write_corpus, tmp_path):
    text = TOPUP.replace("  answer: 登录", "  answer: 登录: 然后", 1)
    folder, path = broken(write_corpus, tmp_path, text)
    problem = only_problem(folder)
    assert problem.file == str(path)
    assert problem.line == line_of(text, "answer: 登录")
    assert "YAML syntax error" in problem.message


def test_unknown_key(write_corpus, tmp_path):
    text = TOPUP.replace("  tags: [test]", "  tags: [test]\n  anwser: 拼错的键")
    folder, path = broken(write_corpus, tmp_path, text)
    problem = only_problem(folder)
    assert (problem.file, problem.line) == (str(path), line_of(text, "anwser"))
    assert (problem.entry_id, problem.field) == ("topup", "anwser")
    assert "unknown key" in problem.message


def test_missing_required_field_points_at_the_entry(write_corpus, tmp_path):
    text = SEND_SMS + "\n" + TOPUP.replace("  answer: 登录服务商账户，选择充值金额并付款。\n", "")
    folder, path = broken(write_corpus, tmp_path, text)
    problem = only_problem(folder)
    assert (problem.file, problem.line) == (str(path), line_of(text, "id: topup"))
    assert (problem.entry_id, problem.field) == ("topup", "answer")
    assert "missing" in problem.message


@pytest.mark.parametrize(
    ("old", "new", "field"),
    [
        ("  answer: 登录服务商账户，选择充值金额并付款。", '  answer: ""', "answer"),
        ("  answer: 登录服务商账户，选择充值金额并付款。", "  answer:", "answer"),
        ("    question: How do I top up the SIM?", "    question: '   '", "en.question"),
        ("    - how to top up the number keeping sim", '    - ""', "aliases[1]"),
        ("  caveats:\n    - 到账时间以服务商为准。", "  caveats: []", "caveats"),
    ],
    ids=["empty-string", "null", "blank-en-question", "empty-alias", "empty-list"],
)
def test_empty_field(write_corpus, tmp_path, old, new, field):
    problem = edited_topup_problem(write_corpus, tmp_path, old, new, field)
    assert "empty" in problem.message


def edited_topup_problem(write_corpus, tmp_path, old, new, field):
    """Edit the topup entry, load it, and check the one problem is located at the edit."""
    text = TOPUP.replace(old, new)
    assert text != TOPUP
    folder, path = broken(write_corpus, tmp_path, text)
    problem = only_problem(folder)
    assert (problem.file, problem.line) == (str(path), line_of(text, new.strip()))
    assert (problem.entry_id, problem.field) == ("topup", field)
    return problem


@pytest.mark.parametrize(
    ("old", "new", "field", "expected"),
    [
        ("  question: 保号卡怎么充值？", "  question: 42", "question", "expected text, got a number"),
        ("  question: 保号卡怎么充值？", "  question: true", "question", "expected text, got true/false"),
        ("  answer: 登录服务商账户，选择充值金额并付款。", "  answer: [一, 二]", "answer", "expected text, got a list"),
        ("    document: test-notes.txt", "    document: 2024-01-01", "source.document", "expected text, got a date"),
        ("    - 副卡怎么充钱", "    - 12345", "aliases[0]", "expected text, got a number"),
        ("  caveats:\n    - 到账时间以服务商为准。", "  caveats: 到账时间以服务商为准。", "caveats", "expected a list"),
    ],
    ids=["number-question", "bool-question", "list-answer", "date-document", "number-alias", "text-not-list"],
)
def test_wrong_type(write_corpus, tmp_path, old, new, field, expected):
    problem = edited_topup_problem(write_corpus, tmp_path, old, new, field)
    assert expected in problem.message


def test_duplicate_id_across_two_files(write_corpus, tmp_path):
    second = entry_yaml("topup", "另一个问题怎么问", ["完全不同的说法"], "另一个答案。", "Another question?")
    folder = write_corpus(tmp_path, {"a.yaml": TOPUP, "b.yaml": SEND_SMS + "\n" + second})
    problem = only_problem(folder)
    text = SEND_SMS + "\n" + second
    assert (problem.file, problem.line) == (str(folder / "b.yaml"), line_of(text, "id: topup"))
    assert (problem.entry_id, problem.field) == ("topup", "id")
    assert f"{folder / 'a.yaml'}:1" in problem.message


@pytest.mark.parametrize(
    "alias",
    [
        "副卡怎么充钱",  # the very same alias as entry 'topup'
        "請問保號卡怎麼充值",  # traditional script plus a filler word: same as topup's question
        "备用卡怎么充值",  # synonyms make 备用卡 = 保号卡
        "保號卡可以發簡訊嗎",  # 簡訊 -> 短信 at phrase level: same as send-sms's question
        "How To Top-Up the Number-Keeping SIM!",  # case and punctuation only
    ],
)
def test_phrasing_shared_by_two_entries(write_corpus, tmp_path, alias):
    other = entry_yaml("other", "这是另一个问题", [alias], "另一个答案。", "Something else?")
    files = {"a.yaml": TOPUP + "\n" + SEND_SMS, "b.yaml": other}
    folder = write_corpus(tmp_path, files)
    problem = only_problem(folder)
    assert (problem.file, problem.line) == (str(folder / "b.yaml"), 1)
    assert (problem.entry_id, problem.field) == ("other", "aliases")
    assert alias in problem.message
    assert "topup" in problem.message or "send-sms" in problem.message


FORBIDDEN = [
    ("answer", "  answer: 登录服务商账户，选择充值金额并付款。", "  answer: 加群 t.me/simdeals 充值", "Telegram"),
    ("answer", "  answer: 登录服务商账户，选择充值金额并付款。", "  answer: 付款后私信 @simhelper 确认", "@handle"),
    ("caveats[0]", "    - 到账时间以服务商为准。", "    - 详见 https://example.com/faq", "URL"),
    ("aliases[1]", "    - how to top up the number keeping sim", "    - top up at www.simshop.io", "URL"),
    ("aliases[1]", "    - how to top up the number keeping sim", "    - ask @topup_bot to top up", "@handle"),
    (
        "en.caveats[0]",
        "      - Crediting time depends on the provider.",
        "      - Join t.me/simdeals for help",
        "Telegram",
    ),
]


@pytest.mark.parametrize(
    ("field", "old", "new", "kind"),
    FORBIDDEN,
    ids=[
        "telegram-answer",
        "handle-answer",
        "url-caveat",
        "url-second-alias",
        "handle-second-alias",
        "telegram-en-caveat",
    ],
)
def test_links_handles_and_urls_are_refused(write_corpus, tmp_path, field, old, new, kind):
    text = TOPUP.replace(old, new)
    assert text != TOPUP
    folder, path = broken(write_corpus, tmp_path, text)
    problem = only_problem(folder)
    assert (problem.entry_id, problem.field) == ("topup", field)
    assert problem.file == str(path)
    assert problem.line == line_of(text, new.strip()), f"points at line {problem.line}: {problem}"
    assert {"Telegram": "Telegram link", "@handle": "@handle", "URL": "URL"}[kind] in problem.message


def test_email_like_text_without_letters_after_at_is_allowed(write_corpus, tmp_path):
    text = TOPUP.replace("选择充值金额并付款。", "选择充值金额 @ 10 美元并付款。")
    folder = write_corpus(tmp_path, {"ok.yaml": text})
    assert load_corpus(folder).by_id("topup") is not None


def test_file_over_the_size_limit(write_corpus, tmp_path):
    padding = "# " + "x" * 98 + "\n"
    text = TOPUP + padding * (MAX_FILE_BYTES // len(padding) + 1)
    folder, path = broken(write_corpus, tmp_path, text)
    assert path.stat().st_size > MAX_FILE_BYTES
    problem = only_problem(folder)
    assert problem.file == str(path)
    assert "limit" in problem.message


def test_anchors_and_aliases_are_refused(write_corpus, tmp_path):
    first = TOPUP.replace("  caveats:\n", "  caveats: &shared\n", 1)
    second = RENEW.replace("  caveats:\n    - 以服务商的说明为准。", "  caveats: *shared")
    text = first + "\n" + second
    folder, path = broken(write_corpus, tmp_path, text)
    problem = only_problem(folder)
    assert (problem.file, problem.line) == (str(path), line_of(text, "*shared"))
    assert "alias" in problem.message


def test_invalid_utf8_names_the_line(write_corpus, tmp_path):
    folder = write_corpus(tmp_path, {})
    raw = TOPUP.encode("utf-8").replace("登录".encode(), b"\xff\xfe", 1)
    path = folder / "latin.yaml"
    path.write_bytes(raw)
    problem = only_problem(folder)
    assert (problem.file, problem.line) == (str(path), line_of(TOPUP, "answer: 登录"))
    assert "UTF-8" in problem.message


@pytest.mark.parametrize(
    "encode",
    [
        lambda text: "\ufeff".encode() + text.encode("utf-8"),
        lambda text: text.replace("\n", "\r\n").encode("utf-8"),
        lambda text: "\ufeff".encode() + text.replace("\n", "\r\n").encode("utf-8"),
    ],
    ids=["bom", "crlf", "bom-crlf"],
)
def test_bom_and_crlf_are_accepted(write_corpus, tmp_path, encode):
    folder = write_corpus(tmp_path, {})
    (folder / "windows.yaml").write_bytes(encode(TOPUP + "\n" + SEND_SMS))
    corpus = load_corpus(folder)
    assert [entry.id for entry in corpus.entries] == ["topup", "send-sms"]
    topup = corpus.by_id("topup")
    assert topup.answer == "登录服务商账户，选择充值金额并付款。"
    assert not any("\r" in text or "\ufeff" in text for text in (topup.id, *topup.phrasings()))
    assert corpus.by_id("send-sms").line == line_of(TOPUP + "\n" + SEND_SMS, "id: send-sms")


def test_symlink_pointing_outside_the_folder_is_refused(write_corpus, tmp_path):
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    (outside / "secret.yaml").write_text(RENEW, encoding="utf-8")
    folder = write_corpus(tmp_path, {"a.yaml": TOPUP})
    link = folder / "linked.yaml"
    try:
        link.symlink_to(outside / "secret.yaml")
    except OSError:
        pytest.skip("symlinks are not available here")
    problem = only_problem(folder)
    assert problem.file == str(link)
    assert "outside" in problem.message


def test_symlink_inside_the_folder_is_followed(write_corpus, tmp_path):
    folder = write_corpus(tmp_path, {"a.yaml": TOPUP})
    (folder / "sub").mkdir()
    (folder / "sub" / "more.txt").write_text(SEND_SMS, encoding="utf-8")
    try:
        (folder / "more.yaml").symlink_to(folder / "sub" / "more.txt")
    except OSError:
        pytest.skip("symlinks are not available here")
    assert {entry.id for entry in load_corpus(folder).entries} == {"topup", "send-sms"}


def test_several_problems_are_reported_at_once(write_corpus, tmp_path):
    bad_type = TOPUP.replace("  question: 保号卡怎么充值？", "  question: 42")
    bad_key = SEND_SMS.replace("  tags: [test]", "  colour: red")
    bad_link = RENEW.replace("    - 以服务商的说明为准。", "    - 联系 @renewbot")
    folder = write_corpus(tmp_path, {"a.yaml": bad_type + "\n" + bad_key, "b.yaml": bad_link})
    problems = problems_of(folder)
    found = {(Path(problem.file).name, problem.entry_id, problem.field) for problem in problems}
    assert found == {
        ("a.yaml", "topup", "question"),
        ("a.yaml", "send-sms", "colour"),
        ("b.yaml", "renew", "caveats[0]"),
    }
    message = str(CorpusError(problems))
    assert message.startswith("3 problems")
    assert all(str(problem) in message for problem in problems)


def test_problem_text_names_file_line_entry_and_field():
    problem = CorpusProblem("faq/a.yaml", 7, "field is empty", "topup", "answer")
    assert str(problem) == "faq/a.yaml:7, entry 'topup', field 'answer': field is empty"


def test_valid_corpus_loads_into_frozen_entries(corpus_dir):
    corpus = load_corpus(corpus_dir)
    assert sorted(entry.id for entry in corpus.entries) == ["renew", "send-sms", "topup"]
    topup = corpus.by_id("topup")
    assert topup.question == "保号卡怎么充值？"
    assert topup.aliases == ("副卡怎么充钱", "how to top up the number keeping sim")
    assert topup.en.caveats == ("Crediting time depends on the provider.",)
    assert (Path(topup.file).name, topup.line) == ("money.yaml", 1)
    assert dict(corpus.lexicon.synonyms)["充值"] == ("储值", "top up", "recharge")
    assert corpus.by_id("missing") is None
    for target, name in ((topup, "answer"), (topup.en, "answer"), (topup.source, "section"), (corpus, "entries")):
        with pytest.raises(dataclasses.FrozenInstanceError):
            setattr(target, name, "changed")
    assert topup.answer == "登录服务商账户，选择充值金额并付款。"


def test_missing_folder_and_folder_without_entries(tmp_path, write_corpus):
    assert "does not exist" in only_problem(tmp_path / "nowhere").message
    assert "no .yaml entry files" in only_problem(write_corpus(tmp_path, {})).message
