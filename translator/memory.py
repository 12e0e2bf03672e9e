"""A translation memory that decoding consults at every step (nearest-neighbour machine translation,
Khandelwal et al., "Nearest Neighbor Machine Translation", ICLR 2021).

`training.memory` reads the model's training pairs once more, teacher forced, and keeps for each
target word the decoder's features just before the output layer (the key) and the word itself (the
value), in a compressed faiss index. When decoding, each step looks up the keys nearest to the current
features and turns their words into a distribution (softmax of minus the squared distance over a
temperature); the model's distribution and the memory's are mixed with the memory's weight:

    p(y) = (1 - weight) * p_model(y) + weight * p_memory(y)

A step where the model's most likely word is so likely that no memory could outvote it (`sure`) keeps
the model's distribution and skips the lookup.

On disk (`MEMORY_INDEX`, an .npz of plain arrays read with allow_pickle=False) the index is kept small:
the trained index without its entries (faiss's own serialisation: the coarse centroids, the rotation
and the product quantiser's codebooks), then each inverted list's size, the entries' codes, and their
words as 16-bit numbers where the vocabulary allows. faiss's own file would store each word as a
64-bit id, as many bytes as an 8-byte code.

A small model cannot hold every interface string it was trained on; the memory gives them back, where
the sentence being translated resembles them. The settings (`MemorySettings`), chosen on the dev sets,
and the memory's provenance are in `MEMORY_SETTINGS` beside the index.
"""

from __future__ import annotations

import hashlib
import json
import math
import zipfile
from dataclasses import asdict, dataclass, field, fields
from pathlib import Path
from typing import Any

import numpy as np
import torch
from torch import Tensor

from translator.errors import TranslatorError

MEMORY_INDEX = "memory.npz"
MEMORY_SETTINGS = "memory.json"
FORMAT_VERSION = 2


class TranslationMemoryError(TranslatorError, ValueError):
    """A translation memory that cannot be read, or that does not fit the model."""


@dataclass(frozen=True)
class MemorySettings:
    """How decoding consults the memory, and where the memory came from."""

    neighbours: int = 8  # keys looked up per step
    temperature: float = 20.0  # of the softmax over minus the squared distances
    weight: float = 0.3  # the memory's share of the mixed distribution; 0 turns it off
    probes: int = 8  # inverted lists of the index searched per lookup
    entries: int = 0
    feature_size: int = 0  # the model's emb_dim: the keys' size
    vocab_size: int = 0  # the model's target vocabulary: the values' range
    # Provenance: the corpus and the kinds of source whose pairs were read, with their counts.
    corpus: str = ""
    kinds: dict[str, int] = field(default_factory=dict)
    model_step: int | None = None
    model_weights: str = ""  # weights_fingerprint of the checkpoint the keys were read with
    built: dict[str, Any] = field(default_factory=dict)  # the build's own options (pruning, codes)

    def check(self) -> None:
        if self.neighbours < 1 or self.probes < 1:
            raise TranslationMemoryError(
                f"neighbours and probes must be at least 1, got {self.neighbours} and {self.probes}"
            )
        if self.temperature <= 0:
            raise TranslationMemoryError(f"temperature must be above 0, got {self.temperature}")
        if not 0 <= self.weight <= 1:
            raise TranslationMemoryError(f"weight must be between 0 and 1, got {self.weight}")

    def sure(self) -> float:
        """The probability from which the model's most likely word stays the most likely whatever the
        memory says: at p >= 1 / (2 (1 - weight)) it keeps at least (1 - weight) p >= 1/2 of the mix, and
        any other word at most (1 - weight)(1 - p) + weight <= 1/2. Above 1 (a weight of 0.5 or more),
        no probability is that sure."""
        weight = self.weight
        return math.inf if weight >= 0.5 else 1 / (2 * (1 - weight))

    def to_json(self) -> str:
        return (
            json.dumps({"format_version": FORMAT_VERSION, **asdict(self)}, indent=2, ensure_ascii=False)
            + "\n"
        )

    @classmethod
    def from_json(cls, text: str, where: str) -> MemorySettings:
        try:
            raw = json.loads(text)
        except json.JSONDecodeError as e:
            raise TranslationMemoryError(f"{where}: not JSON ({e})") from None
        if not isinstance(raw, dict) or raw.get("format_version") != FORMAT_VERSION:
            raise TranslationMemoryError(
                f"{where}: not a translation memory's settings (format_version {FORMAT_VERSION})"
            )
        known = {f.name for f in fields(cls)}
        unknown = sorted(set(raw) - known - {"format_version"})
        if unknown:
            raise TranslationMemoryError(f"{where}: unknown settings {', '.join(unknown)}")
        try:
            settings = cls(**{k: v for k, v in raw.items() if k in known})
        except TypeError as e:
            raise TranslationMemoryError(f"{where}: {e}") from None
        settings.check()
        return settings


