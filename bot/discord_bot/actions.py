"""What the bot does, whichever way it was asked (slash command, mention, prefix, help channel)."""

from __future__ import annotations

import logging
import re

import discord
from discord.utils import escape_markdown, escape_mentions

from bot.chat import NOT_ADMIN, NOT_ADMIN_STATS, SLOW_DOWN, ChatCore
from bot.config import Settings
from bot.core.decision import Answer, Clarify
from bot.core.render import LABELS, numbered_questions
from bot.core.script import detect_lang
from bot.discord_bot.feedback import voted_answer
from bot.discord_bot.limits import CONTENT_LIMIT, cut
from bot.discord_bot.render import PLATFORM, Reply
from bot.discord_bot.texts import LIST_HINT
from bot.discord_bot.views import ChoiceView, MemberView

log = logging.getLogger("bot.discord")

CODE_FENCE = "```"
_MENTION_START = re.compile(r"<(?=[@#])")  # <@user>, <@&role>, <#channel>


async def reply_to_question(
    core: ChatCore,
    user_id: int,
    text: str,
    view_timeout: float,
    *,
    confident_only: bool = False,
    interaction: bool = False,
) -> Reply | None:
    """Ask the chat core and build the reply; None when nothing should be said.

    Nothing is said to an unsure help-channel message or reply to the bot (confident_only), nor to a message held
    back by the cooldown after its author was told once to slow down; an interaction always gets an answer (Discord
    expects one).
    """
    result = await core.ask(PLATFORM, str(user_id), text)
    if result is None:
        told = confident_only or not (interaction or core.slow_down_due(PLATFORM, str(user_id)))
        return None if told else Reply(content=SLOW_DOWN[detect_lang(text)], ephemeral=True)
    if isinstance(result, Answer):
        return voted_answer(core, result.match, result.lang)
    if confident_only:
        return None
    labels = LABELS[result.lang]
    if isinstance(result, Clarify):
        view = ChoiceView(core, user_id, text, result.options, result.lang, view_timeout)
        return Reply(content="\n".join([labels.clarify, *numbered_questions(result.options, result.lang)]), view=view)
    lines = [labels.no_match]
    view = None
    if result.nearest:
        lines += [labels.nearest, *numbered_questions(result.nearest, result.lang)]
        view = ChoiceView(core, user_id, text, result.nearest, result.lang, view_timeout)
    return Reply(content="\n".join([*lines, LIST_HINT[result.lang]]), view=view, ephemeral=True)


def is_admin(user: discord.abc.User, permissions: discord.Permissions, settings: Settings) -> bool:
    """Return whether a member may change what the bot serves: Manage Server, or a listed user or role."""
    if permissions.administrator or permissions.manage_guild or user.id in settings.admin_user_ids:
        return True
    roles = user.roles if isinstance(user, discord.Member) else []
    return any(role.id in settings.admin_role_ids for role in roles)


def refused_reload(user: discord.abc.User, permissions: discord.Permissions, settings: Settings) -> Reply | None:
    """Return the refusal for a member who may not reload, or None when they may."""
    return _refused(user, permissions, settings, "reload", NOT_ADMIN)


def refused_stats(user: discord.abc.User, permissions: discord.Permissions, settings: Settings) -> Reply | None:
    """Return the refusal for a member who may not read the statistics, or None when they may."""
    return _refused(user, permissions, settings, "stats", NOT_ADMIN_STATS)


def _refused(
    user: discord.abc.User, permissions: discord.Permissions, settings: Settings, action: str, refusal: str
) -> Reply | None:
    """Log an admin action's request and return the private refusal for a non-admin, or None for an admin."""
    allowed = is_admin(user, permissions, settings)
    log.info("%s requested: user=%s allowed=%s", action, user.id, allowed)
    return None if allowed else Reply(content=refusal, ephemeral=True)


async def reload_reply(core: ChatCore) -> Reply:
    """Reload the corpus and report: counts and time, or every problem (the old corpus keeps serving)."""
    outcome = await core.reload()
    summary, _, details = outcome.text().partition("\n")
    return _report_reply(summary, details)


async def stats_reply(core: ChatCore, days: int) -> Reply:
    """Return the statistics summary of the last `days` days, privately, as a code block."""
    summary, _, details = (await core.stats(days)).partition("\n")
    return _report_reply(summary, details)


def _report_reply(summary: str, details: str) -> Reply:
    """Return a private report: its first line as text, the rest in a code block cut to fit one message."""
    content = escape_markdown(summary)
    if details:
        body = details.replace(CODE_FENCE, "'''")
        room = CONTENT_LIMIT - len(content) - 2 * len(CODE_FENCE) - 3
        content += f"\n{CODE_FENCE}\n{cut(body, room)}\n{CODE_FENCE}"
    return Reply(content=content, ephemeral=True)


def echo(text: str, limit: int = 100) -> str:
    """Return member text safe to repeat back: cut, unable to ping, unable to format or render as a mention."""
    return escape_markdown(escape_mentions(_MENTION_START.sub("<\u200b", cut(text, limit))))


async def send_to_interaction(interaction: discord.Interaction, reply: Reply) -> None:
    """Send a reply as the interaction's response (or a follow-up once it has one); buttons learn their message."""
    if interaction.response.is_done():
        sent = await interaction.followup.send(ephemeral=reply.ephemeral, wait=True, **reply.send_kwargs())
        _attach(reply, sent)
        return
    callback = await interaction.response.send_message(ephemeral=reply.ephemeral, **reply.send_kwargs())
    if isinstance(callback.resource, discord.InteractionMessage):
        _attach(reply, callback.resource)


async def send_to_message(message: discord.Message, reply: Reply) -> None:
    """Send a reply as a reply to a member's message (there is no ephemeral reply to a message)."""
    _attach(reply, await message.reply(**reply.send_kwargs()))


def _attach(reply: Reply, sent: discord.Message) -> None:
    """Let the reply's buttons know their message, so they can be greyed out when they time out."""
    if isinstance(reply.view, MemberView):
        reply.view.message = sent
