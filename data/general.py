"""The general-domain corpus: every source of the package list, the Bible and the user's files, cleaned,
deduplicated against every held-out sentence and split by document.

    sources (data/sources.yaml) --fetch--> data/cache/root/PKG --Source.pairs--> raw pairs (cached)
    + the Bible (KJV / World English Bible / Reina-Valera 1909, by chapter)
    --data.clean.check_pair--> --split by document--> --dedup--> split files, each line with its origin

Both directions read the same prepared folder (one joint tokenizer, the same pairs): a config picks the
direction with src_lang/tgt_lang, and training weights the sources per direction.
"""

from __future__ import annotations

import hashlib
import json
import logging
import random
import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from tqdm import tqdm

from data.align import read_bible
from data.clean import DUPLICATE, LanguageCheck, Rules, check_pair
from data.corpus import CorpusError, read_lines
from data.debian import Unpacked, fetch_all
from data.extra import read_extra
from data.names import swap_names
from data.sources import Origin, Source, SourceError, SourcePair, source_class
from data.split import bible_split
from data.sword import MODULES, SWORD_DIR, module_version
from translator.errors import TranslatorError

log = logging.getLogger(__name__)

HELDOUT = "heldout_overlap"  # a train pair that repeats a dev or test sentence
# Sizes of the per-domain held-out sets: whole documents are drawn until these many pairs are reached at
# most; more would only slow evaluation down.
MAX_DEV, MAX_TEST = 1500, 3000
# Bump when the raw pairs a source yields change for the same package versions (invalidates the cache).
PAIRS_CACHE_VERSION = 1
# Bump when the rules that clean, split or deduplicate the pairs change: a folder prepared under the old
# rules is then rebuilt (data.prepare's fingerprint). 2: held-out repeats compared by heldout_key.
BUILD_VERSION = 2
PER_NAME = 200  # data.names.swap_names: templates per name at most (a change: bump BUILD_VERSION)


class GeneralCorpusError(TranslatorError, ValueError):
    """The general corpus cannot be built: a bad package list, a source that fails, a missing test set."""


@dataclass(frozen=True)
class Example:
    en: str
    es: str
    origin: Origin


@dataclass
class GeneralCorpus:
    splits: dict[str, list[Example]]  # "train", "dev", "test-tatoeba", "dev-ui", "test-docs", ...
    drops: dict[str, Counter[str]]  # per source kind: reason -> pairs dropped
    read: Counter[str]  # per source kind: raw pairs read
    sources: list[dict[str, Any]]  # what was read, with package versions and licences
    kinds: dict[str, str] = field(default_factory=dict)  # source kind -> domain


def load_sources(paths: Iterable[str | Path]) -> list[Source]:
    """The sources of one or more package lists (data/sources.yaml, a user's own list of files)."""
    sources: list[Source] = []
    for path in paths:
        try:
            raw = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
        except (OSError, yaml.YAMLError) as exc:
            raise GeneralCorpusError(f"{path}: cannot read the package list ({exc})") from None
        entries = raw.get("sources") if isinstance(raw, dict) else None
        if not isinstance(entries, list):
            raise GeneralCorpusError(f"{path}: expected a top-level `sources:` list")
        for number, entry in enumerate(entries, 1):
            where = f"{path}: sources[{number}]"
            if not isinstance(entry, dict) or "kind" not in entry:
                raise GeneralCorpusError(f"{where}: expected a mapping with a `kind`")
            options = dict(entry)
            kind = options.pop("kind")
            packages = options.pop("packages", []) or []
            enabled = options.pop("enabled", True)
            if not isinstance(enabled, bool):
                raise GeneralCorpusError(f"{where}: `enabled` must be true or false, got {enabled!r}")
            if not enabled:
                continue
            try:
                sources.append(source_class(kind)(packages, **options))
            except (SourceError, TypeError) as exc:
                raise GeneralCorpusError(f"{where}: {exc}") from None
    return sources


def document_split(origin: Origin, domain: str, heldout_every: int) -> str:
    """The split of a pair by its document (package + file), never by line: test text is unseen as a whole.

    A stable hash of "package/file" modulo heldout_every: 0 is test, 1 is dev, the rest train. The Bible
    domain keeps its chapter rule (data.split.bible_split: the origin's file is the chapter); dictionaries
    (vocabulary) and synthetic pairs (one side machine output, data.sources.bt) are always train.
    """
    if domain == "bible":
        return bible_split(int(origin.file))
    if domain in ("dict", "synthetic"):
        return "train"
    digest = hashlib.sha256(f"{origin.package}/{origin.file}".encode()).digest()
    bucket = int.from_bytes(digest[:8], "big") % heldout_every
    return {0: "test", 1: "dev"}.get(bucket, "train")


