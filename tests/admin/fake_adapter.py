"""A chat adapter for tests: asks, picks and votes through the core it is given, then returns."""

from __future__ import annotations

import asyncio

from bot.chat import ChatCore
from bot.config import Settings


async def serve(core: ChatCore, settings: Settings, stop: asyncio.Event) -> None:
    """Ask one clear and one unsure question, pick an entry for the second, vote on the first."""
    await core.ask("fake", "member-1", "保号卡怎么充值")
    await core.ask("fake", "member-2", "保号卡充值续费")
    core.picked("fake", "member-2", "保号卡充值续费", "renew")
    core.feedback("fake", "member-1", "topup", 1)
