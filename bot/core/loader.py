"""Load a corpus folder into frozen entries, reporting every problem found."""

from __future__ import annotations

import logging
from pathlib import Path

import yaml

from bot.core.content import forbidden_reason
from bot.core.declines import DECLINES_FILE, load_declines
from bot.core.errors import CorpusError, CorpusProblem
from bot.core.lexicon import LEXICON_FILE, load_lexicon
from bot.core.model import PLACEHOLDER_MARK, Corpus, Decline, Entry, Lexicon
from bot.core.nodes import NodeReader
from bot.core.normalize import normalizer_for
from bot.core.render import MAX_REPLY_CHARS, longest_reply
from bot.core.yamlfile import line_of, read_yaml_nodes

log = logging.getLogger(__name__)

ENTRY_REQUIRED = ("id", "question", "aliases", "answer", "caveats", "en", "source")
ENTRY_OPTIONAL = ("tags", "draft")
EN_REQUIRED = ("question", "answer", "caveats")
SOURCE_REQUIRED = ("document", "section")
YAML_SUFFIXES = (".yaml", ".yml")
SPECIAL_FILES = (LEXICON_FILE, DECLINES_FILE)
DRAFTS_FOLDER = "drafts"


def corpus_files(folder: Path) -> list[Path]:
    """Return the entry files of a corpus folder and of its drafts/ folder, in a stable order."""
    drafts = folder / DRAFTS_FOLDER
    paths = [*folder.iterdir(), *(drafts.iterdir() if drafts.is_dir() else ())]
    return sorted(
        path
        for path in paths
        if path.suffix in YAML_SUFFIXES and path.name not in SPECIAL_FILES and not path.name.startswith(".")
    )


def load_corpus(folder: Path) -> Corpus:
    """Load and validate every YAML file of a folder; raise CorpusError on any problem."""
    if not folder.is_dir():
        raise CorpusError([CorpusProblem(str(folder), 0, "corpus folder does not exist")])
    lexicon, problems = load_lexicon(folder)
    declines, decline_problems = load_declines(folder)
    problems.extend(decline_problems)
    entries: list[Entry] = []
    try:
        files = corpus_files(folder)
    except OSError as error:
        raise CorpusError([CorpusProblem(str(folder), 0, f"cannot list the corpus folder: {error.strerror}")]) from None
    if not files:
        problems.append(CorpusProblem(str(folder), 0, "no .yaml entry files in the corpus folder"))
    for path in files:
        file_entries, file_problems = _load_file(folder, path)
        entries.extend(file_entries)
        problems.extend(file_problems)
    served = tuple(entry for entry in entries if not entry.draft)
    problems.extend(_duplicate_ids(entries))
    problems.extend(_shared_phrasings(list(served), declines, lexicon))
    if problems:
        raise CorpusError(problems)
    drafts = tuple(entry for entry in entries if entry.draft)
    return Corpus(entries=served, lexicon=lexicon, folder=folder, declines=declines, drafts=drafts)


def _load_file(folder: Path, path: Path) -> tuple[list[Entry], list[CorpusProblem]]:
    """Load the entries of one file."""
    display = str(path)
    root, problems = read_yaml_nodes(path, display, folder)
    if root is None:
        message = "file is empty; expected a list of entries"
        return [], problems or [CorpusProblem(display, 1, message)]
    reader = NodeReader(display)
    if not isinstance(root, yaml.SequenceNode):
        reader.problem(root, "expected a list of entries at the top level")
        return [], reader.problems
    entries = [entry for node in root.value if (entry := _read_entry(reader, node)) is not None]
    return entries, reader.problems


def _read_entry(reader: NodeReader, node: yaml.Node) -> Entry | None:
    """Read one entry mapping into an Entry, or None when it has problems."""
    entry_id = reader.peek_id(node)
    fields = reader.mapping(node, ENTRY_REQUIRED, ENTRY_OPTIONAL, entry_id, "")
    if fields is None:
        return None
    before = len(reader.problems)
    values = {
        "id": reader.text(fields.get("id"), entry_id, "id"),
        "question": reader.text(fields.get("question"), entry_id, "question"),
        "aliases": reader.texts(fields.get("aliases"), entry_id, "aliases"),
        "answer": reader.text(fields.get("answer"), entry_id, "answer"),
        "caveats": reader.texts(fields.get("caveats"), entry_id, "caveats"),
        "en": reader.english(fields.get("en"), entry_id, EN_REQUIRED),
        "source": reader.source(fields.get("source"), entry_id, SOURCE_REQUIRED),
        "tags": reader.texts(fields["tags"], entry_id, "tags") if "tags" in fields else (),
        "draft": reader.flag(fields["draft"], entry_id, "draft") if "draft" in fields else False,
    }
    if len(reader.problems) > before or any(value is None for value in values.values()):
        return None
    entry = Entry(**values, file=reader.file, line=line_of(node))  # type: ignore[arg-type]
    _check_served_text(reader, entry, fields)
    _check_reply_length(reader, entry, node)
    return entry if len(reader.problems) == before else None


