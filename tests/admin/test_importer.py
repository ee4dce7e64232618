"""`faqbot import`: article sections become draft entries; promotion is stripped and reported."""

from __future__ import annotations

import re

import pytest
import yaml

from bot.admin.importer import ALIAS_TODO, drafts_yaml, import_articles, question_of
from bot.cli import main
from bot.core.content import forbidden_reason
from tests.admin.conftest import ARTICLES, FIXTURES

GUIDE = FIXTURES / "renew-guide.md"
NOTES = FIXTURES / "topup-notes.txt"
TRADITIONAL = FIXTURES / "sms-tw.md"


@pytest.fixture(scope="module")
def imported():
    return import_articles(ARTICLES)


def drafts_of(imported, document: str) -> list[dict]:
    return [draft for draft in imported.drafts if draft["source"]["document"] == document]


def all_texts(value) -> list[str]:
    """Every string inside a draft (keys excluded)."""
    if isinstance(value, dict):
        return [text for item in value.values() for text in all_texts(item)]
    if isinstance(value, list):
        return [text for item in value for text in all_texts(item)]
    return [value] if isinstance(value, str) else []


def test_headings_become_questions_and_sources(imported):
    drafts = drafts_of(imported, "renew-guide.md")
    assert [draft["question"] for draft in drafts] == [
        "美国保号卡怎么续期？",
        "什么是保号卡的有效期？",
        "续期需要满足什么条件？",
        "如何续期？",
    ]
    assert drafts[0]["source"] == {"document": "renew-guide.md", "section": "美国保号卡怎么续期？——一篇讲清楚"}
    assert [draft["id"] for draft in drafts] == [f"draft-renew-guide-{number}" for number in range(1, 5)]
    assert all(draft["draft"] is True and draft["aliases"] == [ALIAS_TODO] for draft in drafts)


def test_paragraphs_become_the_answer(imported):
    drafts = drafts_of(imported, "renew-guide.md")
    assert drafts[1]["answer"] == "保号卡通常按月或按年计费，到期前需要续期。续期之后号码继续有效，短信和来电不受影响。"
    assert drafts[3]["answer"].splitlines() == [
        "续期的方式主要有以下几种，详情见续期说明：",
        "1. 自动续期：在账户里打开自动续期，到期时自动扣款。",
        "2. 手动续期：登录账户，选择套餐并付款。",
    ]


def test_numbered_conditions_and_warnings_become_caveats(imported):
    drafts = drafts_of(imported, "renew-guide.md")
    assert drafts[2]["caveats"] == [
        "账户余额充足：账户里要有足够的余额或绑定有效的付款方式。",
        "号码没有被停用：号码一旦因为长期不用被回收，就无法再续期。",
    ]
    assert drafts[2]["answer"].splitlines()[-1] == "账户余额充足；号码没有被停用。"
    assert drafts[3]["caveats"] == ["需要注意的是，手动续期要在到期前完成，否则号码可能会被停用。"]


def test_what_the_article_cannot_give_is_an_honest_placeholder(imported):
    first = drafts_of(imported, "renew-guide.md")[0]
    assert first["caveats"] == ["[TODO: 注意事项]"]
    assert first["en"]["question"].startswith("[TODO: English]")
    assert first["en"]["answer"].startswith("[TODO")


def test_english_articles_fill_the_english_text(imported):
    drafts = drafts_of(imported, "topup-notes.txt")
    assert [draft["en"]["question"] for draft in drafts] == [
        "How to top up a US number-keeping SIM",
        "How do I top up?",
        "When does the credit expire?",
    ]
    assert drafts[1]["en"]["answer"] == "Log in to the provider's website and choose an amount. Pay by card or PayPal."
    assert drafts[1]["en"]["caveats"] == ["Note that some cards charge a foreign transaction fee."]
    assert drafts[1]["question"] == "[TODO: 中文] How do I top up?"


def test_traditional_chinese_is_converted_to_simplified(imported):
    (draft,) = drafts_of(imported, "sms-tw.md")
    assert draft["question"] == "保号卡能收验证码吗？"
    assert draft["answer"] == "一般可以收到短信验证码。请注意，有些网站不接受虚拟号码。"
    assert draft["source"]["section"] == "保號卡能收驗證碼嗎？"
    assert f"{TRADITIONAL}: traditional Chinese, converted to simplified for the draft text" in imported.notes


def test_no_promotion_reaches_a_draft(imported):
    texts = [text for draft in imported.drafts for text in all_texts(draft)]
    assert texts
    for text in texts:
        assert forbidden_reason(text) is None, text
        for banned in ("@", "t.me", "Image", "关注我们的频道", "Join our", "Follow our", "help@", "postimg"):
            assert banned not in text, text


