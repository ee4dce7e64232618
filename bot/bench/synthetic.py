"""Grow a corpus of any size from a real one: each new entry asks a real question in a new situation."""

from __future__ import annotations

import itertools
import random
from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import Path

import yaml

from bot.bench.perturb import Perturber, Rates, is_chinese, theme_of
from bot.core.lexicon import LEXICON_FILE
from bot.core.model import Corpus, Entry, Lexicon
from bot.core.normalize import Normalizer
from bot.core.script import Lang, detect_lang, to_traditional
from bot.core.yamlfile import MAX_FILE_BYTES

SEED = 20240605
MIN_PHRASINGS, MAX_PHRASINGS = 10, 15
FULL_CONTEXT_RATE = 0.7
ATTEMPTS_PER_PHRASING = 20
FILE_BUDGET = MAX_FILE_BYTES * 9 // 10
_Dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)

# Who asks, where and when, in Chinese and English; the words avoid the lexicon so situations stay distinct.
WHO = (
    ("我", "for me"),
    ("我爸妈", "for my parents"),
    ("留学生", "for a student"),
    ("我同事", "for a coworker"),
    ("我家小孩", "for my kid"),
    ("我外婆", "for my grandma"),
    ("我老板", "for my boss"),
    ("我室友", "for my roommate"),
)
WHERE = (
    ("在日本", "in japan"),
    ("在加拿大", "in canada"),
    ("在英国", "in britain"),
    ("在澳洲", "in australia"),
    ("在新加坡", "in singapore"),
    ("在香港", "in hong kong"),
    ("在台湾", "in taiwan"),
    ("在德国", "in germany"),
    ("在法国", "in france"),
    ("在泰国", "in thailand"),
    ("在韩国", "in korea"),
    ("在马来西亚", "in malaysia"),
    ("在越南", "in vietnam"),
    ("在墨西哥", "in mexico"),
    ("在迪拜", "in dubai"),
    ("在新西兰", "in new zealand"),
)
WHEN = (
    ("出差的时候", "during a business trip"),
    ("回去以后", "after moving back home"),
    ("刚开卡的时候", "right after getting the card"),
    ("用了两年以后", "after two years of use"),
    ("半夜", "late at night"),
    ("放假期间", "during the holidays"),
    ("换工作以后", "after changing jobs"),
    ("搬家以后", "after moving house"),
    ("旅游的时候", "while travelling"),
    ("住院期间", "while in hospital"),
)


@dataclass(frozen=True, slots=True)
class Situation:
    """Who asks, where and when: the detail that makes one synthetic entry differ from its siblings."""

    who: tuple[str, str]
    where: tuple[str, str]
    when: tuple[str, str]

    def frame(self, text: str, parts: tuple[int, ...] = (0, 1, 2), english: bool | None = None) -> str:
        """Put the situation (all or some of its parts) before a question, in the question's script."""
        chosen = [(self.who, self.where, self.when)[part] for part in parts]
        if (not is_chinese(text)) if english is None else english:
            lead = " ".join(words for _, words in chosen)
            return f"{lead}, {text[:1].lower()}{text[1:]}"
        lead = "".join(chinese for chinese, _ in chosen)
        if detect_lang(text) is Lang.TRADITIONAL:
            lead = to_traditional(lead)
        return f"{lead}，{text}"


def situations(rng: random.Random) -> list[Situation]:
    """Return every situation once, in a seeded order."""
    every = [Situation(*parts) for parts in itertools.product(WHO, WHERE, WHEN)]
    rng.shuffle(every)
    return every


