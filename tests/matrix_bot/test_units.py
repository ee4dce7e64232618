"""The Matrix adapter's pure parts: HTML notices, admin rules, triggers, memory, backoff, invites, secrets."""

from __future__ import annotations

import json

from nio import SyncError

from bot.config import Settings
from bot.core.index import EntryScore
from bot.core.model import EnglishText, Entry, Source
from bot.core.render import CUT_MARKER
from bot.core.script import Lang
from bot.matrix_bot.admin import creators, is_admin, power_level
from bot.matrix_bot.handler import vote_of
from bot.matrix_bot.invites import allowed
from bot.matrix_bot.memory import Expiring
from bot.matrix_bot.render import (
    ANSWER_LIMIT,
    BODY_LIMIT,
    CAVEATS_SHOWN,
    HTML_BYTES,
    answer_notice,
    list_notice,
    neutralise,
    plain_notice,
    relation,
)
from bot.matrix_bot.sync import Timing, TokenFile, retry_delay, since_joining
from bot.matrix_bot.triggers import Identity, TriggerKind, find_trigger

BOT = Identity("@faqbot:example.org", "FAQ Helper")


def entry(answer: str = "Pay & wait", caveats: tuple[str, ...] = ("a < b",)) -> Entry:
    text = EnglishText("Is <b>this</b> @room safe?", answer, caveats)
    return Entry("x", "问题？", (), "答案", ("注意",), text, Source("doc<1>.txt", "S&S"))


def test_an_answer_is_escaped_with_caveats_as_a_list_and_no_mass_mention():
    notice = answer_notice(EntryScore(entry(), 87.4, ""), Lang.ENGLISH)
    assert notice.html == (
        "<p><strong>Is &lt;b&gt;this&lt;/b&gt; @\u2060room safe?</strong></p><p>Pay &amp; wait</p>"
        "<p><strong>Caveats</strong></p><ul><li>a &lt; b</li></ul>"
        "<p><em>Source: doc&lt;1&gt;.txt · S&amp;S (match 87/100)</em></p>"
    )
    content = notice.content()
    assert content["body"].startswith("Is <b>this</b> @\u2060room safe?\n\nPay & wait\n\nCaveats:\n- a < b")
    assert content["msgtype"] == "m.notice" and content["m.mentions"] == {}
    assert content["format"] == "org.matrix.custom.html"


def test_long_answers_and_many_caveats_are_cut_with_a_marker():
    huge = entry("长" * 20_000, tuple(f"caveat {number}" for number in range(40)))
    content = answer_notice(EntryScore(huge, 50, ""), Lang.ENGLISH).content()
    assert f"{'长' * 100}{CUT_MARKER}" in content["body"]
    assert len(content["body"]) <= BODY_LIMIT and len(content["formatted_body"].encode()) <= HTML_BYTES
    assert content["formatted_body"].count("<li>") == CAVEATS_SHOWN
    assert content["formatted_body"].count("长") < ANSWER_LIMIT


def test_html_beyond_its_limit_falls_back_to_the_escaped_body():
    notice = list_notice("head", ['<&>"' * 70] * 200)
    content = notice.content()
    assert len(content["formatted_body"].encode()) <= HTML_BYTES and content["body"].endswith(CUT_MARKER)
    assert "<ol>" not in content["formatted_body"] and "&lt;&amp;&gt;&quot;" in content["formatted_body"]
    assert len(json.dumps(content, ensure_ascii=False).encode()) < 64 * 1024 // 2


def test_mass_mentions_are_broken_in_any_case():
    assert neutralise("@room @ROOM @everyone @here @roomy user@room") == (
        "@\u2060room @\u2060ROOM @\u2060everyone @\u2060here @roomy user@\u2060room"
    )
    assert "@room" not in plain_notice("hi @room").content()["body"]


def test_a_reply_relation_follows_the_thread():
    plain = {"event_id": "$q", "content": {"body": "hi"}}
    assert relation(plain) == {"m.in_reply_to": {"event_id": "$q"}}
    threaded = {"event_id": "$q", "content": {"m.relates_to": {"rel_type": "m.thread", "event_id": "$root"}}}
    assert relation(threaded) == {
        "rel_type": "m.thread",
        "event_id": "$root",
        "is_falling_back": True,
        "m.in_reply_to": {"event_id": "$q"},
    }


def create(version: str, sender: str = "@founder:x", extra: object = None) -> dict:
    content: dict = {"room_version": version}
    if extra is not None:
        content["additional_creators"] = extra
    return {"type": "m.room.create", "sender": sender, "content": content}


def test_creators_outrank_power_levels_from_room_version_12():
    assert creators(create("12", extra=["@co:y", 5])) == {"@founder:x", "@co:y"}
    assert creators(create("12")) == {"@founder:x"}
    assert creators(create("11")) == set() and creators(create("org.example.v")) == set()
    assert creators(create("org.example.v", extra=["@co:y"])) == {"@founder:x", "@co:y"}
    assert creators(None) == set()


def test_admin_check_with_an_additional_creator_and_power_levels():
    settings = Settings(_env_file=None, matrix_admins=["@listed:z"])
    levels = {"type": "m.room.power_levels", "content": {"users": {"@mod:x": 50, "@half:x": 49}, "users_default": 0}}
    state = [create("12", extra=["@co:y"]), levels]
    for user in ("@founder:x", "@co:y", "@mod:x", "@listed:z"):
        assert is_admin(user, state, settings), user
    for user in ("@half:x", "@nobody:x"):
        assert not is_admin(user, state, settings), user
    assert not is_admin("@founder:x", [create("10"), levels], settings)
    assert power_level({"users_default": "bad"}, "@a:b") == 0 and power_level({"users_default": 60}, "@a:b") == 60


