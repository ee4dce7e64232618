"""The Discord adapter: slash commands, mentions, prefix command and help channels over one ChatCore."""

from bot.discord_bot.serve import serve, sync_only

__all__ = ["serve", "sync_only"]