class _Grower:
    """Makes synthetic entries one by one, never repeating a normalised phrasing."""

    def __init__(self, source: Corpus, seed: int) -> None:
        if not source.entries:
            raise ValueError("the source corpus has no entries to grow from")
        self.source = source
        self.rng = random.Random(seed)
        self.perturber = Perturber(source, self.rng)
        self.normalizer = Normalizer(source.lexicon)
        self.situations = situations(self.rng)
        self.seen: set[str] = set()

    @property
    def capacity(self) -> int:
        """Return how many entries can be made before situations run out."""
        return len(self.source.entries) * len(self.situations)

    def _claim(self, text: str) -> bool:
        """Reserve a phrasing if its normalised form is new to the corpus."""
        key = self.normalizer.normalize(text)
        if not key or key in self.seen:
            return False
        self.seen.add(key)
        return True

    def entry(self, number: int, size: int) -> Entry | None:
        """Make entry `number` with exactly `size` phrasings, or None when it cannot be made that big."""
        base = self.source.entries[number % len(self.source.entries)]
        situation = self.situations[number // len(self.source.entries)]
        question, en_question = situation.frame(base.question), situation.frame(base.en.question, english=True)
        if not (self._claim(question) and self._claim(en_question)):
            return None
        aliases = list(self._aliases(base, situation, size - 2))
        if len(aliases) < size - 2:
            return None
        return Entry(
            id=f"{base.id}-{number:05d}",
            question=question,
            aliases=tuple(aliases),
            answer=base.answer,
            caveats=base.caveats,
            en=replace(base.en, question=en_question),
            source=base.source,
            tags=base.tags,
            file=f"{theme_of(base.file)}.yaml",
        )

    def _aliases(self, base: Entry, situation: Situation, wanted: int) -> Iterator[str]:
        """Yield up to `wanted` new phrasings: perturbed phrasings of the base entry, framed in the situation."""
        made = 0
        rates = Rates()
        for _ in range(wanted * ATTEMPTS_PER_PHRASING):
            if made == wanted:
                return
            text = self.perturber.perturb(self.rng.choice(base.phrasings()), theme_of(base.file), rates)
            full = self.rng.random() < FULL_CONTEXT_RATE
            framed = situation.frame(text, (0, 1, 2) if full else tuple(sorted(self.rng.sample((0, 1, 2), 2))))
            if self._claim(framed):
                made += 1
                yield framed


def entry_sizes(rng: random.Random, total: int) -> Iterator[int]:
    """Yield phrasing counts of 10-15 (the last may be smaller, never 1) that add up to `total`."""
    remaining = total
    while remaining > 0:
        size = min(rng.randint(MIN_PHRASINGS, MAX_PHRASINGS), remaining)
        if remaining - size == 1:
            size += 1 if size < MAX_PHRASINGS else -1
        yield size
        remaining -= size


def synthetic_corpus(source: Corpus, phrasings: int, seed: int = SEED) -> Corpus:
    """Return a corpus of exactly `phrasings` phrasings (distinct after normalisation) grown from `source`."""
    if phrasings < 2:
        raise ValueError("a synthetic corpus needs at least 2 phrasings (a question and its English)")
    grower = _Grower(source, seed)
    entries: list[Entry] = []
    number = 0
    for size in entry_sizes(random.Random(seed), phrasings):
        entry = None
        while entry is None:
            if number >= grower.capacity:
                raise ValueError(f"cannot grow {phrasings} phrasings from {len(source.entries)} entries")
            entry = grower.entry(number, size)
            number += 1
        entries.append(entry)
    return Corpus(entries=tuple(entries), lexicon=source.lexicon, folder=Path("<synthetic>"))


def entry_data(entry: Entry) -> dict[str, object]:
    """Return an entry as the plain data of a corpus file."""
    data: dict[str, object] = {
        "id": entry.id,
        "question": entry.question,
        "aliases": list(entry.aliases),
        "answer": entry.answer,
        "caveats": list(entry.caveats),
        "en": {"question": entry.en.question, "answer": entry.en.answer, "caveats": list(entry.en.caveats)},
        "source": {"document": entry.source.document, "section": entry.source.section},
    }
    if entry.tags:
        data["tags"] = list(entry.tags)
    return data


def lexicon_data(lexicon: Lexicon) -> dict[str, object]:
    """Return a lexicon as the plain data of synonyms.yaml."""
    return {
        "synonyms": {canonical: list(variants) for canonical, variants in lexicon.synonyms},
        "fillers": list(lexicon.fillers),
    }


def _dump(data: object) -> str:
    """Dump plain data as block-style UTF-8 YAML."""
    return yaml.dump(data, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=1000)


def write_corpus(corpus: Corpus, folder: Path) -> list[Path]:
    """Write a corpus as a loadable folder (one or more files per theme, each under the size limit)."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / LEXICON_FILE).write_text(_dump(lexicon_data(corpus.lexicon)), encoding="utf-8")
    by_theme: dict[str, list[str]] = {}
    for entry in corpus.entries:
        by_theme.setdefault(theme_of(entry.file), []).append(_dump([entry_data(entry)]))
    written = []
    for theme, chunks in by_theme.items():
        for part, text in enumerate(_files(chunks)):
            path = folder / f"{theme}-{part:03d}.yaml"
            path.write_text(text, encoding="utf-8")
            written.append(path)
    return written


def _files(chunks: list[str]) -> Iterator[str]:
    """Group dumped entries into file texts that stay under the loader's size limit."""
    current: list[str] = []
    size = 0
    for chunk in chunks:
        chunk_size = len(chunk.encode("utf-8"))
        if current and size + chunk_size > FILE_BUDGET:
            yield "".join(current)
            current, size = [], 0
        current.append(chunk)
        size += chunk_size
    if current:
        yield "".join(current)
