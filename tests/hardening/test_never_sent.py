"""What may never leave the bot, as plain text, Discord embeds and Matrix notices: links, handles and mass mentions."""

from __future__ import annotations

import json
import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.core.decision import Answer, Clarify, NoMatch, Thresholds, decide
from bot.core.index import EntryScore, FaqIndex
from bot.core.model import Entry
from bot.core.render import render_text
from bot.core.script import Lang
from bot.discord_bot.render import answer_reply
from bot.matrix_bot.render import answer_notice
from tests.hardening.strategies import STABLE, messages

# Written independently of bot/core/content.py, so a gap there is not a gap here too.
NEVER = {
    "Telegram link": re.compile(r"(?i)\bt\.me/|\btelegram\.(?:me|dog|org)\b|\btg://"),
    "URL": re.compile(
        r"(?i)\b[a-z][a-z0-9+.-]*://|\bwww\.|\b[a-z0-9-]+(?:\.[a-z0-9-]+)*"
        r"\.(?:com|net|org|io|me|ly|cn|co|app|link|xyz|top|info|cc|tv|gg|us|hk|tw|shop|store|site)\b"
    ),
    "mass mention": re.compile(r"(?i)@(?:everyone|here|room|channel|all)\b"),
    "@handle": re.compile(r"(?<![\w.])@\w"),
    "platform mention": re.compile(r"<(?:@[!&]?|#)\d+>"),
}
HOSTILE_QUESTIONS = [
    "@everyone 保号卡怎么充值？",
    "@here can the sim send texts",
    "@room 保號卡可以發簡訊嗎",
    "<@&123456789> 续费 <@!42> <#1>",
    "加我 t.me/simdeals 保号卡充值 @cheapsims",
    "https://discord.gg/abcdef 保号卡",
    "**保号卡** `充值` [点我](https://evil.example.com) <b>粗体</b> <script>alert(1)</script>",
    "<a href='https://x.io'>renew</a> how do i renew the plan",
]


def forbidden_in(text: str) -> list[str]:
    """Name every kind of text that may never be sent and that this text holds."""
    return [name for name, pattern in NEVER.items() if pattern.search(text)]


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("加群 t.me/simdeals 充值", "Telegram link"),
        ("tg://resolve?domain=simdeals", "Telegram link"),
        ("see https://example.com/faq", "URL"),
        ("www.simshop.io", "URL"),
        ("buy at cheap-sims.com today", "URL"),
        ("@everyone look", "mass mention"),
        ("hi @here", "mass mention"),
        ("@room", "mass mention"),
        ("私信 @simhelper", "@handle"),
        ("<@&123456> and <@!42>", "platform mention"),
    ],
)
def test_the_patterns_catch_what_may_never_be_sent(text, kind):
    assert kind in forbidden_in(text)


@pytest.mark.parametrize(
    "text",
    ["来源: 000_83dde42465483e46.txt · 美国保号卡能否发短信？ (match 100/100)", "每月 @ 10 美元", "e.g. 1.5 GB"],
)
def test_the_patterns_let_ordinary_text_through(text):
    assert forbidden_in(text) == []


def every_reply(entries: tuple[Entry, ...]) -> list[tuple[str, str]]:
    """Render each entry as an answer, alone in a topic list, and in lists of three, in every language."""
    scored = [EntryScore(entry, 100.0, entry.question) for entry in entries]
    groups = [tuple(scored[start : start + 3]) for start in range(0, len(scored), 3)]
    replies = []
    for lang in Lang:
        for match in scored:
            for result in (Answer(match, lang, ""), Clarify((match,), lang, ""), NoMatch((match,), lang, "")):
                replies.append((f"{match.entry.id} {lang} {type(result).__name__}", render_text(result)))
        for group in groups:
            for kind in (Clarify, NoMatch):
                replies.append((f"{group[0].entry.id}.. {lang} {kind.__name__}", render_text(kind(group, lang, ""))))
    return replies


def test_no_shipped_entry_renders_a_link_handle_or_mass_mention(shipped_index: FaqIndex):
    replies = every_reply(shipped_index.corpus.entries)
    assert len(replies) >= len(shipped_index.corpus.entries) * 3 * 3
    bad = {name: forbidden_in(text) for name, text in replies if forbidden_in(text)}
    assert bad == {}


def test_every_shipped_entry_renders_in_its_three_languages(shipped_index: FaqIndex):
    for entry in shipped_index.corpus.entries:
        match = EntryScore(entry, 100.0, entry.question)
        english = render_text(Answer(match, Lang.ENGLISH, ""))
        simplified = render_text(Answer(match, Lang.SIMPLIFIED, ""))
        traditional = render_text(Answer(match, Lang.TRADITIONAL, ""))
        assert entry.en.answer in english and entry.answer in simplified
        assert len({english, simplified, traditional}) == 3, entry.id


@pytest.mark.parametrize("question", HOSTILE_QUESTIONS)
def test_a_reply_never_echoes_mentions_links_or_markup_from_the_question(shipped_index, question):
    text = render_text(decide(shipped_index, question, Thresholds()))
    assert forbidden_in(text) == []
    assert not any(markup in text for markup in ("<b>", "<script", "<a ", "**", "`", "](", "discord.gg"))


@STABLE
@given(
    text=st.lists(st.one_of(messages, st.sampled_from(HOSTILE_QUESTIONS)), max_size=4).map(" ".join),
)
def test_no_question_makes_a_reply_carry_a_link_handle_or_mention(shipped_index, text):
    assert forbidden_in(render_text(decide(shipped_index, text, Thresholds()))) == []


def platform_payloads(entries: tuple[Entry, ...]) -> list[tuple[str, str]]:
    """Return every entry's answer as Discord sends it (embed JSON) and as Matrix sends it (notice content)."""
    payloads = []
    for entry in entries:
        match = EntryScore(entry, 100.0, entry.question)
        for lang in Lang:
            embed = answer_reply(match, lang).embed
            assert embed is not None
            payloads.append((f"discord {entry.id} {lang}", json.dumps(embed.to_dict(), ensure_ascii=False)))
            content = answer_notice(match, lang).content()
            payloads.append((f"matrix {entry.id} {lang}", content["body"] + "\n" + content["formatted_body"]))
    return payloads


def test_no_shipped_entry_sends_a_link_handle_or_mass_mention_on_any_platform(shipped_index: FaqIndex):
    payloads = platform_payloads(shipped_index.corpus.entries)
    assert len(payloads) == len(shipped_index.corpus.entries) * 3 * 2
    bad = {name: forbidden_in(text) for name, text in payloads if forbidden_in(text)}
    assert bad == {}
