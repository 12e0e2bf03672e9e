"""More English for the Bible corpus: another English translation paired with the same Spanish verses.

`data.extra_train: [web]` adds the World English Bible (public domain, Debian sword-text-web, module
engWEB2015eb), a modern English translation, so that the model also learns plain modern English and not
only the King James Version's. Each WEB verse is paired with the Reina-Valera verse of the same key: the
train chapters' pairs join the train split; the test chapters' pairs are an evaluation split of their
own (`test-web`); dev and test stay KJV -> Reina-Valera.

The WEB module is in the NRSVA versification; `data.sword.read_keyed` reads it under the KJV's verse
keys (book, chapter, verse). For the 66 books the NRSVA differs from the KJV only in having 3 John 1:15
and Revelation 12:18, which the WEB leaves empty (it divides those verses like the KJV); verses with text
under no KJV key would be counted as `outside_kjv_keys`. A WEB verse is paired only where the KJV verse
of its key is (the KJV and the Reina-Valera were aligned first, `data.align`), and then only if it

- has text (`empty` otherwise: the WEB omits Acts 8:37 and moves Romans 16:25-27 after 14:23, ...);
- is aligned with the KJV verse (`misaligned` otherwise): the length alignment that finds where the two
  Bibles divide verses differently (`data.align.align_verses`), now run between the two English texts,
  pairs it with the KJV verse of its key. It leaves out whole stretches near a difference, such as
  Romans 16:17-24 before the moved verses;
- says about as much as the KJV verse (`length_vs_kjv` otherwise): the ratio of their lengths is within
  MAX_COST typical deviations of the typical ratio. Where it is not, one of the two has words the other
  has not: the KJV's subscriptions to the epistles (which the Reina-Valera has too), the verses the WEB
  appends to Romans 14:23, textual variants such as 1 John 5:7.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from data.align import Alignment, LengthModel, align_verses
from data.sword import SWORD_DIR, Verse, module_version, read_keyed

# The translations data.extra_train can name, and their SWORD modules.
TRANSLATIONS = {"web": "engWEB2015eb"}
# Drop reasons, as counted in manifest.json.
EMPTY = "empty"
MISALIGNED = "misaligned"
LENGTH = "length_vs_kjv"
UNKEYED = "outside_kjv_keys"
# How atypical the length ratio of a WEB verse to its KJV verse may be, in typical deviations (of about
# 7% in length). The most atypical WEB verses that still say what the KJV verse says are in genealogies
# ("Obed became the father of Jesse" for "Obed begat Jesse"), up to 8.6; the shortest subscription, at
# Philemon 1:25, is 9.0.
MAX_COST = 8.8


@dataclass
class Extra:
    name: str  # as in data.extra_train: "web"
    module: str  # the SWORD module and its version: "engWEB2015eb 426.0"
    pairs: list[tuple[Verse, Verse]]  # (this translation's verse, the Spanish verse), in canonical order
    drops: Counter[str]  # verses left out, by reason


def evaluation_split(name: str) -> str:
    """The evaluation split of an extra translation's test chapters: "test-web"."""
    return f"test-{name}"


def read_extra(name: str, bible: Alignment, sword_dir: Path = SWORD_DIR) -> Extra:
    """An extra English translation's verses paired with the Spanish verses of `bible`, the English-Spanish
    alignment of data.align.read_bible, where they say what its English verses say."""
    module = TRANSLATIONS[name]
    read = read_keyed(module, sword_dir)
    by_key = {_key(verse): verse for verse in read.verses}
    kjv = [en for en, _ in bible.pairs]
    other = [by_key[_key(en)] for en in kjv]
    aligned = {_key(verse) for _, verse in align_verses(kjv, other).pairs}
    model = LengthModel.fit(zip(kjv, other, strict=True))
    drops = Counter({EMPTY: 0, MISALIGNED: 0, LENGTH: 0, UNKEYED: read.unkeyed})
    pairs = []
    for (en, es), verse in zip(bible.pairs, other, strict=True):
        if not verse.text:
            drops[EMPTY] += 1
        elif _key(verse) not in aligned:
            drops[MISALIGNED] += 1
        elif model is not None and en.text and model.cost(len(en.text), len(verse.text)) > MAX_COST:
            drops[LENGTH] += 1
        else:
            pairs.append((verse, es))
    return Extra(name, f"{module} {module_version(module, sword_dir)}", pairs, drops)


def _key(verse: Verse) -> tuple[int, int, int]:
    return verse.book, verse.chapter, verse.verse
