"""Any message, rendered for Discord: embeds inside every limit, valid JSON payloads, nothing that can ping."""

from __future__ import annotations

import re

from discord.utils import _to_json
from hypothesis import given

from bot.core.decision import Thresholds, decide, top_matches
from bot.core.render import numbered_questions
from bot.discord_bot.actions import echo
from bot.discord_bot.limits import CONTENT_LIMIT
from bot.discord_bot.render import answer_reply
from tests.hardening.strategies import STABLE, messages

PINGS = re.compile(r"@(?:everyone|here)|<@[!&]?\d+>|<#\d+>")


def assert_embed_fits(embed) -> None:
    """Check an embed against Discord's limits and that its payload encodes as JSON and UTF-8."""
    assert len(embed) <= 6000 and len(embed.fields) <= 25
    assert len(embed.title or "") <= 256 and len(embed.description or "") <= 4096
    assert all(len(field.name) <= 256 and len(field.value) <= 1024 for field in embed.fields)
    _to_json(embed.to_dict()).encode("utf-8")


@STABLE
@given(text=messages)
def test_every_decision_renders_as_a_valid_discord_reply(any_index, text):
    result = decide(any_index, text, Thresholds())
    for match in top_matches(result):
        assert_embed_fits(answer_reply(match, result.lang).embed)
    listed = "\n".join(numbered_questions(top_matches(result), result.lang))
    assert len(listed) <= CONTENT_LIMIT


@STABLE
@given(text=messages)
def test_echoed_member_text_cannot_ping_or_overflow(text):
    echoed = echo(text + " @everyone <@&800001> @here")
    assert not PINGS.search(echoed)
    assert len(echoed) <= 300
    _to_json({"content": echoed}).encode("utf-8")
