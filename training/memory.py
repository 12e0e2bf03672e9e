"""Build a model's translation memory (`translator.memory`) from its training pairs.

    python -m training.memory --model models/en-es --data-dir data/prepared/general-prose --out models/en-es

The model reads each training pair once more, teacher forced, and every target word becomes an entry:
the decoder's features before the output layer (the key) and the word (the value). A word the model
already gives a probability of `--keep-below` or more adds nothing the model lacks and is left out, and
so is one it gives less than `--keep-above` (mostly pairs that are not translations of each other, or
words that only a wider context explains: on the dev sets they did not help). The rest go into a faiss
inverted-file index with product-quantised keys (`--lists`, `--code-bytes`, `--code-bits`, and
`--rotate` for a learnt rotation first, OPQ), whose ids are the words. The index and its settings
(`memory.npz`, `memory.json`) are written into `--out`, where `Translator.load` finds them beside
model.pt. Kinds of source named by `--exclude` (by default
the Bible, whose style has its own domain tag, and the synthetic back-translations) are not read.

`--keys FILE.npz` keeps the entries under `--keep-below` (keys, words, probabilities), and reads them back
on a later run with the same file, so that another index (other `--keep-above`, `--lists` or codes) takes
minutes, not a pass over the
corpus.
"""

from __future__ import annotations

import argparse
import logging
import time
from collections import Counter
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import torch
from tqdm import tqdm

from training.batching import collate
from training.corpus import read_train
from translator.checkpoint import load_checkpoint, resolve_model_file
from translator.errors import TranslatorError, cli_error
from translator.facade import Translator
from translator.memory import (
    MEMORY_INDEX,
    MemorySettings,
    TranslationMemory,
    TranslationMemoryError,
    weights_fingerprint,
)
from translator.tokenizer import PAD_ID

log = logging.getLogger("training.memory")

DEFAULT_EXCLUDE = ("bible", "bible-web", "names-bible", "bt-en", "bt-es")
MAX_SUBWORDS = 200  # longer pairs are left out (the service cuts sentences at 100)


def read_pairs(
    data_dir: Path, src_lang: str, tgt_lang: str, exclude: Sequence[str], limit: int | None = None
) -> tuple[list[str], list[str], list[str]]:
    """(sources, targets, kinds) of the training pairs whose kind (the `.origin` line's first field) is
    not excluded, the first `limit` of them where given."""
    kept: tuple[list[str], list[str], list[str]] = ([], [], [])
    for source, target, origin in zip(*read_train(data_dir, src_lang, tgt_lang), strict=True):
        kind = origin.split(":", 1)[0].strip()
        if kind in exclude:
            continue
        for side, value in zip(kept, (source, target, kind), strict=True):
            side.append(value)
        if limit is not None and len(kept[0]) >= limit:
            break
    return kept


def extract_entries(
    translator: Translator,
    sources: list[str],
    targets: list[str],
    keep_below: float,
    batch_tokens: int = 12000,
    precision: str = "bf16",
    progress: bool = True,
) -> tuple[np.ndarray, np.ndarray, np.ndarray, int]:
    """Teacher-forced keys (float16, (n, emb_dim)) and words (int32) of the target words the model gives a
    probability under `keep_below`, the probabilities (float16), and how many words were read in all."""
    model = translator.model.eval()
    src_ids = translator.tokenizer.encode_src(sources)
    tgt_ids = translator.tokenizer.encode_tgt(targets)
    rows = [
        i for i in range(len(src_ids)) if len(src_ids[i]) <= MAX_SUBWORDS and len(tgt_ids[i]) < MAX_SUBWORDS
    ]
    rows.sort(key=lambda i: (len(tgt_ids[i]), len(src_ids[i])))
    batches: list[list[int]] = [[]]
    size = 0
    for i in rows:
        if batches[-1] and size + len(src_ids[i]) + len(tgt_ids[i]) > batch_tokens:
            batches.append([])
            size = 0
        batches[-1].append(i)
        size += len(src_ids[i]) + len(tgt_ids[i])
    keys: list[np.ndarray] = []
    words: list[np.ndarray] = []
    probs: list[np.ndarray] = []
    read = 0
    autocast = torch.autocast("cpu", dtype=torch.bfloat16, enabled=precision == "bf16")
    with (
        torch.inference_mode(),
        autocast,
        tqdm(total=len(rows), unit="pair", desc="reading", disable=not progress) as bar,
    ):
        for batch in batches:
            if not batch:
                continue
            b = collate([(src_ids[i], tgt_ids[i]) for i in batch])
            state = model.encode(b.src.to(translator.device), b.src_lengths)
            features, _, _ = model.decoder.features(b.tgt_in.to(translator.device), state)
            log_probs = torch.log_softmax(model.decoder.output(features).float(), dim=-1)
            gold = b.tgt_out.to(translator.device)
            p = log_probs.gather(-1, gold.unsqueeze(-1)).squeeze(-1).exp()
            keep = (gold != PAD_ID) & (p < keep_below)
            read += int((gold != PAD_ID).sum())
            keys.append(features[keep].float().cpu().numpy().astype(np.float16))
            words.append(gold[keep].cpu().numpy().astype(np.int32))
            probs.append(p[keep].float().cpu().numpy().astype(np.float16))
            bar.update(len(batch))
    width = model.cfg.emb_dim
    return (
        np.concatenate(keys) if keys else np.zeros((0, width), np.float16),
        np.concatenate(words) if words else np.zeros(0, np.int32),
        np.concatenate(probs) if probs else np.zeros(0, np.float16),
        read,
    )


