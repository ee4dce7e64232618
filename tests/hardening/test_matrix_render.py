"""Any message, rendered for Matrix: well-formed HTML, within size limits, valid UTF-8, no mass mention."""

from __future__ import annotations

import json
from html.parser import HTMLParser

from hypothesis import given

from bot.core.decision import Thresholds, decide, top_matches
from bot.core.render import LABELS
from bot.matrix_bot.render import BODY_LIMIT, HTML_BYTES, MASS_MENTION, answer_notice, choice_notice, plain_notice
from tests.hardening.strategies import STABLE, messages

VOID = {"br", "hr"}


class _Balance(HTMLParser):
    """Check that every opened element is closed in order and nothing else is left open."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.open: list[str] = []

    def handle_starttag(self, tag: str, attrs: list) -> None:
        if tag not in VOID:
            self.open.append(tag)

    def handle_endtag(self, tag: str) -> None:
        assert self.open and self.open.pop() == tag, f"</{tag}> closes nothing open"


def assert_valid_notice(content: dict) -> None:
    """Check a notice's content as a homeserver and a client would take it."""
    balance = _Balance()
    balance.feed(content["formatted_body"])
    balance.close()
    assert balance.open == []
    assert len(content["body"]) <= BODY_LIMIT and len(content["formatted_body"].encode("utf-8")) <= HTML_BYTES
    json.dumps(content, ensure_ascii=False).encode("utf-8")
    assert content["m.mentions"] == {}
    assert not MASS_MENTION.search(content["body"]) and not MASS_MENTION.search(content["formatted_body"])


@STABLE
@given(text=messages)
def test_every_decision_renders_as_a_valid_matrix_notice(any_index, text):
    result = decide(any_index, text, Thresholds())
    labels = LABELS[result.lang]
    for match in top_matches(result):
        assert_valid_notice(answer_notice(match, result.lang).content())
    if top_matches(result):
        assert_valid_notice(choice_notice(labels.clarify, top_matches(result), result.lang, labels.pick).content())


@STABLE
@given(text=messages)
def test_member_text_in_a_notice_is_escaped_and_cannot_mention_the_room(text):
    content = plain_notice(f"{text} <b>@room</b> &amp;").content()
    assert_valid_notice(content)
    assert "<b>" not in content["formatted_body"]
