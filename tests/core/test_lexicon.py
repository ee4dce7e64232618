"""synonyms.yaml: loaded beside the entries, validated like them, each variant in one group only."""

from __future__ import annotations

import pytest

from bot.core.lexicon import load_lexicon
from bot.core.loader import load_corpus
from tests.corpus_kit import SYNONYMS_YAML, line_of, only_problem

RENEW_GROUP = "  续费: [renew, renewal]"


def test_lexicon_loads_groups_and_fillers(corpus_dir):
    lexicon, problems = load_lexicon(corpus_dir)
    assert problems == []
    assert dict(lexicon.synonyms) == {
        "保号卡": ("副卡", "备用卡"),
        "充值": ("储值", "top up", "recharge"),
        "短信": ("简讯", "sms", "text"),
        "续费": ("renew", "renewal"),
    }
    assert lexicon.fillers == ("请问", "大佬们", "吗", "pls", "please")


def test_missing_synonyms_file_means_an_empty_lexicon(write_corpus, tmp_path):
    corpus = load_corpus(write_corpus(tmp_path, synonyms=None))
    assert corpus.lexicon.synonyms == () and corpus.lexicon.fillers == ()
    assert len(corpus.entries) == 3


@pytest.mark.parametrize(
    "variant",
    [
        "储值",  # the very same text as in 充值's group
        "RECHARGE",  # differs only in case
        "儲值",  # the traditional form of 储值
        "Top-Up",  # differs only in case and punctuation
    ],
)
def test_variant_in_two_groups(write_corpus, tmp_path, variant):
    synonyms = SYNONYMS_YAML.replace(RENEW_GROUP, RENEW_GROUP[:-1] + f", {variant}]")
    folder = write_corpus(tmp_path, synonyms=synonyms)
    problem = only_problem(folder)
    assert (problem.file, problem.line) == (str(folder / "synonyms.yaml"), line_of(synonyms, "续费:"))
    assert (problem.entry_id, problem.field) == (None, "synonyms.续费")
    assert variant in problem.message and "充值" in problem.message


def test_canonical_word_of_one_group_as_a_variant_of_another(write_corpus, tmp_path):
    synonyms = SYNONYMS_YAML.replace(RENEW_GROUP, "  续费: [renew, renewal]\n  补充: [短信]")
    folder = write_corpus(tmp_path, synonyms=synonyms)
    problem = only_problem(folder)
    assert (problem.file, problem.line) == (str(folder / "synonyms.yaml"), line_of(synonyms, "补充:"))
    assert problem.field == "synonyms.补充"
    assert "短信" in problem.message


@pytest.mark.parametrize(
    ("text", "needle", "field", "message"),
    [
        ("synonyms:\n  充值: 储值\n", "充值: 储值", "synonyms.充值", "expected a list"),
        ("synonyms:\n  充值: [储值, 42]\n", "充值:", "synonyms.充值[1]", "expected text"),
        ("synonyms:\n  充值: [储值]\nfillers: 请问\n", "fillers:", "fillers", "expected a list"),
        ("synonyms:\n  充值: [储值]\nstopwords: [请问]\n", "stopwords:", "stopwords", "unknown key"),
        ("fillers: [请问]\n", "fillers:", "synonyms", "missing"),
        ("- 充值\n- 储值\n", "- 充值", None, "expected a mapping"),
        ("synonyms:\n  充值: [储值\n", "充值:", None, "YAML syntax error"),
    ],
    ids=["text-not-list", "number-variant", "fillers-not-list", "unknown-key", "no-synonyms", "list-root", "syntax"],
)
def test_broken_synonyms_file(write_corpus, tmp_path, text, needle, field, message):
    folder = write_corpus(tmp_path, synonyms=text)
    problem = only_problem(folder)
    assert problem.file == str(folder / "synonyms.yaml")
    assert problem.line >= line_of(text, needle)
    assert problem.field == field
    assert message in problem.message


def test_synonyms_file_linked_from_outside_is_refused(write_corpus, tmp_path):
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    (outside / "synonyms.yaml").write_text(SYNONYMS_YAML, encoding="utf-8")
    folder = write_corpus(tmp_path, synonyms=None)
    try:
        (folder / "synonyms.yaml").symlink_to(outside / "synonyms.yaml")
    except OSError:
        pytest.skip("symlinks are not available here")
    problem = only_problem(folder)
    assert problem.file == str(folder / "synonyms.yaml")
    assert "outside" in problem.message
