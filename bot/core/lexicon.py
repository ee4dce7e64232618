"""Load the synonyms and filler words that admins keep beside the entries."""

from __future__ import annotations

from pathlib import Path

import yaml

from bot.core.errors import CorpusProblem
from bot.core.model import Lexicon
from bot.core.nodes import NodeReader
from bot.core.normalize import fold
from bot.core.yamlfile import read_yaml_nodes

LEXICON_FILE = "synonyms.yaml"
MAX_WORD_CHARS = 60


def load_lexicon(folder: Path) -> tuple[Lexicon, list[CorpusProblem]]:
    """Read synonyms.yaml from a corpus folder; a missing file means an empty lexicon."""
    path = folder / LEXICON_FILE
    if not path.exists():
        return Lexicon(), []
    root, problems = read_yaml_nodes(path, str(path), folder)
    if root is None:
        return Lexicon(), problems
    reader = NodeReader(str(path))
    fields = reader.mapping(root, ("synonyms",), ("fillers",), None, "")
    if fields is None or "synonyms" not in fields:
        return Lexicon(), reader.problems
    synonyms = _read_groups(reader, fields["synonyms"])
    fillers = reader.texts(fields["fillers"], None, "fillers") if "fillers" in fields else ()
    if fillers and not _short_enough(reader, fields["fillers"], fillers, "fillers"):
        fillers = ()
    return Lexicon(synonyms=synonyms, fillers=fillers or ()), reader.problems


def _short_enough(reader: NodeReader, node: yaml.Node, words: tuple[str, ...], field: str) -> bool:
    """Tell whether every word fits MAX_WORD_CHARS (a word or short phrase); report the ones that do not."""
    too_long = [word for word in words if len(word) > MAX_WORD_CHARS]
    for word in too_long:
        message = f"'{word[:20]}…' is {len(word)} characters; a word or phrase here may have {MAX_WORD_CHARS}"
        reader.problem(node, message, None, field)
    return not too_long


def _read_groups(reader: NodeReader, node: yaml.Node) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """Read `canonical: [variant, ...]` groups, refusing a variant claimed twice."""
    fields = reader.mapping(node, (), tuple(str(key.value) for key, _ in getattr(node, "value", ())), None, "synonyms.")
    groups = []
    claimed = {fold(canonical): canonical for canonical in fields or {}}
    for canonical, value in (fields or {}).items():
        variants = reader.texts(value, None, f"synonyms.{canonical}")
        if variants is None or not _short_enough(reader, value, (canonical, *variants), f"synonyms.{canonical}"):
            continue
        for variant in variants:
            owner = claimed.setdefault(fold(variant), canonical)
            if owner != canonical:
                reader.problem(
                    value, f"variant '{variant}' is already a variant of '{owner}'", None, f"synonyms.{canonical}"
                )
        groups.append((canonical, variants))
    return tuple(groups)
