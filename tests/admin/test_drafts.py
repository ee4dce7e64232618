"""Draft entries: validated like any entry, listed by `faqbot check`, never indexed or served."""

from __future__ import annotations

import pytest

from bot.admin.importer import drafts_yaml, import_articles
from bot.cli import main
from bot.core.decision import top_matches
from bot.core.index import FaqIndex
from bot.core.loader import load_corpus
from bot.core.service import FaqService, build_index
from tests.admin.conftest import ARTICLES
from tests.corpus_kit import SEND_SMS, TOPUP, entry_yaml, line_of, only_problem, problems_of

SERVED_IDS = {"topup", "send-sms", "renew"}


@pytest.fixture
def with_drafts(corpus_dir):
    """The small corpus plus every fixture article imported into drafts/articles.yaml."""
    drafts = corpus_dir / "drafts"
    drafts.mkdir()
    (drafts / "articles.yaml").write_text(drafts_yaml(import_articles(ARTICLES), ARTICLES), encoding="utf-8")
    return corpus_dir


def test_imported_drafts_load_but_only_served_entries_are_indexed(with_drafts, corpus_dir):
    corpus = load_corpus(with_drafts)
    assert {entry.id for entry in corpus.entries} == SERVED_IDS
    assert len(corpus.drafts) == 8 and all(entry.draft for entry in corpus.drafts)
    assert {entry.file for entry in corpus.drafts} == {str(with_drafts / "drafts" / "articles.yaml")}
    assert FaqIndex(corpus).phrasing_count == FaqIndex(load_corpus(corpus_dir)).phrasing_count


def test_no_reply_ever_carries_a_draft(with_drafts):
    service = FaqService(build_index(with_drafts), with_drafts)
    drafts = load_corpus(with_drafts).drafts
    for draft in drafts:
        for question in (draft.question, draft.en.question, draft.source.section):
            assert {match.entry.id for match in top_matches(service.answer(question))} <= SERVED_IDS


def test_check_lists_the_drafts_with_their_file(with_drafts, capsys):
    assert main(["check", str(with_drafts)]) == 0
    out = capsys.readouterr().out
    assert "entries    3" in out
    assert "drafts     8, not served until their draft flag is removed" in out
    assert f"{with_drafts / 'drafts' / 'articles.yaml'}: draft-renew-guide-1, draft-renew-guide-2" in out


def test_check_shows_no_draft_line_without_drafts(corpus_dir, capsys):
    assert main(["check", str(corpus_dir)]) == 0
    assert "drafts" not in capsys.readouterr().out


def flagged(entry: str, flag: str) -> str:
    """Put a draft key right after an entry's id line."""
    head, rest = entry.split("\n", 1)
    return f"{head}\n  draft: {flag}\n{rest}"


def test_a_draft_in_a_theme_file_is_not_served_and_false_is_served(write_corpus, tmp_path):
    folder = write_corpus(tmp_path, {"a.yaml": flagged(TOPUP, "true") + flagged(SEND_SMS, "false")})
    corpus = load_corpus(folder)
    assert [entry.id for entry in corpus.entries] == ["send-sms"]
    assert [entry.id for entry in corpus.drafts] == ["topup"]


def test_the_draft_flag_must_be_true_or_false(write_corpus, tmp_path):
    text = flagged(TOPUP, "maybe")
    problem = only_problem(write_corpus(tmp_path, {"a.yaml": text}))
    assert (problem.line, problem.entry_id, problem.field) == (line_of(text, "draft:"), "topup", "draft")
    assert "expected true or false" in problem.message


def test_removing_the_flag_with_placeholders_left_is_refused(write_corpus, tmp_path):
    result = import_articles([ARTICLES[0]])
    text = drafts_yaml(result, [ARTICLES[0]]).replace("  draft: true\n", "")
    problems = problems_of(write_corpus(tmp_path, {"imported.yaml": text}))
    located = {(problem.entry_id, problem.field) for problem in problems}
    assert {("draft-renew-guide-1", "aliases[0]"), ("draft-renew-guide-1", "en.question")} <= located
    assert all("placeholder [TODO...] left by faqbot import" in problem.message for problem in problems)
    assert line_of(text, "[TODO: English]") in {problem.line for problem in problems}


def test_a_draft_id_may_not_repeat_a_served_id(write_corpus, tmp_path):
    text = TOPUP + flagged(entry_yaml("topup", "另一个问题？", ["别的说法"], "答案。", "Another?"), "true")
    problem = only_problem(write_corpus(tmp_path, {"a.yaml": text}))
    assert problem.field == "id" and "duplicate id" in problem.message


def test_a_draft_may_share_a_phrasing_with_a_served_entry(write_corpus, tmp_path):
    draft = flagged(
        entry_yaml("topup-draft", "保号卡怎么充值？", ["副卡怎么充钱"], "新答案。", "How to top up?"), "true"
    )
    corpus = load_corpus(write_corpus(tmp_path, {"a.yaml": TOPUP + draft}))
    assert [entry.id for entry in corpus.drafts] == ["topup-draft"]
