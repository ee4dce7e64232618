"""The speller corrects one-letter slips in long English words to the corpus's words, and nothing else."""

from __future__ import annotations

import pytest

from bot.core.speller import Speller

WORDS = ["receive", "verification", "physical", "automatically", "promotion", "through", "request", "requests"]


@pytest.fixture(scope="module")
def speller() -> Speller:
    """A speller that knows a handful of words."""
    return Speller(WORDS)


@pytest.mark.parametrize(
    ("typed", "meant"),
    [
        ("recieve", "receive"),  # two letters swapped
        ("verifcation", "verification"),  # a letter left out
        ("physicall", "physical"),  # a letter too many
        ("automaticaly", "automatically"),
        ("promotoin", "promotion"),
        ("phisical", "physical"),  # a letter mistyped
    ],
)
def test_a_one_letter_slip_becomes_the_known_word(speller, typed, meant):
    assert speller.correct(f"can i {typed} it") == f"can i {meant} it"


@pytest.mark.parametrize(
    "text",
    [
        "though it is cheap",  # a real word one letter from a known one, but shorter than seven letters
        "requests and request",  # known words stay
        "insurance paperwork",  # unknown words with no near neighbour stay
        "保号卡 recieve验证码",  # only whole ASCII words are looked at; CJK passes through
    ],
)
def test_other_words_are_left_alone(speller, text):
    expected = text.replace("recieve", "receive")
    assert speller.correct(text) == expected


def test_a_slip_that_could_mean_two_words_is_left_alone():
    speller = Speller(["contract", "contact"])
    assert speller.correct("contrct") == "contrct"
    assert Speller(["contract"]).correct("contrct") == "contract"
