"""Hostile text for property tests: every kind of Unicode a public chat can deliver."""

from __future__ import annotations

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

# Stable in CI: the same examples every run, no example database, no per-example deadline.
STABLE = settings(
    max_examples=60,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow],
)
FEW = settings(STABLE, max_examples=12)  # for examples that are 100,000 characters long

ZERO_WIDTH = ["\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u00ad"]
BIDI = ["\u200e", "\u200f", "\u061c", "\u202a", "\u202b", "\u202c", "\u202d", "\u202e", "\u2066", "\u2067", "\u2069"]
INVISIBLE = ZERO_WIDTH + BIDI + ["\ufe0f", "\ufe0e", "\U000e0067"]
CONTROLS = [chr(code) for code in (*range(0x20), 0x7F, 0x85, 0x9B)]
EMOJI = [
    "👨\u200d👩\u200d👧\u200d👦",
    "🏳\ufe0f\u200d🌈",
    "👩🏽\u200d💻",
    "🇺🇸",
    "🏴\U000e0067\U000e0062\U000e0073\U000e0063\U000e0074\U000e007f",
    "1\ufe0f\u20e3",
    "😀",
]
COMBINING = [chr(code) for code in range(0x300, 0x370)] + ["\u20dd", "\u0489", "\u3099"]
WHITESPACE = [" ", "\t", "\n", "\r\n", "\u3000", "\u00a0", "\u2028", "\u2029", "\u200a"]
TOPIC_WORDS = [
    "保号卡",
    "保號卡",
    "短信",
    "簡訊",
    "充值",
    "续费",
    "验证码",
    "eSIM",
    "E卡",
    "top up",
    "SMS",
    "renew",
    "number keeping sim",
    "怎么",
    "吗",
    "？",
    "，",
    "。",
    "!",
    "?",
    "@everyone",
    "<b>",
]

any_char = st.characters(exclude_categories=())  # every code point, lone surrogates included
surrogates = st.integers(0xD800, 0xDFFF).map(chr)
pieces = st.one_of(
    st.text(any_char, max_size=8),
    surrogates,
    st.sampled_from(INVISIBLE),
    st.sampled_from(CONTROLS),
    st.sampled_from(EMOJI),
    st.sampled_from(COMBINING),
    st.sampled_from(WHITESPACE),
    st.sampled_from(TOPIC_WORDS),
)
messages = st.lists(pieces, max_size=40).map("".join)
blank_messages = st.lists(st.sampled_from(WHITESPACE + ZERO_WIDTH), max_size=20).map("".join)