# Fewer entries than this are kept whole (IndexIVFFlat): product quantisation trains up to 256 centroids
# per sub-vector, and faiss's k-means wants some 40 training keys per centroid.
MIN_QUANTISED = 256 * 40


def index_factory(dim: int, entries: int, lists: int, code_bytes: int, code_bits: int, rotate: bool) -> str:
    """The faiss index_factory string of the memory's index: `lists` inverted lists (capped so that each
    has some 40 training keys), keys product-quantised to `code_bytes` bytes of `code_bits`-bit codes,
    after a learnt rotation (OPQ) with `rotate`; kept whole under MIN_QUANTISED entries."""
    if entries == 0:
        raise TranslationMemoryError(
            "no entries to index: every word was left out (widen --keep-above/--keep-below)"
        )
    if code_bits not in (4, 8):
        raise TranslationMemoryError(f"--code-bits must be 4 or 8, got {code_bits}")
    subquantizers = code_bytes * 8 // code_bits
    if code_bytes < 1 or dim % subquantizers:
        raise TranslationMemoryError(
            f"--code-bytes {code_bytes} of {code_bits}-bit codes make {subquantizers} sub-vectors, "
            f"which must divide the key size {dim}"
        )
    lists = max(1, min(lists, entries // 40))
    if entries < MIN_QUANTISED:
        return f"IVF{lists},Flat"
    return f"{f'OPQ{subquantizers},' if rotate else ''}IVF{lists},PQ{subquantizers}x{code_bits}"


def build_index(
    keys: np.ndarray,
    words: np.ndarray,
    lists: int,
    code_bytes: int,
    code_bits: int = 8,
    rotate: bool = False,
    seed: int = 0,
    progress: bool = True,
):
    """A faiss inverted-file index of the keys whose ids are the words (see `index_factory`)."""
    import faiss

    factory = index_factory(keys.shape[1], len(keys), lists, code_bytes, code_bits, rotate)
    index = faiss.index_factory(keys.shape[1], factory)
    lists = faiss.extract_index_ivf(index).nlist
    rng = np.random.default_rng(seed)
    sample = rng.choice(len(keys), size=min(len(keys), max(100_000, 64 * lists)), replace=False)
    log.info("training %s on %d keys", factory, len(sample))
    index.train(np.asarray(keys[np.sort(sample)], dtype=np.float32))
    chunk = 200_000
    for start in tqdm(range(0, len(keys), chunk), unit="chunk", desc="indexing", disable=not progress):
        index.add_with_ids(
            np.asarray(keys[start : start + chunk], dtype=np.float32),
            words[start : start + chunk].astype(np.int64),
        )
    return index


def main(argv: Sequence[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m training.memory", description=__doc__.splitlines()[0])
    p.add_argument(
        "--model", required=True, help="model directory or checkpoint whose decoder gives the keys"
    )
    p.add_argument("--data-dir", required=True, type=Path, help="prepared corpus (train.{origin,src,tgt})")
    p.add_argument(
        "--out", required=True, type=Path, help="directory to write memory.npz and memory.json into"
    )
    p.add_argument(
        "--exclude", default=",".join(DEFAULT_EXCLUDE), help="kinds of source not read (comma-separated)"
    )
    p.add_argument(
        "--keep-below", type=float, default=0.5, help="keep words the model gives less probability than this"
    )
    p.add_argument(
        "--keep-above",
        type=float,
        default=0.02,
        help="and leave out words the model gives less probability than this",
    )
    p.add_argument("--lists", type=int, default=4096, help="inverted lists of the index")
    p.add_argument("--code-bytes", type=int, default=16, help="bytes per key in the index")
    p.add_argument(
        "--code-bits",
        type=int,
        choices=(4, 8),
        default=8,
        help="bits per sub-vector code (16 or 256 centroids)",
    )
    p.add_argument(
        "--rotate",
        action=argparse.BooleanOptionalAction,
        default=False,
        help="learn a rotation of the keys before quantising them (OPQ)",
    )
    # The decoding settings' defaults are MemorySettings', the one place they are kept.
    p.add_argument("--neighbours", type=int, default=MemorySettings.neighbours)
    p.add_argument("--temperature", type=float, default=MemorySettings.temperature)
    p.add_argument(
        "--weight",
        type=float,
        default=MemorySettings.weight,
        help="the memory's share when decoding (0 turns it off)",
    )
    p.add_argument(
        "--probes", type=int, default=MemorySettings.probes, help="inverted lists searched per lookup"
    )
    p.add_argument(
        "--keys",
        type=Path,
        help="an .npz of the keys, words and probabilities under --keep-below: read if there, else written",
    )
    p.add_argument(
        "--precision", choices=("bf16", "fp32"), default="bf16", help="of the pass over the corpus (CPU)"
    )
    p.add_argument("--batch-tokens", type=int, default=12000)
    p.add_argument("--limit", type=int, help="read only the first N pairs kept (smoke runs)")
    p.add_argument("--quiet", action="store_true", help="no progress bars")
    args = p.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s: %(message)s")
    try:
        if not 0 <= args.keep_above < args.keep_below <= 1:
            raise TranslationMemoryError(
                f"--keep-above and --keep-below must make 0 <= above < below <= 1, got "
                f"{args.keep_above} and {args.keep_below}"
            )
        settings = MemorySettings(args.neighbours, args.temperature, args.weight, args.probes)
        settings.check()
        translator = Translator.load(args.model, device="cpu", lexicon=False, memory=False, warm_up=False)
        exclude = tuple(k.strip() for k in args.exclude.split(",") if k.strip())
        started = time.time()
        sources, targets, kinds = read_pairs(
            args.data_dir, translator.src_lang, translator.tgt_lang, exclude, args.limit
        )
        if args.keys is not None and args.keys.is_file():
            with np.load(args.keys, allow_pickle=False) as saved:
                keys, words, probs = saved["keys"], saved["words"], saved["probs"]
                read, cached_below = int(saved["read"]), float(saved["keep_below"])
            log.info("%s: %d entries of %d words", args.keys, len(words), read)
            if cached_below < args.keep_below:
                raise TranslationMemoryError(
                    f"{args.keys} holds the words under {cached_below:g}, not all under --keep-below "
                    f"{args.keep_below:g}: write it again (another --keys file)"
                )
        else:
            keys, words, probs, read = extract_entries(
                translator,
                sources,
                targets,
                args.keep_below,
                args.batch_tokens,
                args.precision,
                not args.quiet,
            )
            if args.keys is not None:
                np.savez(
                    args.keys,
                    keys=keys,
                    words=words,
                    probs=probs,
                    read=np.array(read),
                    keep_below=np.array(args.keep_below),
                )
        kept = np.flatnonzero((probs >= args.keep_above) & (probs < args.keep_below))
        keys, words = keys[kept], words[kept]
        log.info(
            "%d pairs, %d target words, %d kept (probability from %g to under %g)",
            len(sources),
            read,
            len(words),
            args.keep_above,
            args.keep_below,
        )
        index = build_index(
            keys, words, args.lists, args.code_bytes, args.code_bits, args.rotate, progress=not args.quiet
        )
        cfg = translator.model.cfg
        settings = MemorySettings(
            args.neighbours,
            args.temperature,
            args.weight,
            args.probes,
            entries=int(index.ntotal),
            feature_size=cfg.emb_dim,
            vocab_size=cfg.tgt_vocab_size,
            corpus=str(args.data_dir),
            kinds=dict(sorted(Counter(kinds).items(), key=lambda kv: -kv[1])),
            model_step=translator.metadata.get("step"),
            model_weights=weights_fingerprint(load_checkpoint(resolve_model_file(args.model)).model_state),
            built={
                "keep_above": args.keep_above,
                "keep_below": args.keep_below,
                "index": index_factory(
                    cfg.emb_dim, len(words), args.lists, args.code_bytes, args.code_bits, args.rotate
                ),
                "code_bytes": args.code_bytes,
                "words_read": read,
                "excluded": list(exclude),
                "precision": args.precision,
                "seconds": round(time.time() - started),
            },
        )
        TranslationMemory(index, settings).write(args.out)
        log.info("wrote %s/%s (%d entries)", args.out, MEMORY_INDEX, index.ntotal)
    except TranslatorError as exc:
        return cli_error(exc)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
