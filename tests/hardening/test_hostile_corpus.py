"""Hostile corpus files get a clear error naming the file, in bounded memory, while the live service keeps serving.

The loader-level checks of anchors, size, invalid UTF-8, BOM, CRLF and symlinks live in tests/core/test_loader.py;
here each hostile file goes through a live FaqService reload, with its memory measured.
"""

from __future__ import annotations

import os
import re
import shutil
import tracemalloc
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from bot.chat import ChatCore
from bot.cooldown import Cooldown
from bot.core import loader
from bot.core.decision import Answer
from bot.core.errors import CorpusError, CorpusProblem
from bot.core.lexicon import MAX_WORD_CHARS
from bot.core.loader import load_corpus
from bot.core.render import MAX_MESSAGE_CHARS, MAX_REPLY_CHARS
from bot.core.service import FaqService
from bot.core.yamlfile import MAX_DEPTH, MAX_FILE_BYTES
from tests.corpus_kit import RENEW, SEND_SMS, SYNONYMS_YAML, TOPUP, line_of

# A few times the 1 MB file limit: reading the 50 MB file, or expanding the alias bomb, would cost far more.
MEMORY_BOUND = 5_000_000
BIG = 50 * 1024 * 1024
QUESTIONS = ["保号卡怎么充值？", "保号卡怎么续费", "can the sim send texts", "今天天气怎么样"]


@dataclass(frozen=True)
class Expected:
    """Where the error must point: the file, its line (None when there is no line) and words of the message."""

    file: Path
    line: int | None
    message: str


Hostile = Callable[[Path, pytest.MonkeyPatch], Expected]