def _check_reply_length(reader: NodeReader, entry: Entry, node: yaml.Node) -> None:
    """Report an entry whose answer or topic listing would render longer than MAX_REPLY_CHARS."""
    length, lang = longest_reply(entry)
    if length > MAX_REPLY_CHARS:
        message = f"its reply in {lang} would be {length:,} characters; the limit is {MAX_REPLY_CHARS:,}"
        reader.problem(node, message, entry.id)


def _served_texts(entry: Entry) -> list[tuple[str, str]]:
    """List (field, text) for every text the bot may send for this entry."""
    texts = [("question", entry.question), ("answer", entry.answer)]
    texts += [(f"aliases[{i}]", alias) for i, alias in enumerate(entry.aliases)]
    texts += [(f"caveats[{i}]", caveat) for i, caveat in enumerate(entry.caveats)]
    texts += [("en.question", entry.en.question), ("en.answer", entry.en.answer)]
    texts += [(f"en.caveats[{i}]", caveat) for i, caveat in enumerate(entry.en.caveats)]
    texts += [("source.document", entry.source.document), ("source.section", entry.source.section)]
    return texts


def _check_served_text(reader: NodeReader, entry: Entry, fields: dict[str, yaml.Node]) -> None:
    """Report links, handles and addresses in any served text of an entry, and import placeholders outside drafts."""
    texts = _served_texts(entry)
    joined = "\n".join(text for _, text in texts)
    if forbidden_reason(joined) is None and (entry.draft or PLACEHOLDER_MARK not in joined):
        return
    for field, text in texts:
        reason = forbidden_reason(text)
        if reason is None and not entry.draft and PLACEHOLDER_MARK in text:
            reason = f"placeholder {PLACEHOLDER_MARK}...] left by faqbot import; write the text or keep draft: true"
        if reason:
            reader.problem(_node_at(fields, field), reason, entry.id, field)


def _node_at(fields: dict[str, yaml.Node], field: str) -> yaml.Node | None:
    """Find the node of a field path such as `en.caveats[2]`, for its line number."""
    node: yaml.Node | None = None
    mapping = fields
    for part in field.split("."):
        name, _, index = part.partition("[")
        node = mapping.get(name)
        if node is not None and index and isinstance(node, yaml.SequenceNode):
            node = node.value[int(index.rstrip("]"))]
        if isinstance(node, yaml.MappingNode):
            mapping = {str(key.value): value for key, value in node.value}
    return node


def _duplicate_ids(entries: list[Entry]) -> list[CorpusProblem]:
    """Report every entry whose id was already used."""
    seen: dict[str, Entry] = {}
    problems = []
    for entry in entries:
        first = seen.setdefault(entry.id, entry)
        if first is not entry:
            message = f"duplicate id; first used at {first.file}:{first.line}"
            problems.append(CorpusProblem(entry.file, entry.line, message, entry.id, "id"))
    return problems


def _shared_phrasings(entries: list[Entry], declines: tuple[Decline, ...], lexicon: Lexicon) -> list[CorpusProblem]:
    """Report phrasings that normalise to the same text in two different entries or out-of-scope topics."""
    normalizer = normalizer_for(lexicon)
    owner: dict[str, Entry | Decline] = {}
    problems = []
    for item in [*entries, *declines]:
        name, field, phrasings = _described(item)
        for phrasing in dict.fromkeys(phrasings):
            key = normalizer.normalize_phrasing(phrasing)
            first = owner.setdefault(key, item)
            if first is not item and key:
                kind = "entry" if isinstance(first, Entry) else "out-of-scope topic"
                where = f"{kind} '{_described(first)[0]}' ({first.file}:{first.line})"
                message = f"phrasing {phrasing!r} is also a phrasing of {where}"
                problems.append(CorpusProblem(item.file, item.line, message, name, field))
    return problems


def _described(item: Entry | Decline) -> tuple[str, str, tuple[str, ...]]:
    """Return an entry's id or a topic's name, the field that holds its phrasings, and the phrasings."""
    if isinstance(item, Entry):
        return item.id, "aliases", item.phrasings()
    return item.topic, "phrasings", item.phrasings