def _pairs_cache(source: Source, unpacked: dict[str, Unpacked], cache: Path) -> Path:
    key = json.dumps(
        [PAIRS_CACHE_VERSION, source.describe(), {p: unpacked[p].version for p in source.packages}],
        sort_keys=True,
    )
    return cache / "pairs" / f"{source.kind}-{hashlib.sha256(key.encode()).hexdigest()[:16]}.jsonl"


def read_source(source: Source, unpacked: dict[str, Unpacked], cache: Path) -> list[SourcePair]:
    """A source's raw pairs; read once per package version, then from data/cache/pairs/."""
    path = _pairs_cache(source, unpacked, cache)
    if path.is_file():
        with path.open(encoding="utf-8") as f:
            return [SourcePair(r[0], r[1], Origin.parse(r[2])) for r in map(json.loads, f)]
    roots = {name: unpacked[name].root for name in source.packages}
    pairs = list(tqdm(source.pairs(roots), desc=f"reading {source.kind}", unit=" pairs", delay=2))
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    with tmp.open("w", encoding="utf-8") as f:
        for p in pairs:
            f.write(json.dumps([p.en, p.es, str(p.origin)], ensure_ascii=False) + "\n")
    tmp.replace(path)
    return pairs


def bible_pairs(with_web: bool, sword_dir: Path = SWORD_DIR) -> tuple[list[SourcePair], dict[str, Any]]:
    """KJV-Reina-Valera verse pairs (kind "bible") and, with_web, World English Bible-Reina-Valera pairs
    (kind "bible-web"); the origin's file is the global chapter number, which splits them."""
    bible = read_bible(sword_dir)
    kjv, rv = MODULES["en"], MODULES["es"]
    package = f"{kjv}+{rv}"
    pairs = [
        SourcePair(en.text, es.text, Origin("bible", package, str(en.global_chapter)))
        for en, es in bible.pairs
    ]
    described = {
        "kind": "bible",
        "domain": "bible",
        "modules": {m: module_version(m, sword_dir) for m in (kjv, rv)},
        "licence": "public domain (KJV, Reina-Valera 1909)",
    }
    if with_web:
        web = read_extra("web", bible, sword_dir)
        pairs += [
            SourcePair(
                en.text, es.text, Origin("bible-web", f"{web.module.split()[0]}+{rv}", str(en.global_chapter))
            )
            for en, es in web.pairs
        ]
        described["web"] = {"module": web.module, "licence": "public domain (World English Bible)"}
    return pairs, described


def tatoeba_pairs(path: str | Path) -> tuple[list[Example], list[Example]]:
    """Tatoeba's dev (lines 1-2,000) and test (2,001-10,000) pairs: `eng<TAB>spa<TAB>English<TAB>Spanish`."""
    examples = []
    for number, line in enumerate(read_lines(path), 1):
        fields = line.split("\t")
        if len(fields) != 4:
            raise CorpusError(f"{path}:{number}: expected 4 tab-separated fields, found {len(fields)}")
        examples.append(Example(fields[2], fields[3], Origin("tatoeba", Path(path).name, str(number))))
    return examples[:2000], examples[2000:]


def _capped(examples: list[Example], limit: int, seed: int = 1234) -> list[Example]:
    """At most `limit` examples, whole documents drawn in a seeded order, in corpus order."""
    by_doc: dict[tuple[str, str], list[Example]] = defaultdict(list)
    for ex in examples:
        by_doc[(ex.origin.package, ex.origin.file)].append(ex)
    docs = sorted(by_doc)
    random.Random(seed).shuffle(docs)
    chosen: list[Example] = []
    for doc in docs:
        if len(chosen) >= limit:
            break
        chosen.extend(by_doc[doc][: limit - len(chosen)])
    keep = {id(ex) for ex in chosen}
    return [ex for ex in examples if id(ex) in keep]


def _interleave(groups: list[list[Example]]) -> list[Example]:
    """One list taking from each group in turn, so that any prefix of it mixes every group."""
    out: list[Example] = []
    for i in range(max((len(g) for g in groups), default=0)):
        out.extend(g[i] for g in groups if i < len(g))
    return out


