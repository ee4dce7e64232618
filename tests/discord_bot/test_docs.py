"""The Discord settings are documented where an admin looks: .env.example and the README."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.config import Settings

ROOT = Path(__file__).resolve().parents[2]
DISCORD_SETTINGS = [
    name
    for name in Settings.model_fields
    if name.startswith(("discord_", "shard_", "admin_", "faq_channel", "cooldown_"))
    or name in ("command_prefix", "log_questions")
]


def test_the_discord_settings_are_found():
    assert {"discord_token", "discord_message_content", "shard_ids", "admin_role_ids"} <= set(DISCORD_SETTINGS)


@pytest.mark.parametrize("name", DISCORD_SETTINGS)
def test_each_discord_setting_is_in_env_example_and_readme(name):
    variable = name.upper()
    assert f"{variable}=" in (ROOT / ".env.example").read_text(encoding="utf-8")
    assert f"`{variable}`" in (ROOT / "README.md").read_text(encoding="utf-8")
