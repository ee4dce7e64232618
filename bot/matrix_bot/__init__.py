"""The Matrix adapter (matrix-nio): `faqbot run matrix`."""

from bot.matrix_bot.serve import serve

__all__ = ["serve"]
