"""The Matrix settings are documented where an admin looks: .env.example and the README."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.config import Settings

ROOT = Path(__file__).resolve().parents[2]
MATRIX_SETTINGS = [name for name in Settings.model_fields if name.startswith("matrix_")]


def test_the_matrix_settings_are_found():
    assert {"matrix_homeserver", "matrix_access_token", "matrix_invite_allowlist"} <= set(MATRIX_SETTINGS)


@pytest.mark.parametrize("name", MATRIX_SETTINGS)
def test_each_matrix_setting_is_in_env_example_with_its_default_and_in_the_readme(name):
    variable = name.upper()
    example = (ROOT / ".env.example").read_text(encoding="utf-8")
    [line] = [line for line in example.splitlines() if line.startswith(f"{variable}=")]
    default = Settings.model_fields[name].default
    shown = "" if default in (None, []) else str(default)
    assert line == f"{variable}={shown}"
    assert f"`{variable}`" in (ROOT / "README.md").read_text(encoding="utf-8")