def weights_fingerprint(model_state: dict[str, Tensor]) -> str:
    """A short hash of a checkpoint's weights as stored (names, dtypes and values): the memory records the
    model it was read with, and a model with other weights refuses it."""
    digest = hashlib.sha256()
    for name in sorted(model_state):
        tensor = model_state[name].detach().cpu().contiguous()
        digest.update(f"{name}:{tensor.dtype}:{tuple(tensor.shape)};".encode())
        digest.update(tensor.view(torch.uint8).numpy().tobytes() if tensor.numel() else b"")
    return digest.hexdigest()[:16]


def _faiss() -> Any:
    import faiss  # imported here: a model without a memory does not need it

    return faiss


def _pack(index: Any) -> dict[str, np.ndarray]:
    """An inverted-file index as plain arrays (see the module's docstring): `shell`, `sizes`, `codes`,
    `words`."""
    faiss = _faiss()
    ivf = faiss.extract_index_ivf(index)
    lists = ivf.invlists
    sizes = np.array([lists.list_size(i) for i in range(ivf.nlist)], dtype=np.int64)
    codes, ids = [np.zeros(0, np.uint8)], [np.zeros(0, np.int64)]
    for i in np.flatnonzero(sizes).tolist():
        n = int(sizes[i])
        codes.append(faiss.rev_swig_ptr(lists.get_codes(i), n * lists.code_size).copy())
        ids.append(faiss.rev_swig_ptr(lists.get_ids(i), n).copy())
    words = np.concatenate(ids)
    shell = faiss.clone_index(index)
    shell.reset()
    return {
        "shell": faiss.serialize_index(shell),
        "sizes": sizes,
        "codes": np.concatenate(codes),
        "words": words.astype(np.uint16 if words.size == 0 or words.max() < 2**16 else np.int64),
    }


def _unpack(path: Path) -> Any:
    """The index `_pack` wrote into `path`; TranslationMemoryError where the file is not one."""
    faiss = _faiss()
    try:
        with np.load(path, allow_pickle=False) as saved:
            arrays = {name: saved[name] for name in ("shell", "sizes", "codes", "words")}
    except (OSError, ValueError, KeyError, zipfile.BadZipFile) as e:
        raise TranslationMemoryError(f"{path}: not a translation memory's index ({e})") from None
    try:
        index = faiss.deserialize_index(np.ascontiguousarray(arrays["shell"], dtype=np.uint8))
        ivf = faiss.extract_index_ivf(index)
    except RuntimeError as e:
        raise TranslationMemoryError(f"{path}: not a faiss index ({str(e).splitlines()[0]})") from None
    sizes, codes = arrays["sizes"].astype(np.int64), np.ascontiguousarray(arrays["codes"], dtype=np.uint8)
    words = np.ascontiguousarray(arrays["words"], dtype=np.int64)
    total = int(sizes.sum()) if sizes.size else 0
    code_size = ivf.invlists.code_size
    if len(sizes) != ivf.nlist or (sizes < 0).any() or len(words) != total or len(codes) != total * code_size:
        raise TranslationMemoryError(
            f"{path}: {len(sizes)} lists, {len(words)} words and {len(codes)} code bytes do not fit an "
            f"index of {ivf.nlist} lists with {code_size}-byte codes"
        )
    start = 0
    for i in np.flatnonzero(sizes).tolist():
        n = int(sizes[i])
        ivf.invlists.add_entries(
            i,
            n,
            faiss.swig_ptr(words[start : start + n]),
            faiss.swig_ptr(codes[start * code_size : (start + n) * code_size]),
        )
        start += n
    ivf.ntotal = total
    index.ntotal = total
    return index