def billion_laughs(folder: Path, _: pytest.MonkeyPatch) -> Expected:
    """The classic alias bomb: nine levels of nine aliases (9^9 'lol's once expanded)."""
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    lines += [f"{chr(98 + i)}: &{chr(98 + i)} [{','.join(['*' + chr(97 + i)] * 9)}]" for i in range(8)]
    (folder / "bomb.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return Expected(folder / "bomb.yaml", 2, "alias")


def deep_flow(folder: Path, _: pytest.MonkeyPatch) -> Expected:
    """A list nested 10,000 levels deep."""
    (folder / "deep.yaml").write_text("[" * 10_000 + "]" * 10_000 + "\n", encoding="utf-8")
    return Expected(folder / "deep.yaml", 1, f"nested more than {MAX_DEPTH} levels")


def deep_in_an_entry(folder: Path, _: pytest.MonkeyPatch) -> Expected:
    """An entry whose aliases hide a 10,000-level nest of mappings."""
    text = TOPUP.replace("  aliases:\n", "  aliases: " + "{a: " * 10_000 + "b" + "}" * 10_000 + "\n  x:\n")
    (folder / "deep.yaml").write_text(text, encoding="utf-8")
    return Expected(folder / "deep.yaml", line_of(text, "aliases:"), "nested")


def python_object_tag(folder: Path, _: pytest.MonkeyPatch) -> Expected:
    """A tag that an unsafe loader would turn into a call of os.system."""
    marker = folder.parent / "pwned"
    text = TOPUP.replace("  tags: [test]", f'  tags: !!python/object/apply:os.system ["touch {marker}"]')
    (folder / "tagged.yaml").write_text(text, encoding="utf-8")
    return Expected(folder / "tagged.yaml", line_of(text, "!!python"), "tag .*python/object/apply:os.system")


def python_tag_on_the_document(folder: Path, _: pytest.MonkeyPatch) -> Expected:
    """A whole document tagged as a Python object."""
    (folder / "tagged.yaml").write_text("--- !!python/object:bot.core.model.Corpus\n" + TOPUP, encoding="utf-8")
    return Expected(folder / "tagged.yaml", 1, "tag .*python/object")


def custom_tag(folder: Path, _: pytest.MonkeyPatch) -> Expected:
    """An application tag on a text field."""
    text = TOPUP.replace("  answer: 登录", "  answer: !secret 登录")
    (folder / "tagged.yaml").write_text(text, encoding="utf-8")
    return Expected(folder / "tagged.yaml", line_of(text, "!secret"), "tag '!secret' is not allowed")


def fifty_megabytes(folder: Path, _: pytest.MonkeyPatch) -> Expected:
    """A 50 MB file of valid-looking YAML comments."""
    write_big(folder / "big.yaml")
    return Expected(folder / "big.yaml", None, f"{BIG:,} bytes; the limit is {MAX_FILE_BYTES:,}")


def growing_while_read(folder: Path, monkeypatch: pytest.MonkeyPatch) -> Expected:
    """A file that is small when looked at and 50 MB when read (fstat reports its size before it grew)."""
    write_big(folder / "big.yaml")
    real_fstat = os.fstat

    def fstat_before_growth(fd: int) -> os.stat_result:
        found = real_fstat(fd)
        if found.st_size != BIG:
            return found
        return os.stat_result((*found[:6], len(TOPUP), *found[7:10]))

    monkeypatch.setattr(os, "fstat", fstat_before_growth)
    return Expected(folder / "big.yaml", None, "grew past the limit")


def write_big(path: Path) -> None:
    """Write a 50 MB file: one entry followed by comment lines."""
    line = b"# " + b"x" * 1021 + b"\n"
    with path.open("wb") as file:
        file.write(TOPUP.encode())
        for _ in range(BIG // len(line)):
            file.write(line)
        file.truncate(BIG)


def invalid_utf8(folder: Path, _: pytest.MonkeyPatch) -> Expected:
    """Latin-1 bytes in the middle of an entry."""
    (folder / "latin.yaml").write_bytes(TOPUP.encode().replace("登录".encode(), "登录".encode("gb18030"), 1))
    return Expected(folder / "latin.yaml", line_of(TOPUP, "answer: 登录"), "not valid UTF-8")


def link_outside(folder: Path, _: pytest.MonkeyPatch) -> Expected:
    """A link to a YAML file outside the corpus folder."""
    outside = folder.parent / "outside.yaml"
    outside.write_text(TOPUP.replace("id: topup", "id: planted"), encoding="utf-8")
    symlink(folder / "linked.yaml", outside)
    return Expected(folder / "linked.yaml", None, "outside the corpus folder")


def link_loop(folder: Path, _: pytest.MonkeyPatch) -> Expected:
    """A link that points at itself."""
    symlink(folder / "loop.yaml", folder / "loop.yaml")
    return Expected(folder / "loop.yaml", None, "path|link")


def symlink(link: Path, target: Path) -> None:
    """Make a symbolic link, or skip where the system cannot."""
    try:
        link.symlink_to(target)
    except (OSError, NotImplementedError):
        pytest.skip("symlinks are not available here")


def named_pipe(folder: Path, _: pytest.MonkeyPatch) -> Expected:
    """A FIFO named like a corpus file: reading it would block the reload forever."""
    if not hasattr(os, "mkfifo"):
        pytest.skip("named pipes are not available here")
    os.mkfifo(folder / "pipe.yaml")
    return Expected(folder / "pipe.yaml", None, "not a regular file")


def folder_named_yaml(folder: Path, _: pytest.MonkeyPatch) -> Expected:
    """A directory whose name ends in .yaml."""
    (folder / "more.yaml").mkdir()
    return Expected(folder / "more.yaml", None, "not a regular file")


def unprintable(escape: str, code: str) -> Hostile:
    """Return a case: an answer holding a control character or lone surrogate, written as a YAML escape."""

    def write(folder: Path, _: pytest.MonkeyPatch) -> Expected:
        text = TOPUP.replace("  answer: 登录服务商账户", f'  answer: "登录{escape}服务商账户')
        text = text.replace("并付款。\n", '并付款。"\n', 1)
        (folder / "escaped.yaml").write_text(text, encoding="utf-8")
        reason = "unprintable character " + re.escape(f"({code})")
        if code == "U+D800":  # libyaml already refuses a lone surrogate escape as a syntax error
            reason = f"({reason}|invalid Unicode character escape)"
        return Expected(folder / "escaped.yaml", line_of(text, "answer:"), reason)

    return write


def long_synonym(folder: Path, _: pytest.MonkeyPatch) -> Expected:
    """A 3,000-character synonym (it would blow the recursion limit of the synonym matcher)."""
    text = SYNONYMS_YAML.replace("[副卡, 备用卡]", "[副卡, 备用卡, " + "卡" * 3000 + "]")
    (folder / "synonyms.yaml").write_text(text, encoding="utf-8")
    return Expected(folder / "synonyms.yaml", line_of(text, "副卡"), f"3000 characters.*{MAX_WORD_CHARS}")


def reply_too_long(folder: Path, _: pytest.MonkeyPatch) -> Expected:
    """An entry whose English answer would not fit one reply."""
    text = TOPUP.replace("Log in to the provider account", "Log in. " * (MAX_REPLY_CHARS // 8))
    (folder / "money.yaml").write_text(text + "\n" + RENEW, encoding="utf-8")
    return Expected(folder / "money.yaml", 1, f"reply in en would be .*the limit is {MAX_REPLY_CHARS:,}")


def vanishes_after_listing(folder: Path, monkeypatch: pytest.MonkeyPatch) -> Expected:
    """A file deleted between the folder listing and its reading."""
    real = loader.corpus_files

    def list_then_delete(path: Path) -> list[Path]:
        files = real(path)
        (folder / "sms.yaml").unlink()
        return files

    monkeypatch.setattr(loader, "corpus_files", list_then_delete)
    return Expected(folder / "sms.yaml", None, "cannot read file")


def folder_vanishes(folder: Path, monkeypatch: pytest.MonkeyPatch) -> Expected:
    """The whole corpus folder deleted just before it is listed."""
    real = loader.corpus_files

    def delete_then_list(path: Path) -> list[Path]:
        shutil.rmtree(folder)
        return real(path)

    monkeypatch.setattr(loader, "corpus_files", delete_then_list)
    return Expected(folder, None, "cannot list the corpus folder")


HOSTILE: dict[str, Hostile] = {
    "billion-laughs": billion_laughs,
    "nested-10000": deep_flow,
    "nested-in-entry": deep_in_an_entry,
    "python-object-apply": python_object_tag,
    "python-document-tag": python_tag_on_the_document,
    "custom-tag": custom_tag,
    "50-mb": fifty_megabytes,
    "grows-while-read": growing_while_read,
    "invalid-utf8": invalid_utf8,
    "link-outside": link_outside,
    "link-loop": link_loop,
    "named-pipe": named_pipe,
    "folder-named-yaml": folder_named_yaml,
    "nul-escape": unprintable("\\0", "U+0000"),
    "surrogate-escape": unprintable("\\ud800", "U+D800"),
    "ansi-escape": unprintable("\\e[31m", "U+001B"),
    "long-synonym": long_synonym,
    "reply-too-long": reply_too_long,
    "vanishes-after-listing": vanishes_after_listing,
    "folder-vanishes": folder_vanishes,
}


def assert_points_at(problems: tuple[CorpusProblem, ...], expected: Expected) -> None:
    """Check that one problem names the file, its line and the reason."""
    mine = [problem for problem in problems if problem.file == str(expected.file)]
    assert mine, f"no problem names {expected.file}: {problems}"
    assert any(re.search(expected.message, problem.message) for problem in mine), mine
    if expected.line is not None:
        assert expected.line in {problem.line for problem in mine}, mine


@pytest.fixture
async def live(write_corpus, tmp_path) -> FaqService:
    """A service serving the small corpus from tmp_path/faq."""
    return await FaqService.start(write_corpus(tmp_path))


@pytest.mark.parametrize("make", HOSTILE.values(), ids=HOSTILE.keys())
async def test_hostile_file_is_refused_and_the_old_corpus_keeps_serving(live, monkeypatch, make):
    before = [await live.ask(question) for question in QUESTIONS]
    old_index = live.index
    expected = make(live.folder, monkeypatch)
    tracemalloc.start()
    try:
        with pytest.raises(CorpusError) as caught:
            await live.reload()
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert_points_at(caught.value.problems, expected)
    assert peak < MEMORY_BOUND, f"reload peaked at {peak:,} bytes"
    assert live.index is old_index
    assert [await live.ask(question) for question in QUESTIONS] == before
    assert isinstance(before[0], Answer) and before[0].match.entry.id == "topup"


async def test_an_unexpected_failure_while_loading_is_reported_and_the_old_corpus_keeps_serving(
    live, monkeypatch, caplog
):
    def crash(folder: Path) -> list[Path]:
        raise RecursionError("maximum recursion depth exceeded")

    monkeypatch.setattr(loader, "corpus_files", crash)
    old_index = live.index
    outcome = await ChatCore(live, Cooldown(0, 1.0)).reload()
    assert outcome.report is None and outcome.text().startswith("Reload failed; the previous corpus is still serving")
    (problem,) = outcome.error.problems
    assert problem.file == str(live.folder) and "RecursionError" in problem.message
    assert "reload failed unexpectedly" in caplog.text and "Traceback" in caplog.text
    assert live.index is old_index
    assert (await live.ask("保号卡怎么充值？")).match.entry.id == "topup"


async def test_a_reload_reply_about_thousands_of_problems_fits_one_message(live):
    bad = "".join(f"- id: bad-{number}\n  question: {number}\n  {'长' * 400}: x\n" for number in range(600))
    (live.folder / "bad.yaml").write_text(bad, encoding="utf-8")
    outcome = await ChatCore(live, Cooldown(0, 1.0)).reload()
    text = outcome.text()
    problems = outcome.error.problems
    assert len(problems) > 3000
    assert len(text) <= MAX_MESSAGE_CHARS
    lines = text.splitlines()
    assert lines[0] == "Reload failed; the previous corpus is still serving."
    assert lines[1] == f"{len(problems)} problems in the corpus:"
    shown = lines[2:-1]
    for line, problem in zip(shown, problems, strict=False):
        full = f"  {problem}"
        assert line == (full if len(full) <= 300 else full[:299] + "…")
    assert any("field '长长" in line and line.endswith("…") for line in shown)
    assert lines[-1] == f"… and {len(problems) - len(shown)} more lines; `faqbot check` lists every problem."


def test_python_tags_are_never_executed(write_corpus, tmp_path):
    folder = write_corpus(tmp_path)
    expected = python_object_tag(folder, pytest.MonkeyPatch())
    with pytest.raises(CorpusError) as caught:
        load_corpus(folder)
    assert_points_at(caught.value.problems, expected)
    assert not (tmp_path / "pwned").exists()


@pytest.mark.parametrize("depth", [MAX_DEPTH - 4, MAX_DEPTH - 3])
def test_nesting_up_to_the_limit_is_read_and_deeper_is_refused(write_corpus, tmp_path, depth):
    # Levels: the file's list, the entry, its aliases list, `depth` nested lists, the text: depth + 4 in all.
    text = TOPUP.replace("    - 副卡怎么充钱", "    - " + "[" * depth + "x" + "]" * depth)
    folder = write_corpus(tmp_path, {"nested.yaml": text})
    with pytest.raises(CorpusError) as caught:
        load_corpus(folder)
    (problem,) = caught.value.problems
    assert problem.line == line_of(text, "[[")
    wanted = "expected text, got a list" if depth + 4 <= MAX_DEPTH else f"nested more than {MAX_DEPTH} levels"
    assert wanted in problem.message


@pytest.mark.parametrize(
    ("cut_after", "reason"),
    [
        ("  answer: 到期前在账户里", "required field is missing"),
        ("  tags: [te", "YAML syntax error"),
        ("  en:\n", "expected a mapping, got nothing"),
        ("    question: How do I renew", "required field is missing"),
    ],
    ids=["mid-answer", "mid-flow-list", "after-a-key", "mid-english-block"],
)
async def test_half_written_file_is_refused_naming_file_and_line(live, cut_after, reason):
    good = TOPUP + "\n" + RENEW
    start = good.index("- id: renew")
    half = good[: good.index(cut_after, start) + len(cut_after)]
    old_index = live.index
    (live.folder / "money.yaml").write_text(half, encoding="utf-8")
    with pytest.raises(CorpusError) as caught:
        await live.reload()
    problems = [problem for problem in caught.value.problems if problem.file == str(live.folder / "money.yaml")]
    assert problems and all(problem.line >= line_of(good, "id: renew") for problem in problems), problems
    assert any(reason in problem.message for problem in problems), problems
    assert live.index is old_index
    assert (await live.ask("保号卡怎么续费")).match.entry.id == "renew"


async def test_half_written_multibyte_character_is_refused(live):
    raw = (TOPUP + "\n" + RENEW).encode()
    cut = raw.index("到期前".encode()) + 1
    (live.folder / "money.yaml").write_bytes(raw[:cut])
    with pytest.raises(CorpusError) as caught:
        await live.reload()
    assert_points_at(caught.value.problems, Expected(live.folder / "money.yaml", None, "not valid UTF-8"))


@pytest.mark.parametrize(
    "encode",
    [
        lambda text: "\ufeff".encode() + text.encode(),
        lambda text: text.replace("\n", "\r\n").encode(),
    ],
    ids=["bom", "crlf"],
)
async def test_bom_and_crlf_files_reload_into_the_live_service(live, encode):
    mms = SEND_SMS.replace("send-sms", "mms").replace("发短信", "发彩信").replace("send texts", "send pictures")
    mms = mms.replace("能不能发信息", "能不能发图片").replace("text messages", "picture messages")
    (live.folder / "sms.yaml").write_bytes(encode(SEND_SMS + "\n" + mms))
    report = await live.reload()
    assert report.entries == 4
    result = await live.ask("can the sim send pictures")
    assert isinstance(result, Answer) and result.match.entry.id == "mms"
    assert "\r" not in result.match.entry.answer and "\ufeff" not in result.match.entry.id
