"""The prefix command's words: help, list, show, and the admins' reload and stats."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable

from bot.chat import NOT_ADMIN, UNKNOWN_ID
from bot.core.render import cut
from bot.core.script import Lang, detect_lang, local_question
from bot.matrix_bot.render import list_notice, plain_notice, shown_entry_notice
from bot.matrix_bot.replies import Replies, Reply
from bot.matrix_bot.texts import HELP, LIST_HINT, LIST_MORE, LIST_TITLE, USAGE

log = logging.getLogger("bot.matrix")

LIST_SHOWN = 60
ECHO_LIMIT = 60
ADMIN_WORDS = ("reload", "stats")

AdminCheck = Callable[[], Awaitable[bool]]


def list_reply(replies: Replies, lang: Lang) -> Reply:
    """Return every entry's id and question (the first LIST_SHOWN, then how many more)."""
    entries = replies.core.service.index.corpus.entries
    items = [f"{entry.id} · {local_question(entry, lang)}" for entry in entries[:LIST_SHOWN]]
    more = LIST_MORE.format(count=len(entries) - LIST_SHOWN) if len(entries) > LIST_SHOWN else ""
    return Reply(list_notice(LIST_TITLE[lang].format(prefix=replies.prefix), items, more, numbered=False))


def show_reply(replies: Replies, entry_id: str, lang: Lang) -> Reply:
    """Return one entry by id, or say there is none (the member's text cut; it is escaped when sent)."""
    entry = replies.core.service.index.corpus.by_id(entry_id)
    if entry is None:
        text = (
            UNKNOWN_ID[lang].format(id=cut(entry_id, ECHO_LIMIT)) + " " + LIST_HINT[lang].format(prefix=replies.prefix)
        )
        return Reply(plain_notice(text))
    return Reply(shown_entry_notice(entry, lang), entry.id)


async def admin_reply(replies: Replies, word: str, user_id: str, allowed: AdminCheck) -> Reply:
    """Reload or show statistics for an admin; anyone else is refused and nothing changes."""
    permitted = await allowed()
    log.info("matrix: %s requested: user=%s allowed=%s", word, user_id, permitted)
    if not permitted:
        return Reply(plain_notice(NOT_ADMIN))
    if word == "reload":
        return Reply(plain_notice((await replies.core.reload()).text()))
    return Reply(plain_notice(await replies.core.stats()))


async def prefix_reply(replies: Replies, room_id: str, user_id: str, text: str, allowed: AdminCheck) -> Reply | None:
    """Answer what followed the prefix: a word of the command, a number to pick, or a question."""
    word, _, rest = text.partition(" ")
    lang = detect_lang(text)
    if not text:
        return Reply(plain_notice(USAGE[lang].format(prefix=replies.prefix)))
    if text.isdecimal():
        return replies.pick(room_id, user_id, text, lang)
    match word.casefold():
        case "help" if not rest:
            return Reply(plain_notice(HELP.format(prefix=replies.prefix)))
        case "list" if rest.strip().casefold() in ("", "en"):
            return list_reply(replies, Lang.ENGLISH if rest.strip() else Lang.SIMPLIFIED)
        case "show" if rest.strip():
            entry_id, _, language = rest.strip().partition(" ")
            return show_reply(
                replies, entry_id, Lang.ENGLISH if language.strip().casefold() == "en" else Lang.SIMPLIFIED
            )
        case "reload" | "stats" if not rest:
            return await admin_reply(replies, word.casefold(), user_id, allowed)
    return await replies.question(room_id, user_id, text)