def build(
    sources: list[Source],
    unpacked: dict[str, Unpacked],
    cache: Path,
    bible: list[SourcePair],
    tatoeba: tuple[list[Example], list[Example]] | None,
    rules: Rules,
    heldout_every: int,
    first_names: list[str] | None = None,
    name_swaps: int = 0,
) -> GeneralCorpus:
    """Clean, split and deduplicate every source's pairs into the corpus' splits; with `first_names` and
    `name_swaps` copies per template, add the train pairs of data.names.swap_names."""
    language = LanguageCheck()
    kinds = {s.kind: s.domain for s in sources} | {"bible": "bible", "bible-web": "bible"}
    if first_names and name_swaps:
        kinds |= {"names": "synthetic", "names-bible": "synthetic"}
    drops: dict[str, Counter[str]] = defaultdict(Counter)
    read: Counter[str] = Counter()
    by_split: dict[str, list[Example]] = defaultdict(list)  # "train", "dev-ui", "test-docs", ...

    def add(pairs: Iterable[SourcePair], domain: str, source: Source | None = None) -> None:
        for p in pairs:
            read[p.origin.kind] += 1
            en, es, reason = check_pair(p.en, p.es, domain, rules, language)
            if reason:
                drops[p.origin.kind][reason] += 1
                continue
            pinned = source.pinned_split(p.origin) if source is not None else None
            split = pinned or document_split(p.origin, domain, heldout_every)
            name = split if split == "train" else f"{split}-{domain}"
            if p.origin.kind == "bible-web" and split != "train":
                name = f"{split}-bible-web"
            by_split[name].append(Example(en, es, p.origin))

    for source in sources:
        pairs = read_source(source, unpacked, cache)
        add(tqdm(pairs, desc=f"cleaning {source.kind}", unit=" pairs", delay=2), source.domain, source)
    add(tqdm(bible, desc="cleaning the Bible", unit=" verses", delay=2), "bible")

    splits: dict[str, list[Example]] = {}
    for name in sorted(n for n in by_split if n != "train"):
        limit = MAX_DEV if name.startswith("dev-") else MAX_TEST
        splits[name] = _dedup(by_split[name], drops)
        if not name.endswith(("-bible", "-bible-web")):
            splits[name] = _capped(splits[name], limit)
    if tatoeba is not None:
        splits["dev-tatoeba"], splits["test-tatoeba"] = tatoeba
    held_en = {heldout_key(ex.en) for examples in splits.values() for ex in examples}
    held_es = {heldout_key(ex.es) for examples in splits.values() for ex in examples}
    train = _dedup(by_split["train"], drops)
    if first_names and name_swaps:
        swapped = swap_names(((ex.en, ex.es, ex.origin) for ex in train), first_names, name_swaps, PER_NAME)
        read.update(origin.kind for _, _, origin in swapped)
        train = _dedup(train + [Example(*pair) for pair in swapped], drops)  # a swap may repeat a real pair
    splits["train"] = _unseen(train, held_en, held_es, drops)
    # Training validates on one mixed dev set; any prefix of it (training.eval_sentences) mixes domains.
    splits["dev"] = _interleave([splits[n] for n in sorted(splits) if n.startswith("dev-")])
    return GeneralCorpus(splits, dict(drops), read, [], kinds)


def _unseen(
    examples: list[Example], held_en: set[str], held_es: set[str], drops: dict[str, Counter[str]]
) -> list[Example]:
    """The examples whose sides repeat no held-out sentence (by heldout_key)."""
    out = []
    for ex in examples:
        if heldout_key(ex.en) in held_en or heldout_key(ex.es) in held_es:
            drops[ex.origin.kind][HELDOUT] += 1
        else:
            out.append(ex)
    return out


_WORD = re.compile(r"\w+")


def heldout_key(text: str) -> str:
    """What a train sentence must not share with a held-out one: its words, whatever their case,
    spacing and punctuation ("Aragonese" = "aragonese", "Name:" = "name", "Open…" = "open"). A text with
    no word characters ("%", "...") is its own key, so symbol-only strings do not all collide."""
    words = _WORD.findall(unicodedata.normalize("NFC", text).casefold())
    return " ".join(words) if words else text


def _dedup(examples: list[Example], drops: dict[str, Counter[str]]) -> list[Example]:
    seen: set[tuple[str, str]] = set()
    out = []
    for ex in examples:
        if (ex.en, ex.es) in seen:
            drops[ex.origin.kind][DUPLICATE] += 1
        else:
            seen.add((ex.en, ex.es))
            out.append(ex)
    return out


def fetch_sources(sources: list[Source], cache: Path) -> dict[str, Unpacked]:
    return fetch_all((p for s in sources for p in s.packages), cache)


def describe_sources(sources: list[Source], unpacked: dict[str, Unpacked]) -> list[dict[str, Any]]:
    """What the manifest and model cards list: each source, its packages with versions, its licence."""
    out = []
    for s in sources:
        entry = s.describe()
        entry["packages"] = {p: unpacked[p].version for p in s.packages}
        licences = getattr(s, "licences", None)
        entry["licence"] = licences({p: unpacked[p].root for p in s.packages}) if licences else s.licence
        out.append(entry)
    return out


def side_lines(examples: list[Example], side: str) -> Iterator[str]:
    """The lines of one split file: side "en", "es" or "origin" (kind:package:file)."""
    for ex in examples:
        yield (str(ex.origin) if side == "origin" else getattr(ex, side)) + "\n"
