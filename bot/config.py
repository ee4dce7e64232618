"""Settings from the environment or a .env file; every one has a documented default."""

from __future__ import annotations

from importlib import resources
from pathlib import Path
from typing import Annotated

from pydantic import Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

from bot.core.decision import Thresholds

DEFAULT_FAQ_DIR = Path("faq")

IdList = Annotated[list[int], NoDecode]
NameList = Annotated[list[str], NoDecode]


def split_list(value: object) -> object:
    """Turn a comma- or space-separated string from the environment into a list."""
    if isinstance(value, str):
        return [item for item in value.replace(",", " ").split() if item]
    return value


def shipped_corpus() -> Path:
    """Return the corpus installed with the package, or the checkout's faq/ in an editable install."""
    installed = Path(str(resources.files("bot") / "shipped_faq"))
    return installed if installed.is_dir() else Path(__file__).resolve().parent.parent / "faq"


class Settings(BaseSettings):
    """The bot's settings; names match the environment variables in upper case."""

    model_config = SettingsConfigDict(env_file=".env", env_file_encoding="utf-8", extra="ignore")

    faq_dir: Path = Field(
        DEFAULT_FAQ_DIR, description="Corpus folder; falls back to the shipped corpus when faq/ is absent."
    )
    answer_threshold: float = Field(42.0, ge=0, le=100, description="Lowest score for a confident answer.")
    clarify_threshold: float = Field(
        30.0, ge=0, le=100, description="Lowest score to offer choices instead of declining."
    )
    answer_margin: float = Field(4.0, ge=0, le=100, description="Lead over the runner-up needed to answer.")
    sure_threshold: float = Field(60.0, ge=0, le=100, description="Score that answers even without the margin.")
    long_message_chars: int = Field(
        40, ge=1, description="Messages longer than this may be answered on a clear lead instead of the score."
    )
    long_message_lead: float = Field(
        1.35, ge=1.0, description="How many times the runner-up's score a long message's best entry needs."
    )
    max_question_chars: int = Field(500, ge=20, le=100_000, description="Longer questions are cut before scoring.")

    cooldown_questions: int = Field(5, ge=0, description="Questions one user may ask per window; 0 turns it off.")
    cooldown_seconds: float = Field(30.0, gt=0, description="Length of the per-user cooldown window.")
    log_questions: bool = Field(False, description="Put question text in the one log line per question.")

    stats_db: Path | None = Field(
        Path("faqbot-stats.sqlite3"), description="SQLite file for outcomes, picks and votes; empty turns it off."
    )
    store_questions: bool = Field(False, description="Keep question text in the statistics (grouping, suggest).")
    retention_days: int = Field(90, ge=1, le=3650, description="Statistics rows older than this are deleted.")
    stats_salt: SecretStr | None = Field(
        None, description="Secret for hashing user ids; empty means a random salt kept in the database."
    )

    discord_token: SecretStr | None = Field(None, description="Bot token from the Discord developer portal.")
    discord_guild_ids: IdList = Field([], description="Guilds to sync slash commands to; empty means global.")
    discord_sync: bool = Field(True, description="Sync slash commands when the bot starts.")
    faq_channel_ids: IdList = Field([], description="Channels where every message is matched.")
    admin_user_ids: IdList = Field([], description="Discord users allowed to reload besides Manage Server.")
    admin_role_ids: IdList = Field([], description="Discord roles allowed to reload besides Manage Server.")
    command_prefix: str = Field("!faq", min_length=1, description="Prefix command on Discord and Matrix.")
    discord_autoshard: bool = Field(False, description="Run as AutoShardedBot.")
    shard_count: int | None = Field(None, ge=1, description="Total shards across all processes.")
    shard_ids: IdList = Field([], description="Shards this process runs (needs SHARD_COUNT).")
    discord_message_content: bool = Field(
        True, description="Ask for the privileged Message Content intent (prefix command, help channels)."
    )

    matrix_homeserver: str | None = Field(None, description="Homeserver URL, e.g. https://matrix.example.org.")
    matrix_user_id: str | None = Field(None, description="The bot's user id, e.g. @faqbot:example.org.")
    matrix_access_token: SecretStr | None = Field(None, description="Access token (or use MATRIX_PASSWORD).")
    matrix_password: SecretStr | None = Field(None, description="Password to log in with when no token is set.")
    matrix_device_id: str | None = Field(None, description="Device id to reuse across restarts.")
    matrix_store_path: Path = Field(Path("matrix-store"), description="Folder for the sync token and keys.")
    matrix_faq_rooms: NameList = Field([], description="Rooms where every message is matched.")
    matrix_admins: NameList = Field([], description="Matrix user ids allowed to reload.")
    matrix_admin_power_level: int = Field(50, description="Lowest room power level that may reload.")
    matrix_invite_allowlist: NameList = Field(
        [], description="Rooms or :servers whose invites are accepted; empty accepts all."
    )

    @field_validator(
        "discord_guild_ids",
        "faq_channel_ids",
        "admin_user_ids",
        "admin_role_ids",
        "shard_ids",
        "matrix_faq_rooms",
        "matrix_admins",
        "matrix_invite_allowlist",
        mode="before",
    )
    @classmethod
    def _split(cls, value: object) -> object:
        """Accept comma- or space-separated lists from the environment."""
        return split_list(value)

    @field_validator("stats_db", "stats_salt", mode="before")
    @classmethod
    def _empty_is_none(cls, value: object) -> object:
        """Treat an empty value as not set."""
        return None if isinstance(value, str) and not value.strip() else value

    def thresholds(self) -> Thresholds:
        """Return the decision thresholds."""
        return Thresholds(
            self.answer_threshold,
            self.clarify_threshold,
            self.answer_margin,
            self.sure_threshold,
            self.long_message_chars,
            self.long_message_lead,
        )

    def secret_values(self) -> list[str]:
        """Return the values of every secret setting that is set (tokens, password, salt), to keep out of logs."""
        fields = (self.discord_token, self.matrix_access_token, self.matrix_password, self.stats_salt)
        return [field.get_secret_value().strip() for field in fields if field is not None and field.get_secret_value()]

    def corpus_folder(self) -> Path:
        """Return the corpus folder to serve, falling back to the shipped one for the default path."""
        if self.faq_dir == DEFAULT_FAQ_DIR and not self.faq_dir.is_dir():
            return shipped_corpus()
        return self.faq_dir
