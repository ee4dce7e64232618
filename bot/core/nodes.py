"""Read typed values out of YAML nodes, collecting located problems."""

from __future__ import annotations

import re

import yaml

from bot.core.errors import CorpusProblem
from bot.core.model import EnglishText, Source
from bot.core.yamlfile import STR_TAG, line_of

_UNPRINTABLE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff]")
_KIND_NAMES = {
    "tag:yaml.org,2002:int": "a number",
    "tag:yaml.org,2002:float": "a number",
    "tag:yaml.org,2002:bool": "true/false",
    "tag:yaml.org,2002:null": "nothing",
    "tag:yaml.org,2002:timestamp": "a date",
}


def _kind(node: yaml.Node) -> str:
    """Describe what a node holds, for an error message."""
    if isinstance(node, yaml.MappingNode):
        return "a mapping"
    if isinstance(node, yaml.SequenceNode):
        return "a list"
    return _KIND_NAMES.get(node.tag, f"a value tagged {node.tag}")


class NodeReader:
    """Turn the nodes of one file into values; remember every problem met."""

    def __init__(self, file: str) -> None:
        self.file = file
        self.problems: list[CorpusProblem] = []

    def problem(
        self, node: yaml.Node | None, message: str, entry_id: str | None = None, field: str | None = None
    ) -> None:
        """Record a problem at a node's line."""
        line = line_of(node) if node is not None else 0
        self.problems.append(CorpusProblem(self.file, line, message, entry_id, field))

    def peek_id(self, node: yaml.Node) -> str | None:
        """Return the entry's id if it has a usable one, to name it in problems."""
        if isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                if key.value == "id" and isinstance(value, yaml.ScalarNode) and value.tag == STR_TAG:
                    return value.value.strip() or None
        return None

    def mapping(
        self, node: yaml.Node, required: tuple[str, ...], optional: tuple[str, ...], entry_id: str | None, prefix: str
    ) -> dict[str, yaml.Node] | None:
        """Return a mapping's keys and value nodes after checking its keys."""
        if not isinstance(node, yaml.MappingNode):
            self.problem(node, f"expected a mapping, got {_kind(node)}", entry_id, prefix or None)
            return None
        fields: dict[str, yaml.Node] = {}
        for key, value in node.value:
            name = str(key.value)
            if name not in required and name not in optional:
                allowed = ", ".join(required + optional)
                self.problem(key, f"unknown key '{name}' (allowed: {allowed})", entry_id, prefix + name)
            elif name in fields:
                self.problem(key, "key appears twice", entry_id, prefix + name)
            else:
                fields[name] = value
        for name in required:
            if name not in fields:
                self.problem(node, "required field is missing", entry_id, prefix + name)
        return fields

    def text(self, node: yaml.Node | None, entry_id: str | None, field: str) -> str | None:
        """Return a non-empty string, or None after recording why it is not one."""
        if node is None:
            return None
        if not isinstance(node, yaml.ScalarNode) or node.tag != STR_TAG:
            message = "field is empty" if node.tag.endswith(":null") else f"expected text, got {_kind(node)}"
            self.problem(node, message, entry_id, field)
            return None
        value = node.value.strip()
        if not value:
            self.problem(node, "field is empty", entry_id, field)
            return None
        unprintable = _UNPRINTABLE.search(value)
        if unprintable:
            message = f"text contains an unprintable character (U+{ord(unprintable.group()):04X})"
            self.problem(node, message, entry_id, field)
            return None
        return value

    def flag(self, node: yaml.Node, entry_id: str | None, field: str) -> bool | None:
        """Return a true/false value, or None after recording why it is not one."""
        if isinstance(node, yaml.ScalarNode) and node.tag == "tag:yaml.org,2002:bool":
            return node.value.lower() in ("true", "yes", "on")
        self.problem(node, f"expected true or false, got {_kind(node)}", entry_id, field)
        return None

    def texts(self, node: yaml.Node | None, entry_id: str | None, field: str) -> tuple[str, ...] | None:
        """Return a non-empty list of non-empty strings."""
        if node is None:
            return None
        if not isinstance(node, yaml.SequenceNode):
            message = "field is empty" if node.tag.endswith(":null") else f"expected a list of texts, got {_kind(node)}"
            self.problem(node, message, entry_id, field)
            return None
        if not node.value:
            self.problem(node, "list is empty", entry_id, field)
            return None
        values = [self.text(item, entry_id, f"{field}[{index}]") for index, item in enumerate(node.value)]
        if any(value is None for value in values):
            return None
        return tuple(value for value in values if value is not None)

    def english(self, node: yaml.Node | None, entry_id: str | None, required: tuple[str, ...]) -> EnglishText | None:
        """Read the `en` block."""
        if node is None:
            return None
        fields = self.mapping(node, required, (), entry_id, "en.")
        if fields is None:
            return None
        question = self.text(fields.get("question"), entry_id, "en.question")
        answer = self.text(fields.get("answer"), entry_id, "en.answer")
        caveats = self.texts(fields.get("caveats"), entry_id, "en.caveats")
        if question is None or answer is None or caveats is None:
            return None
        return EnglishText(question=question, answer=answer, caveats=caveats)

    def source(self, node: yaml.Node | None, entry_id: str | None, required: tuple[str, ...]) -> Source | None:
        """Read the `source` block."""
        if node is None:
            return None
        fields = self.mapping(node, required, (), entry_id, "source.")
        if fields is None:
            return None
        document = self.text(fields.get("document"), entry_id, "source.document")
        section = self.text(fields.get("section"), entry_id, "source.section")
        if document is None or section is None:
            return None
        return Source(document=document, section=section)
