"""Out-of-scope topics: data that makes the bot decline look-alike questions instead of answering them."""

from __future__ import annotations

from bot.core.decision import Answer, NoMatch, Thresholds, decide
from bot.core.index import FaqIndex
from bot.core.loader import load_corpus
from tests.corpus_kit import BASIC_FILES, line_of, only_problem, problems_of

DECLINES_YAML = """\
- topic: porting a number to another carrier
  phrasings:
    - 怎么把号码转到别的运营商
    - how do i port my number to another carrier
- topic: Chinese carriers' own top-ups
  phrasings:
    - 中国移动话费怎么充值
"""


def corpus_with_declines(write_corpus, tmp_path, declines: str = DECLINES_YAML):
    folder = write_corpus(tmp_path)
    (folder / "out_of_scope.yaml").write_text(declines, encoding="utf-8")
    return folder


def test_declines_load_beside_the_entries(write_corpus, tmp_path):
    corpus = load_corpus(corpus_with_declines(write_corpus, tmp_path))
    assert [decline.topic for decline in corpus.declines] == [
        "porting a number to another carrier",
        "Chinese carriers' own top-ups",
    ]
    assert corpus.declines[1].phrasings == ("中国移动话费怎么充值",)
    assert len(corpus.entries) == 3, "out_of_scope.yaml is not read as an entry file"


def test_a_question_closer_to_a_declined_topic_is_not_answered(write_corpus, tmp_path):
    index = FaqIndex(load_corpus(corpus_with_declines(write_corpus, tmp_path)))
    result = decide(index, "中国移动的话费怎么充值", Thresholds())
    assert isinstance(result, NoMatch)
    assert result.nearest and result.nearest[0].entry.id == "topup", "the nearest real entries are still offered"
    assert all(match.entry.id in {"topup", "send-sms", "renew"} for match in result.nearest)


def test_questions_of_the_faq_are_still_answered(write_corpus, tmp_path):
    index = FaqIndex(load_corpus(corpus_with_declines(write_corpus, tmp_path)))
    result = decide(index, "保号卡怎么充值", Thresholds())
    assert isinstance(result, Answer) and result.match.entry.id == "topup"


def test_without_the_file_the_same_question_is_answered(write_corpus, tmp_path):
    index = FaqIndex(load_corpus(write_corpus(tmp_path)))
    assert isinstance(decide(index, "保号卡怎么充值呢", Thresholds()), Answer)
    assert not index.corpus.declines


def test_declined_phrasing_equal_to_an_entry_phrasing_is_refused(write_corpus, tmp_path):
    declines = DECLINES_YAML + "- topic: clash\n  phrasings:\n    - 保號卡怎麼充值\n"
    folder = corpus_with_declines(write_corpus, tmp_path, declines)
    problem = only_problem(folder)
    assert problem.file == str(folder / "out_of_scope.yaml")
    assert problem.line == line_of(declines, "topic: clash")
    assert (problem.entry_id, problem.field) == ("clash", "phrasings")
    assert "entry 'topup'" in problem.message


def test_every_problem_of_a_broken_declines_file_is_located(write_corpus, tmp_path):
    declines = "- topic: no phrasings here\n- topic: x\n  phrasings: []\n  extra: 1\n"
    folder = corpus_with_declines(write_corpus, tmp_path, declines)
    found = {(problem.line, problem.field) for problem in problems_of(folder)}
    assert found == {(1, "phrasings"), (3, "phrasings"), (4, "extra")}
    assert all(problem.file == str(folder / "out_of_scope.yaml") for problem in problems_of(folder))


def test_declines_file_must_be_a_list(write_corpus, tmp_path):
    folder = corpus_with_declines(write_corpus, tmp_path, "topic: x\n")
    problem = only_problem(folder)
    assert problem.file == str(folder / "out_of_scope.yaml") and "list" in problem.message


def test_basic_files_fixture_is_unchanged():
    assert "out_of_scope.yaml" not in BASIC_FILES
