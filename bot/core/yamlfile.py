"""Read one YAML file safely into a node tree that keeps line numbers."""

from __future__ import annotations

import os
import stat
from collections.abc import Iterable
from pathlib import Path

import yaml

from bot.core.errors import CorpusProblem

MAX_FILE_BYTES = 1_000_000
MAX_DEPTH = 20
STR_TAG = "tag:yaml.org,2002:str"
# libyaml 0.2.6+ (bundled with PyYAML 6.0.3+) stops its scanner at this depth before our event check sees the nesting.
_LIBYAML_DEPTH_LIMIT = "maximum nesting depth"
_PLAIN_TAGS = frozenset(f"tag:yaml.org,2002:{name}" for name in ("str", "int", "float", "bool", "null", "seq", "map"))
_OPEN_FLAGS = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_BINARY", 0)


class _NoAliasLoader(yaml.SafeLoader):
    """A safe composer that refuses anchors and aliases (no alias bombs), custom tags and deep nesting."""

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self._depth = 0

    def compose_node(self, parent, index):  # type: ignore[no-untyped-def]
        """Compose a node, refusing aliases, tags other than plain YAML ones, and nesting deeper than MAX_DEPTH."""
        event = self.peek_event()
        if isinstance(event, yaml.AliasEvent):
            _refuse(event, "anchors and aliases (*name) are not allowed in corpus files")
        tag = getattr(event, "tag", None)
        if tag is not None and tag not in _PLAIN_TAGS:
            _refuse(event, f"the tag {tag!r} is not allowed in corpus files (plain YAML only)")
        if self._depth >= MAX_DEPTH:
            _refuse(event, f"data is nested more than {MAX_DEPTH} levels deep")
        self._depth += 1
        try:
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1


def _compose(text: str) -> yaml.Node | None:
    """Compose a document with libyaml when PyYAML has it (several times faster) after checking its events."""
    if not yaml.__with_libyaml__:
        return _NoAliasLoader(text).get_single_node()
    _check_events(yaml.parse(text, Loader=yaml.CSafeLoader))
    return yaml.compose(text, Loader=yaml.CSafeLoader)


def _check_events(events: Iterable[yaml.Event]) -> None:
    """Refuse what _NoAliasLoader refuses, from the parser's events: aliases, custom tags and deep nesting."""
    depth = 0
    for event in events:
        if isinstance(event, yaml.NodeEvent):
            if isinstance(event, yaml.AliasEvent):
                _refuse(event, "anchors and aliases (*name) are not allowed in corpus files")
            tag = getattr(event, "tag", None)
            if tag is not None and tag not in _PLAIN_TAGS:
                _refuse(event, f"the tag {tag!r} is not allowed in corpus files (plain YAML only)")
            if depth >= MAX_DEPTH:
                _refuse(event, f"data is nested more than {MAX_DEPTH} levels deep")
            depth += isinstance(event, yaml.CollectionStartEvent)
        elif isinstance(event, yaml.CollectionEndEvent):
            depth -= 1


def _refuse(event: yaml.Event, problem: str) -> None:
    """Stop composing with a problem located at an event."""
    raise yaml.MarkedYAMLError(problem=problem, problem_mark=event.start_mark)


def line_of(node: yaml.Node) -> int:
    """Return the 1-based line where a node starts."""
    return node.start_mark.line + 1


def read_yaml_nodes(path: Path, display: str, folder: Path) -> tuple[yaml.Node | None, list[CorpusProblem]]:
    """Parse a file of a corpus folder into a node tree, or return the problems that prevent it."""
    try:
        resolved = path.resolve()
        inside = resolved.is_relative_to(folder.resolve())
    except (OSError, RuntimeError) as error:
        return None, [CorpusProblem(display, 0, f"cannot resolve the file's path: {error}")]
    if not inside:
        return None, [CorpusProblem(display, 0, "file is a link that points outside the corpus folder")]
    try:
        raw = _read_regular_file(resolved)
    except _Unreadable as error:
        return None, [CorpusProblem(display, 0, str(error))]
    except OSError as error:
        return None, [CorpusProblem(display, 0, f"cannot read file: {error.strerror or error}")]
    return parse_yaml_text(raw, display)


class _Unreadable(Exception):
    """A file that is not a regular file, or too big to read."""


def _read_regular_file(path: Path) -> bytes:
    """Read a regular file of at most MAX_FILE_BYTES, never blocking on a pipe nor reading past the limit."""
    descriptor = os.open(path, _OPEN_FLAGS)
    try:
        status = os.fstat(descriptor)
        if not stat.S_ISREG(status.st_mode):
            raise _Unreadable("not a regular file")
        if status.st_size > MAX_FILE_BYTES:
            raise _Unreadable(f"file is {status.st_size:,} bytes; the limit is {MAX_FILE_BYTES:,}")
    except BaseException:
        os.close(descriptor)
        raise
    with os.fdopen(descriptor, "rb") as file:
        raw = file.read(MAX_FILE_BYTES + 1)
    if len(raw) > MAX_FILE_BYTES:
        raise _Unreadable(f"file grew past the limit of {MAX_FILE_BYTES:,} bytes while being read")
    return raw


def parse_yaml_text(raw: bytes, display: str) -> tuple[yaml.Node | None, list[CorpusProblem]]:
    """Decode UTF-8 bytes and compose them, reporting syntax errors with their line."""
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        return None, [CorpusProblem(display, line, "file is not valid UTF-8")]
    try:
        return _compose(text), []
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = mark.line + 1 if mark else 0
        problem = error.problem or error.context or "invalid YAML"
        if _LIBYAML_DEPTH_LIMIT in problem:
            return None, [CorpusProblem(display, line, f"data is nested more than {MAX_DEPTH} levels deep")]
        return None, [CorpusProblem(display, line, f"YAML syntax error: {problem}")]
    except yaml.YAMLError as error:
        return None, [CorpusProblem(display, 0, f"YAML error: {error}")]
