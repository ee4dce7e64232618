"""Errors raised while loading a corpus, named by file, line, entry and field."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class CorpusProblem:
    """One thing wrong with a corpus file, located for the admin who must fix it."""

    file: str
    line: int
    message: str
    entry_id: str | None = None
    field: str | None = None

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        parts = [where]
        if self.entry_id:
            parts.append(f"entry '{self.entry_id}'")
        if self.field:
            parts.append(f"field '{self.field}'")
        return ", ".join(parts) + f": {self.message}"


class CorpusError(Exception):
    """A corpus folder that cannot be served; holds every problem found."""

    def __init__(self, problems: list[CorpusProblem] | tuple[CorpusProblem, ...]) -> None:
        self.problems = tuple(problems)
        super().__init__(str(self))

    def __str__(self) -> str:
        count = len(self.problems)
        head = f"{count} problem{'s' if count != 1 else ''} in the corpus"
        return head + ":\n" + "\n".join(f"  {problem}" for problem in self.problems)