def test_every_removal_is_reported_with_file_and_line(imported):
    reported = {
        (int(match.group(1)), match.group(2))
        for note in imported.notes
        if (match := re.match(rf"{re.escape(str(GUIDE))}:(\d+): (removed [^:]+|skipped [^:]+):", note))
    }
    assert reported == {
        (1, "removed Telegram link"),
        (7, "removed promotional sentence"),
        (21, "removed link address"),
        (26, "removed image"),
        (28, "skipped concluding section"),
        (30, "removed Telegram link"),
        (30, "removed promotional sentence"),
        (32, "removed image"),
        (32, "removed Telegram link"),
    }
    notes = "\n".join(imported.notes)
    assert f"{NOTES}:3: removed promotional sentence: Join our Telegram group for daily deals!" in notes
    assert f"{NOTES}:7: removed sentence that contains a URL or web address: Details at" in notes
    assert f"{NOTES}:13: removed promotional sentence: Follow our channel @topupdeals" in notes
    assert f"{TRADITIONAL}:7: removed promotional sentence" in notes


@pytest.mark.parametrize(
    ("heading", "question"),
    [
        ("美国保号卡可以发短信吗？——全方位解答与实用建议", "美国保号卡可以发短信吗？"),
        ("美国保号卡怎么充值？解决你的跨境通信难题", "美国保号卡怎么充值？"),
        ("Smart卡与远游卡是什么？", "Smart卡与远游卡是什么？"),
        ("E卡的优点——省钱又方便", "E卡的优点"),
        ("Topping up - a guide", "Topping up"),
    ],
)
def test_question_of_a_heading(heading, question):
    assert question_of(heading) == question


def test_the_yaml_output_round_trips(imported):
    text = drafts_yaml(imported, ARTICLES)
    assert text.startswith("# Draft entries written by `faqbot import`")
    assert yaml.safe_load(text) == list(imported.drafts)


def test_cli_writes_the_drafts_and_reports_on_stderr(tmp_path, capsys):
    out = tmp_path / "faq" / "drafts" / "articles.yaml"
    assert main(["--faq-dir", str(tmp_path / "faq"), "import", str(GUIDE), str(NOTES), "--out", str(out)]) == 0
    captured = capsys.readouterr()
    assert captured.out == ""
    assert f"{GUIDE}:1: removed Telegram link" in captured.err
    assert "7 draft entries from 2 file(s) written to" in captured.err
    assert [draft["id"] for draft in yaml.safe_load(out.read_text(encoding="utf-8"))][:2] == [
        "draft-renew-guide-1",
        "draft-renew-guide-2",
    ]


def test_cli_never_overwrites_and_prints_to_stdout_without_out(tmp_path, capsys):
    out = tmp_path / "kept.yaml"
    out.write_text("keep me", encoding="utf-8")
    assert main(["import", str(GUIDE), "--out", str(out)]) == 1
    assert "already exists" in capsys.readouterr().err
    assert out.read_text(encoding="utf-8") == "keep me"
    assert main(["import", str(NOTES)]) == 0
    assert yaml.safe_load(capsys.readouterr().out)[0]["en"]["question"] == "How to top up a US number-keeping SIM"


@pytest.mark.parametrize(
    ("content", "message"),
    [(b"\x00\x01binary", "looks binary"), ("保号卡".encode("gbk"), ":1: not valid UTF-8 text"), (None, "cannot read")],
    ids=["binary", "not-utf8", "missing"],
)
def test_unreadable_articles_stop_the_import_with_a_clear_error(tmp_path, capsys, content, message):
    bad = tmp_path / "bad.md"
    if content is not None:
        bad.write_bytes(content)
    out = tmp_path / "drafts.yaml"
    assert main(["import", str(GUIDE), str(bad), "--out", str(out)]) == 1
    err = capsys.readouterr().err
    assert f"{bad}" in err and message in err and "nothing was written" in err
    assert not out.exists()


def test_ids_already_in_the_corpus_are_not_reused(tmp_path):
    result = import_articles([NOTES], taken_ids={"draft-topup-notes-1"})
    assert [draft["id"] for draft in result.drafts] == [
        "draft-topup-notes-1-2",
        "draft-topup-notes-2",
        "draft-topup-notes-3",
    ]


def test_an_opening_without_a_heading_is_kept_with_a_placeholder_question(tmp_path):
    article = tmp_path / "untitled.txt"
    article.write_text(
        "Number-keeping SIMs keep a US number alive for a small monthly fee, and they can receive texts.\n\n"
        "Can I send texts?\n\nYes, if SMS is enabled on the number.\n",
        encoding="utf-8",
    )
    first, second = import_articles([article]).drafts
    assert first["en"]["answer"].startswith("Number-keeping SIMs keep a US number alive")
    assert first["en"]["question"].startswith("[TODO") and first["source"]["section"].startswith("[TODO")
    assert (second["en"]["question"], second["en"]["answer"]) == (
        "Can I send texts?",
        "Yes, if SMS is enabled on the number.",
    )
