"""faqbot: an FAQ bot for Discord, Matrix and the console."""

__version__ = "0.1.0"
