"""Fitting replies into Discord's size limits, and reading triggers out of message text."""

from __future__ import annotations

import discord
import pytest

from bot.config import Settings
from bot.discord_bot.limits import CUT_MARKER, EmbedText, chunk_lines, cut, fit_embed
from bot.discord_bot.triggers import after_prefix, in_help_channel, without_mentions


def test_cut_keeps_short_text_and_marks_what_it_cuts():
    assert cut("short", 10) == "short"
    assert cut("x" * 11, 10) == "x" * (10 - len(CUT_MARKER)) + CUT_MARKER
    assert len(cut("x" * 11, 10)) == 10
    assert cut("abcdef", 3) == "abc"


def test_chunk_lines_packs_lines_and_cuts_a_line_too_long_for_any_chunk():
    assert chunk_lines(["aa", "bb", "cc"], 5) == ["aa\nbb", "cc"]
    [only] = chunk_lines(["y" * 50], 20)
    assert len(only) == 20 and only.endswith(CUT_MARKER)


def test_a_small_embed_is_left_as_it_is():
    embed = fit_embed(EmbedText("Title", "Body", (("Caveats", "- one"),), "Source"))
    assert (embed.title, embed.description, embed.footer.text) == ("Title", "Body", "Source")
    assert [(field.name, field.value) for field in embed.fields] == [("Caveats", "- one")]


@pytest.mark.parametrize(
    "text",
    [
        EmbedText("t" * 500, "d" * 9000, tuple((f"f{n}", "v" * 2000) for n in range(40)), "s" * 3000),
        EmbedText("t" * 10, "d" * 100, tuple((f"f{n}", "v" * 1000) for n in range(40)), "s"),
        EmbedText("", "d" * 5000),
    ],
    ids=["everything-huge", "many-fields", "description-only"],
)
def test_oversized_embeds_fit_every_limit(text):
    embed = fit_embed(text)
    assert len(embed) <= 6000 and len(embed.fields) <= 25
    assert len(embed.title or "") <= 256 and len(embed.description or "") <= 4096
    assert all(len(field.name) <= 256 and len(field.value) <= 1024 for field in embed.fields)
    assert len(embed.footer.text or "") <= 2048
    assert (embed.description or "").endswith(CUT_MARKER) or len(embed.fields) < len(text.fields)


def test_the_answer_keeps_room_for_a_caveat_field():
    embed = fit_embed(EmbedText("t", "d" * 9000, (("Caveats", "c" * 500),), "s"))
    assert embed.fields[0].value == "c" * 500 and len(embed) <= 6000


def test_prefix_is_case_insensitive_and_must_stand_alone():
    assert after_prefix("!FAQ 怎么充值", "!faq") == " 怎么充值"
    assert after_prefix("!faq", "!faq") == ""
    assert after_prefix("!faqs 怎么充值", "!faq") is None
    assert after_prefix("怎么充值 !faq", "!faq") is None


def test_mention_markup_is_removed_from_questions():
    assert without_mentions("<@123> <@!45> <@&6> <#7> @everyone 怎么 @here 充值") == "怎么 充值"


def test_threads_of_a_help_channel_count_as_the_help_channel():
    settings = Settings(_env_file=None, faq_channel_ids=[10])
    assert in_help_channel(discord.Object(10), settings)
    assert not in_help_channel(discord.Object(11), settings)

    class Thread:
        id = 99
        parent_id = 10

    assert in_help_channel(Thread(), settings)