class TranslationMemory:
    """A faiss index whose ids are target word ids, and how to consult it (`mix`)."""

    def __init__(self, index: Any, settings: MemorySettings) -> None:
        settings.check()
        if index.d != settings.feature_size:
            raise TranslationMemoryError(
                f"the index's keys have {index.d} values, the settings say {settings.feature_size}"
            )
        self.index = index
        self.settings = settings
        # An inverted file, or one inside a transform (a rotation before the product quantiser)
        ivf = index if hasattr(index, "nprobe") else _faiss().extract_index_ivf(index)
        ivf.nprobe = settings.probes

    @classmethod
    def read(cls, directory: str | Path) -> TranslationMemory | None:
        """The memory in a model directory (`MEMORY_INDEX` and `MEMORY_SETTINGS`), None where it has none;
        TranslationMemoryError where one of the two files is missing or cannot be read."""
        directory = Path(directory)
        index_file, settings_file = directory / MEMORY_INDEX, directory / MEMORY_SETTINGS
        if not index_file.exists() and not settings_file.exists():
            return None
        for needed in (index_file, settings_file):
            if not needed.is_file():
                raise TranslationMemoryError(
                    f"{needed}: missing (a memory needs {MEMORY_INDEX} and {MEMORY_SETTINGS})"
                )
        settings = MemorySettings.from_json(settings_file.read_text(encoding="utf-8"), str(settings_file))
        index = _unpack(index_file)
        if index.ntotal != settings.entries:
            raise TranslationMemoryError(
                f"{index_file}: {index.ntotal} entries, its settings say {settings.entries}"
            )
        return cls(index, settings)

    def write(self, directory: str | Path) -> None:
        directory = Path(directory)
        directory.mkdir(parents=True, exist_ok=True)
        arrays: dict[str, Any] = _pack(self.index)
        np.savez_compressed(directory / MEMORY_INDEX, **arrays)
        (directory / MEMORY_SETTINGS).write_text(self.settings.to_json(), encoding="utf-8")

    def fits(self, feature_size: int, vocab_size: int, weights: str) -> None:
        """TranslationMemoryError unless the memory was built for a model with these sizes and these
        weights (`weights_fingerprint`; a memory that records none is checked on its sizes only)."""
        s = self.settings
        if (s.feature_size, s.vocab_size) != (feature_size, vocab_size):
            raise TranslationMemoryError(
                f"the memory was built for features of {s.feature_size} and {s.vocab_size} words; "
                f"this model has {feature_size} and {vocab_size}"
            )
        if s.model_weights and s.model_weights != weights:
            raise TranslationMemoryError(
                f"the memory was read with other weights (fingerprint {s.model_weights}, this model's "
                f"{weights}): build it again with python -m training.memory"
            )

    def distribution(self, features: Tensor, vocab_size: int) -> Tensor:
        """(batch, vocab): the memory's next-word distribution for each row of `features` (batch, keys)."""
        s = self.settings
        _faiss().omp_set_num_threads(max(1, torch.get_num_threads()))
        queries = np.ascontiguousarray(features.detach().float().cpu().numpy())
        distances, ids = self.index.search(queries, s.neighbours)
        distances = torch.from_numpy(distances)
        ids = torch.from_numpy(ids)
        found = ids >= 0  # faiss pads with -1 where the probed lists hold fewer than `neighbours`
        scores = torch.where(found, -distances / s.temperature, torch.tensor(float("-inf")))
        weights = torch.softmax(scores, dim=-1).nan_to_num(0.0)  # a row with nothing found: all zero
        probs = torch.zeros(len(queries), vocab_size)
        probs.scatter_add_(1, ids.clamp(min=0), weights * found)
        return probs

    def mix(self, log_probs: Tensor, features: Tensor) -> Tensor:
        """The model's log-probabilities (batch, vocab) mixed with the memory's distribution, for the
        rows (`features`: (batch, keys)) where the memory could change the most likely word. A row whose
        most likely word the model gives `MemorySettings.sure()` or more keeps the model's distribution
        without a lookup (greedy search writes what it would with one; the search is the memory's cost),
        and so does a row for which the memory found nothing."""
        weight = self.settings.weight
        if weight == 0:
            return log_probs
        unsure = (log_probs.max(dim=-1).values < math.log(self.settings.sure())).nonzero().squeeze(1)
        if unsure.numel() == 0:
            return log_probs
        memory = self.distribution(features[unsure], log_probs.size(-1)).to(log_probs.device)
        model = log_probs[unsure].exp()
        empty = memory.sum(dim=-1, keepdim=True) == 0
        mixed = (1 - weight) * model + weight * torch.where(empty, model, memory)
        out = log_probs.clone()
        out[unsure] = mixed.clamp_min(torch.finfo(mixed.dtype).tiny).log()
        return out
