"""Load the out-of-scope topics: questions near the FAQ's subject that it must decline, kept as data."""

from __future__ import annotations

from pathlib import Path

import yaml

from bot.core.errors import CorpusProblem
from bot.core.model import Decline
from bot.core.nodes import NodeReader
from bot.core.yamlfile import line_of, read_yaml_nodes

DECLINES_FILE = "out_of_scope.yaml"


def load_declines(folder: Path) -> tuple[tuple[Decline, ...], list[CorpusProblem]]:
    """Read out_of_scope.yaml from a corpus folder; a missing file means no declined topics."""
    path = folder / DECLINES_FILE
    if not path.exists():
        return (), []
    root, problems = read_yaml_nodes(path, str(path), folder)
    if root is None:
        return (), problems
    reader = NodeReader(str(path))
    if not isinstance(root, yaml.SequenceNode):
        reader.problem(root, "expected a list of {topic, phrasings}")
        return (), problems + reader.problems
    declines = [decline for node in root.value if (decline := _read_decline(reader, node)) is not None]
    return tuple(declines), problems + reader.problems


def _read_decline(reader: NodeReader, node: yaml.Node) -> Decline | None:
    """Read one {topic, phrasings} mapping, or None when it has problems."""
    fields = reader.mapping(node, ("topic", "phrasings"), (), None, "")
    if fields is None:
        return None
    topic = reader.text(fields.get("topic"), None, "topic")
    phrasings = reader.texts(fields.get("phrasings"), topic, "phrasings")
    if topic is None or phrasings is None:
        return None
    return Decline(topic, phrasings, reader.file, line_of(node))