def message(body: str, sender: str = "@alice:x", **content: object) -> dict:
    return {"type": "m.room.message", "sender": sender, "content": {"msgtype": "m.text", "body": body, **content}}


def trigger(event: dict, faq_room: bool = False, choosing: bool = False):
    return find_trigger(event, BOT, "!faq", faq_room, choosing)


def test_triggers():
    assert trigger(message("!FAQ 怎么充值")).kind is TriggerKind.PREFIX
    assert trigger(message("!faqs 怎么充值")) is None
    pill = '<a href="https://matrix.to/#/%40faqbot%3Aexample.org">bot</a>: 怎么充值'
    found = trigger(message("怎么充值", format="org.matrix.custom.html", formatted_body=pill))
    assert found.kind is TriggerKind.MENTION and found.text == "怎么充值"
    assert trigger(message("怎么充值", **{"m.mentions": {"user_ids": [BOT.user_id]}})).kind is TriggerKind.MENTION
    assert trigger(message("faq helpers are nice")) is None
    assert trigger(message("2"), choosing=True).kind is TriggerKind.PICK
    assert trigger(message("2")) is None
    assert trigger(message("怎么充值"), faq_room=True).kind is TriggerKind.ROOM


def test_a_reply_to_the_bot_is_a_reply_unless_it_names_the_bot():
    to_bot = {"m.relates_to": {"m.in_reply_to": {"event_id": "$answer"}}, "m.mentions": {"user_ids": [BOT.user_id]}}
    found = trigger(message("> <@faqbot:example.org> 怎么充值？\n\n谢谢", **to_bot))
    assert found.kind is TriggerKind.REPLY and found.text == "谢谢" and found.kind.only_when_sure
    assert trigger(message("> <@faqbot:example.org> 怎么充值？\n\n", **to_bot)) is None
    assert trigger(message("2", **to_bot), choosing=True).kind is TriggerKind.PICK
    named = trigger(message(f"{BOT.user_id} 怎么续费", **to_bot))
    assert named.kind is TriggerKind.MENTION and not named.kind.only_when_sure
    assert trigger(message("", **{"m.mentions": {"user_ids": [BOT.user_id]}})).kind is TriggerKind.MENTION


def test_ignored_messages():
    assert trigger(message("!faq x", sender=BOT.user_id)) is None
    notice = message("!faq x")
    notice["content"]["msgtype"] = "m.notice"
    assert trigger(notice, faq_room=True) is None
    edit = message("!faq x", **{"m.relates_to": {"rel_type": "m.replace", "event_id": "$e"}})
    assert trigger(edit) is None
    assert trigger(message(12345, **{"m.mentions": "all"}), faq_room=True) is None  # type: ignore[arg-type]
    assert trigger({"type": "m.room.message", "sender": "@a:x", "content": None}) is None
    odd = message("x", **{"m.mentions": {"user_ids": "@faqbot:example.org"}, "m.relates_to": []})
    assert trigger(odd) is None


def test_a_quoted_reply_fallback_is_not_read_as_a_mention():
    fallback = f'<mx-reply><a href="https://matrix.to/#/{BOT.user_id}">x</a></mx-reply>thanks'
    quoted = message(
        f"> <{BOT.user_id}> FAQ Helper says\n\nthanks", format="org.matrix.custom.html", formatted_body=fallback
    )
    assert trigger(quoted) is None


def test_expiring_memory_is_bounded_and_forgets():
    now = [0.0]
    memory: Expiring[str, int] = Expiring(2, 10, clock=lambda: now[0])
    memory.put("a", 1)
    memory.put("b", 2)
    memory.put("c", 3)
    assert memory.get("a") is None and memory.get("b") == 2 and len(memory) == 2
    now[0] = 11
    assert memory.get("c") is None and memory.pop("b") is None


def test_backoff_doubles_up_to_a_cap_and_honours_retry_after():
    timing = Timing(first_retry=1, max_retry=8)
    assert [retry_delay(n, timing) for n in range(1, 7)] == [1, 2, 4, 8, 8, 8]
    limited = SyncError.from_dict({"errcode": "M_LIMIT_EXCEEDED", "error": "Too many", "retry_after_ms": 2500})
    assert retry_delay(5, timing, limited) == 2.5
    other = SyncError.from_dict({"errcode": "M_UNKNOWN", "error": "boom"})
    assert retry_delay(2, timing, other) == 2


def test_the_sync_position_is_kept_per_account(tmp_path):
    tokens = TokenFile(tmp_path / "store", "@faqbot:x")
    assert tokens.load() is None
    tokens.save("s123_456")
    assert tokens.load() == "s123_456"
    assert TokenFile(tmp_path / "store", "@other:x").load() is None
    (tmp_path / "store" / "sync-token.json").write_text("{not json")
    assert tokens.load() is None


def test_a_room_just_joined_starts_after_the_join():
    join = {"type": "m.room.member", "state_key": BOT.user_id, "content": {"membership": "join"}}
    rename = {**join, "unsigned": {"prev_content": {"membership": "join"}}}
    old, new = message("old"), message("new")
    assert since_joining([old, join, new], BOT.user_id) == [new]
    assert since_joining([old, rename, new], BOT.user_id) == [old, rename, new]


def test_votes_and_invites():
    assert vote_of("👍") == 1 and vote_of("👎🏿") == -1 and vote_of("👍\ufe0f") == 1
    assert vote_of("🎉") is None and vote_of(None) is None
    assert allowed("!r:a", "@u:b", set(), [])
    assert allowed("!r:a", "@u:b", set(), [":b"]) and allowed("!abc", "@u:b", {"#help:c"}, ["#help:c"])
    assert not allowed("!abc", "@u:b", set(), [":c", "!other:c"])
