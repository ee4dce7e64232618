"""Read one YAML file safely into a node tree that keeps line numbers."""

from __future__ import annotations

from pathlib import Path

import yaml

from bot.core.errors import CorpusProblem

MAX_FILE_BYTES = 1_000_000
STR_TAG = "tag:yaml.org,2002:str"


class _NoAliasLoader(yaml.SafeLoader):
    """A safe loader that refuses anchors and aliases (no alias bombs)."""

    def compose_node(self, parent, index):  # type: ignore[no-untyped-def]
        """Compose a node, refusing aliases."""
        if self.check_event(yaml.AliasEvent):
            event = self.peek_event()
            raise yaml.MarkedYAMLError(
                problem="anchors and aliases (*name) are not allowed in corpus files",
                problem_mark=event.start_mark,
            )
        return super().compose_node(parent, index)


def line_of(node: yaml.Node) -> int:
    """Return the 1-based line where a node starts."""
    return node.start_mark.line + 1


def read_yaml_nodes(path: Path, display: str, folder: Path) -> tuple[yaml.Node | None, list[CorpusProblem]]:
    """Parse a file of a corpus folder into a node tree, or return the problems that prevent it."""
    if not path.resolve().is_relative_to(folder.resolve()):
        return None, [CorpusProblem(display, 0, "file is a link that points outside the corpus folder")]
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            message = f"file is {size:,} bytes; the limit is {MAX_FILE_BYTES:,}"
            return None, [CorpusProblem(display, 0, message)]
        raw = path.read_bytes()
    except OSError as error:
        return None, [CorpusProblem(display, 0, f"cannot read file: {error.strerror or error}")]
    return parse_yaml_text(raw, display)


def parse_yaml_text(raw: bytes, display: str) -> tuple[yaml.Node | None, list[CorpusProblem]]:
    """Decode UTF-8 bytes and compose them, reporting syntax errors with their line."""
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        return None, [CorpusProblem(display, line, "file is not valid UTF-8")]
    try:
        return _NoAliasLoader(text).get_single_node(), []
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = mark.line + 1 if mark else 0
        problem = error.problem or error.context or "invalid YAML"
        return None, [CorpusProblem(display, line, f"YAML syntax error: {problem}")]
    except yaml.YAMLError as error:
        return None, [CorpusProblem(display, 0, f"YAML error: {error}")]
