"""Settings from the environment or a .env file; every one has a documented default."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

from bot.core.decision import Thresholds

DEFAULT_FAQ_DIR = Path("faq")


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
    answer_threshold: float = Field(40.0, ge=0, le=100, description="Lowest score for a confident answer.")
    clarify_threshold: float = Field(
        25.0, ge=0, le=100, description="Lowest score to offer choices instead of declining."
    )
    answer_margin: float = Field(4.0, ge=0, le=100, description="Lead over the runner-up needed to answer.")
    sure_threshold: float = Field(60.0, ge=0, le=100, description="Score that answers even without the margin.")
    max_question_chars: int = Field(500, ge=20, le=100_000, description="Longer questions are cut before scoring.")

    def thresholds(self) -> Thresholds:
        """Return the decision thresholds."""
        return Thresholds(self.answer_threshold, self.clarify_threshold, self.answer_margin, self.sure_threshold)

    def corpus_folder(self) -> Path:
        """Return the corpus folder to serve, falling back to the shipped one for the default path."""
        if self.faq_dir == DEFAULT_FAQ_DIR and not self.faq_dir.is_dir():
            return shipped_corpus()
        return self.faq_dir
