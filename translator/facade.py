"""`Translator`: load a model directory once, translate lists of strings."""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

import torch

from translator.checkpoint import Checkpoint, build_model, load_checkpoint, resolve_model_file
from translator.compiled import compile_model
from translator.config import Config, Decode
from translator.dates import read_centuries, repair_numerals, weekday_entries
from translator.decoding import DecodeOptions, DecodingError, ResolvedOptions
from translator.euphony import fix_euphony
from translator.lexicon import CAPITALISING, Lexicon, lexicon_beside
from translator.memory import (
    MEMORY_INDEX,
    MEMORY_SETTINGS,
    TranslationMemory,
    TranslationMemoryError,
    weights_fingerprint,
)
from translator.model import EncoderDecoder
from translator.morphology import deriver
from translator.precision import apply_precision, resolve_precision
from translator.protect import repair_spans
from translator.repetition import drop_repeats
from translator.search import Abandoned, Hypothesis, beam_search, greedy
from translator.segment import DEFAULT_MAX_SENTENCE_SUBWORDS, Segmented, segment_texts
from translator.tokenizer import BOS_ID, PAD_ID, Tokenizer
from translator.typed import (
    SPELLINGS_FILE,
    Typed,
    apostrophes_like,
    capital_like,
    read_spellings,
    read_typed,
)
from translator.weather import dummy_it


@dataclass
class Alternative:
    text: str
    score: float  # log P(y|x) / L^alpha
    log_prob: float


@dataclass
class Attention:
    source_tokens: list[str]  # subwords, then </s>
    target_tokens: list[str]  # subwords, then </s>
    weights: list[list[float]]  # (target_tokens, source_tokens), each row sums to 1


@dataclass
class Translation:
    text: str
    score: float
    log_prob: float
    n_best: list[Alternative] = field(default_factory=list)  # best first; n_best[0] is this translation
    attention: Attention | None = None
    # `text` as the model wrote it, without the lexicon fallback (spans and euphony repaired alike):
    # `text` itself where no lexicon was applied; None where it was not kept (the service's joined
    # sentences).
    own_text: str | None = None


def pick_device(device: str | None = None) -> torch.device:
    if device in (None, "auto"):
        return torch.device("cuda" if torch.cuda.is_available() else "cpu")
    return torch.device(device)


def _memory(memory: str | Path | bool, model_file: Path, checkpoint: Checkpoint) -> TranslationMemory | None:
    """The translation memory `Translator.load` was asked for, checked against the model's sizes and
    weights."""
    if memory is False:
        return None
    found = TranslationMemory.read(model_file.parent if memory is True else Path(memory))
    if found is None and memory is not True:
        raise TranslationMemoryError(
            f"{memory}: no translation memory there ({MEMORY_INDEX}, {MEMORY_SETTINGS})"
        )
    if found is not None:
        cfg = checkpoint.config.model
        found.fits(cfg.emb_dim, cfg.tgt_vocab_size, weights_fingerprint(checkpoint.model_state))
    return found


def length_batches(lengths: list[int], max_tokens: int) -> list[list[int]]:
    """Group indices by length so that each batch's padded size (count x longest) fits max_tokens.

    Sorting first keeps padding low; a sentence longer than max_tokens gets a batch of its own.
    """
    order = sorted(range(len(lengths)), key=lambda i: lengths[i])
    batches: list[list[int]] = []
    current: list[int] = []
    for i in order:
        if current and (len(current) + 1) * lengths[i] > max_tokens:
            batches.append(current)
            current = []
        current.append(i)
    if current:
        batches.append(current)
    return batches


def _per_text(choice: Any, n: int, name: str) -> list:
    """One choice for each of n texts: a single bool, str or None for all of them, or a sequence of n."""
    if choice is None or isinstance(choice, bool | str):
        return [choice] * n
    if len(choice) != n:
        raise ValueError(f"{name}: {len(choice)} choices for {n} texts")
    return list(choice)


@dataclass
class Invented:
    """A translation with words the model invented or the source does not account for (`Lexicon.suspects`),
    and what replacing them needs."""

    translation: Translation
    source: str
    src: list[int]  # the source's ids
    best: Hypothesis  # the search's best hypothesis: `translation`'s tokens
    lexicon: Lexicon
    words: list[str]  # the invented and unaccounted-for words
    unrepaired: str  # the best text after the lexicon's replacements, before `Translator.repaired`
    domain: str | None


# Source kinds whose text is machine-made (data: tagged back- and forward translation); their tags are no
# domain a request can ask for.
SYNTHETIC_KIND_PREFIX = "bt-"
# Outputs aligned in one teacher-forced pass when invented words are looked up (`Translator.alignments`).
ALIGN_BATCH = 64


class Translator:
    def __init__(
        self,
        model: EncoderDecoder,
        tokenizer: Tokenizer,
        config: Config,
        metadata: dict,
        precision: str = "fp32",
        lexicon: Lexicon | None = None,
        spellings: dict[str, str] | None = None,
    ) -> None:
        self.model = model
        self.tokenizer = tokenizer
        self.config = config
        self.metadata = metadata
        self.precision = precision
        if lexicon is not None and lexicon.derive is None:
            # inflected forms of the lemmas it holds (`translator.morphology`), for the pairs that have them
            derive = deriver(config.data.src_lang, config.data.tgt_lang, lexicon.entries)
            lexicon = dataclasses.replace(lexicon, derive=derive) if derive else lexicon
        if lexicon is not None:
            # the days of the week, which lexicons built from the corpus's dictionaries may lack
            # (`translator.dates.weekday_entries`); the lexicon's own entries win
            days = weekday_entries(config.data.src_lang, config.data.tgt_lang)
            missing = {key: day for key, day in days.items() if key not in lexicon.entries}
            if missing:
                lexicon = dataclasses.replace(lexicon, entries={**lexicon.entries, **missing})
        if lexicon is not None and config.data.src_lang in CAPITALISING:
            lexicon = dataclasses.replace(lexicon, capitalised_common=True)
        self.lexicon = lexicon  # `translator.lexicon`: the fallback for words the model copied
        # `translator.protect.repair_spans` on every output: URLs, addresses and placeholders the model
        # altered put back as the source has them. Off only to measure the model's own output (bench).
        self.repair_spans = True
        # `translator.dates.repair_numerals` on every output: the source's dates and centuries that the
        # model garbled written as the target language writes them ("el 14 de febrero 14, 1896" ->
        # "el 14 de febrero de 1896"); and `read_centuries` on every source: Spanish centuries in Roman
        # numerals read in digits ("siglo XIX" -> "siglo 19"), as the model learned them.
        self.repair_numerals = True
        # `translator.euphony.fix_euphony` on every output of general text (no domain): English "a"/"an"
        # and Spanish "y"/"e", "o"/"u" fitted to the word after them.
        self.repair_euphony = True
        # `translator.repetition.drop_repeats` on every output: words the model wrote twice, written once
        # where the source says them once ("Propiedades del texto de texto" -> "Propiedades del texto").
        self.repair_repeats = True
        # `translator.weather.dummy_it` on every Spanish-to-English output: the pronoun the model gave a
        # weather verb made "it" ("Está lloviendo": "He is raining" -> "It is raining").
        self.repair_weather = True
        # `translator.typed.capital_like` on every output: a source that starts with a capital gets a
        # translation that does ("Orange" gave "naranja", now "Naranja").
        self.repair_capital = True
        # `translator.typed.apostrophes_like` on every output of general text (no domain): the apostrophes
        # inside words written as the source writes its marks ("That’s" for a keyboard's "That's").
        self.repair_apostrophes = True
        # `translator.agreement.agree` on every output, where the lexicon has a gender table: determiners
        # made to agree with the noun after them ("un taza" -> "una taza").
        self.repair_agreement = True
        # `translator.typed.read_typed` on every source: shouting read in sentence case (the translation
        # written in capitals), accents, apostrophes and Spanish opening marks put back (`spellings`:
        # spellings.tsv).
        self.read_typed = True
        self.spellings = spellings
        self.device = next(model.parameters()).device  # int8 models keep float embeddings

    @classmethod
    def load(
        cls,
        path: str | Path,
        device: str | None = None,
        precision: str = "auto",
        compile: bool = False,
        warm_up: bool = True,
        lexicon: str | Path | bool = True,
        memory: str | Path | bool = True,
    ) -> Translator:
        """path: a model directory (model.pt), a run directory (best.pt) or a checkpoint file.

        lexicon: True takes the `lexicon.tsv` beside the model file when there is one
        (`translator.lexicon`), False none, a path that file; LexiconError when it cannot be read.

        precision: auto (fp16 on CUDA, fp32 on the CPU), fp32, fp16, bf16 or int8 (CPU); see
        `translator.precision`. PrecisionError when it cannot run on the device.
        compile: fuse the attention and the gate updates with torch.compile (`translator.compiled`):
        faster decoding, after seconds of compilation (cached on disk after), done here by
        `warm_up` unless warm_up=False.

        memory: True consults the translation memory beside the model file when there is one
        (`translator.memory`), False none, a path the directory that holds one; TranslationMemoryError when it
        cannot be read or was built for another model."""
        target = pick_device(device)
        precision = resolve_precision(precision, target)
        model_file = resolve_model_file(path)
        if lexicon is True:
            words = lexicon_beside(model_file)
        else:
            words = Lexicon.read(lexicon) if lexicon else None
        checkpoint = load_checkpoint(model_file)
        model = apply_precision(build_model(checkpoint, target), precision)
        model.decoder.tabulate()
        model.translation_memory = _memory(memory, model_file, checkpoint)
        metadata = {"path": str(checkpoint.path), "step": checkpoint.step, "metrics": checkpoint.metrics}
        spellings_file = model_file.parent / SPELLINGS_FILE
        spellings = read_spellings(spellings_file) if spellings_file.is_file() else None
        translator = cls(
            model, checkpoint.tokenizer, checkpoint.config, metadata, precision, words, spellings
        )
        if compile:
            compile_model(model)
            if warm_up:
                translator.warm_up()
        return translator

    def warm_up(self) -> None:
        """Compile now, not on the first request. Compiled code is made apart for one row and for
        several, and for each intra-op thread count (torch.compile guards on it), so call this on
        the thread that will translate, after setting its thread count."""
        self.translate(["warm-up"], decode="greedy")
        self.translate(["warm-up", "warm-up"], decode="greedy")

    @cached_property
    def domains(self) -> dict[str, str]:
        """The domains a translation may ask for (`translate(domain=...)`), each with the tag training put
        before that domain's sources (`training.source_tags`): {"bible": "<bible>"} for the shipped
        models. Tags of synthetic kinds (`bt-*`, tagged back-translation) say how a source was made, not
        what it is about, and are no domain."""
        return {
            tag.strip("<>"): tag
            for kind, tag in self.config.training.source_tags.items()
            if not kind.startswith(SYNTHETIC_KIND_PREFIX)
        }

    def check_domain(self, domain: str | None) -> None:
        """DecodingError naming the model's domains when `domain` is not one of them (None always fits)."""
        if domain is not None and domain not in self.domains:
            known = ", ".join(sorted(self.domains)) or "none"
            raise DecodingError(f"domain {domain!r}: this model's domains are: {known}")

    def model_input(self, text: str, domain: str | None = None) -> str:
        """What the model reads for `text`: the text, after the domain's tag when one is asked for (as
        training put it before that domain's sources). The service counts its sentence limit on this."""
        self.check_domain(domain)
        return f"{self.domains[domain]} {text}" if domain else text

    def segmented(
        self, texts: list[str], domain: str | None = None, limit: int = DEFAULT_MAX_SENTENCE_SUBWORDS
    ) -> Segmented:
        """`texts` split into sentences as the service splits a request's texts, and the sentences over
        `limit` subwords, counted as the model reads them (`source_lengths`), cut
        (`translator.segment.segment_texts`)."""
        return segment_texts(texts, self.src_lang, lambda pieces: self.source_lengths(pieces, domain), limit)

    def source_lengths(self, texts: list[str], domain: str | None = None) -> list[int]:
        """Each text's length in subwords as the model reads it (`model_input`, without EOS): what the
        sentence limit (MT_MAX_SENTENCE_SUBWORDS) counts."""
        inputs = self.tokenizer.encode_src([self.model_input(t, domain) for t in texts])
        return [len(ids) - 1 for ids in inputs]

    @property
    def src_lang(self) -> str:
        return self.config.data.src_lang

    @property
    def tgt_lang(self) -> str:
        return self.config.data.tgt_lang

    def translate(
        self,
        texts: list[str],
        *,
        decode: Decode | None = None,
        beam_size: int | None = None,
        alpha: float | None = None,
        n_best: int = 1,
        return_attention: bool = False,
        max_output: int | None = None,
        abandoned: Abandoned | None = None,
        lexicon: bool | Sequence[bool] = True,
        domain: str | None | Sequence[str | None] = None,
    ) -> list[Translation]:
        """One Translation per input text, in input order. Blank texts translate to "".

        decode, beam_size, alpha: None takes the model's setting (`DecodeOptions.resolve`, which raises
        DecodingError when n_best does not fit the search).
        max_output: the most subwords an output may have (EOS included), whatever the source length.
        abandoned: called between decoding steps, returns the indices of texts no longer wanted
        (`translator.search`); those are not decoded further and get None.
        lexicon: replace the words the model copied untranslated from the model's lexicon, if it has one
        (`translator.lexicon`); False gives the model's own output. One bool for every text, or one
        per text (the service batches requests that choose differently).
        domain: one of `domains` (its tag goes before the source, as in training) or None for none; one
        for every text, or one per text. DecodingError for a domain the model does not know."""
        typed = [
            read_typed(t, self.src_lang, self.spellings) if self.read_typed and t.strip() else Typed(t)
            for t in texts
        ]
        texts = [t.text for t in typed]
        if self.repair_numerals:
            texts = [read_centuries(t, self.src_lang) for t in texts]
        wanted = _per_text(lexicon, len(texts), "lexicon")
        domains = _per_text(domain, len(texts), "domain")
        for name in set(domains):
            self.check_domain(name)
        dec = self.config.decoding
        options = DecodeOptions(decode, beam_size, alpha, n_best, return_attention).resolve(dec)
        results: list[Translation | None] = [None] * len(texts)
        todo = [i for i, t in enumerate(texts) if t.strip()]
        for i in set(range(len(texts))) - set(todo):
            results[i] = Translation("", 0.0, 0.0, [Alternative("", 0.0, 0.0)], own_text="")
        ids = self.tokenizer.encode_src([self.model_input(texts[i], domains[i]) for i in todo])
        # Texts of a domain are batched apart from general text: the translation memory holds general
        # text, and their search decodes with the model alone (`_search`).
        groups = [
            [j for j in range(len(todo)) if (domains[todo[j]] is None) == general]
            for general in (True, False)
        ]
        batches = [
            [group[k] for k in batch]
            for group in groups
            if group
            for batch in length_batches([len(ids[j]) for j in group], dec.batch_tokens)
        ]

        def search(batch: list[int]) -> list[list[Hypothesis]]:
            rows_abandoned = None
            if abandoned is not None:
                row_of = {todo[j]: row for row, j in enumerate(batch)}  # text index -> row in this batch

                def rows_abandoned() -> list[int]:
                    return [row_of[i] for i in abandoned() if i in row_of]

                if len(rows_abandoned()) == len(batch):
                    return [[] for _ in batch]
            general = domains[todo[batch[0]]] is None
            return self._search([ids[j] for j in batch], options, max_output, rows_abandoned, general)

        found = [search(batch) for batch in batches]
        invented: list[Invented] = []
        for batch, hyps in zip(batches, found, strict=True):
            for j, nbest in zip(batch, hyps, strict=True):
                if nbest:
                    i = todo[j]
                    words = self.lexicon if wanted[i] else None
                    result, unrepaired = self._translation(
                        texts[i], ids[j], nbest, return_attention, words, domains[i]
                    )
                    results[i] = result
                    if words is not None and (made_up := words.suspects(texts[i], unrepaired)):
                        found_in = (texts[i], ids[j], nbest[0], words, made_up, unrepaired, domains[i])
                        invented.append(Invented(result, *found_in))
        self._replace_invented(invented)
        for done, how in zip(results, typed, strict=True):
            if done is not None and how.rewrites:
                done.text = how.written(done.text)
                done.own_text = how.written(done.own_text) if done.own_text is not None else None
                done.n_best = [Alternative(how.written(a.text), a.score, a.log_prob) for a in done.n_best]
        return results  # type: ignore[return-value]

    def _replace_invented(self, found: list[Invented]) -> None:
        """Each translation with words the model invented gets them replaced (`Lexicon.replace_invented`)
        in its text and best alternative: the best only, one alignment each, recomputed in batches where
        the search kept no attention. The words are replaced in the text as the search wrote it (with the
        lexicon's replacements of copied words), which the pieces and the attention spell, and the text is
        then repaired (`repaired`) once, so that every repair sees the replaced words: the date a replaced
        word completes, the determiner it makes agree, the "y"/"e" its sound asks for, its capital at the
        start."""
        missing = [k for k, item in enumerate(found) if item.best.attention is None]
        weights: dict[int, list[list[float]]] = {}
        for start in range(0, len(missing), ALIGN_BATCH):
            chunk = missing[start : start + ALIGN_BATCH]
            rows = self.alignments([found[k].src for k in chunk], [found[k].best.tokens for k in chunk])
            weights.update(zip(chunk, rows, strict=True))
        for k, item in enumerate(found):
            result, best = item.translation, item.best
            attention = weights[k] if k in weights else best.attention.tolist()  # type: ignore[union-attr]
            text = item.lexicon.replace_invented(
                item.source,
                item.unrepaired,
                self.tokenizer.src_pieces(item.src),
                self.tokenizer.tgt_pieces(best.tokens),
                attention,
                item.words,
            )
            if text == item.unrepaired:
                continue
            result.text = text = self.repaired(item.source, [text], item.domain)[0]
            result.n_best[0] = Alternative(text, result.n_best[0].score, result.n_best[0].log_prob)

    def _search(
        self,
        src_ids: list[list[int]],
        options: ResolvedOptions,
        max_output: int | None = None,
        abandoned: Abandoned | None = None,
        memory: bool = True,
    ) -> list[list[Hypothesis]]:
        """memory: consult the model's translation memory, where it has one (False: the model alone)."""
        lengths = torch.tensor([len(x) for x in src_ids])
        src = torch.full((len(src_ids), int(lengths.max())), PAD_ID, dtype=torch.long)
        for row, x in enumerate(src_ids):
            src[row, : len(x)] = torch.tensor(x)
        src = src.to(self.device)
        dec = self.config.decoding
        common: dict[str, Any] = dict(
            alpha=options.alpha,
            max_len_a=dec.max_len_a,
            max_len_b=dec.max_len_b,
            max_len=max_output,
            return_attention=options.return_attention,
            abandoned=abandoned,
        )
        model = self.model if memory else self.model.without_memory()
        if options.decode == "greedy":
            return greedy(model, src, lengths, **common)
        return beam_search(
            model,
            src,
            lengths,
            beam_size=options.beam_size,
            n_best=options.n_best,
            early_stop=dec.early_stop,
            **common,
        )

    def alignments(self, srcs: list[list[int]], outputs: list[list[int]]) -> list[list[list[float]]]:
        """The decoder's attention over each source (ids, EOS included) while it writes the output's
        tokens (teacher forcing, one padded batch): per pair, one row per token and one for EOS, one
        column per source id. What a search with return_attention keeps, computed after the search."""
        if not srcs:
            return []
        with torch.inference_mode():
            src = torch.full((len(srcs), max(map(len, srcs))), PAD_ID, dtype=torch.long)
            tgt = torch.full((len(outputs), max(map(len, outputs)) + 1), PAD_ID, dtype=torch.long)
            for row, (ids, tokens) in enumerate(zip(srcs, outputs, strict=True)):
                src[row, : len(ids)] = torch.tensor(ids)
                tgt[row, : len(tokens) + 1] = torch.tensor([BOS_ID, *tokens])
            state = self.model.encode(src.to(self.device), torch.tensor([len(ids) for ids in srcs]))
            _, _, weights = self.model.decoder(tgt.to(self.device), state)
            weights = weights.float().cpu()
        return [
            weights[row, : len(tokens) + 1, : len(ids)].tolist()
            for row, (ids, tokens) in enumerate(zip(srcs, outputs, strict=True))
        ]

    def repaired(self, source: str, texts: list[str], domain: str | None = None) -> list[str]:
        """`texts` with the spans of `source` they altered put back (unless `repair_spans` is off), the dates
        and centuries they garbled written right (`translator.dates`; unless `repair_numerals` is off),
        words written twice where the source says them once written once (`translator.repetition`; unless
        `repair_repeats` is off), the pronoun before an English weather verb made "it"
        (`translator.weather`; unless `repair_weather` is off), for text of no domain the words whose form
        depends on the next word's sound fitted to it (English "a"/"an", Spanish "y"/"e", "o"/"u"; unless
        `repair_euphony` is off), determiners made to agree with the noun after them where the lexicon has
        a gender table (`translator.agreement`, before the euphony; unless `repair_agreement` is off), a
        capital to start with where the source starts with one (`capital_like`; unless `repair_capital` is
        off), and for text of no domain the apostrophes inside words written as the source writes its marks
        (`apostrophes_like`; unless `repair_apostrophes` is off)."""
        if self.repair_spans:
            texts = [repair_spans(source, text) for text in texts]
        if self.repair_numerals:
            texts = [repair_numerals(source, text, self.src_lang, self.tgt_lang) for text in texts]
        if self.repair_repeats:
            texts = [drop_repeats(source, text, self.src_lang, self.tgt_lang) for text in texts]
        if self.repair_weather:
            texts = [dummy_it(source, text, self.src_lang, self.tgt_lang) for text in texts]
        if self.repair_agreement and self.lexicon is not None and self.lexicon.genders:
            texts = [self.lexicon.agree(text) for text in texts]
        if self.repair_euphony and domain is None:
            texts = [fix_euphony(text, self.tgt_lang) for text in texts]
        if self.repair_capital:
            texts = [capital_like(source, text) for text in texts]
        if self.repair_apostrophes and domain is None:
            texts = [apostrophes_like(source, text) for text in texts]
        return texts

    def _translation(
        self,
        source: str,
        src: list[int],
        nbest: list[Hypothesis],
        return_attention: bool,
        lexicon: Lexicon | None,
        domain: str | None = None,
    ) -> tuple[Translation, str]:
        """The translation of `source` from the search's n-best list, and its best text with the lexicon's
        replacements but before the repairs (where `_replace_invented` replaces invented words)."""
        decoded = self.tokenizer.decode_tgt([h.tokens for h in nbest])
        # The words the search copied replaced from `lexicon` (None: no fallback), then the spans it
        # altered repaired.
        replaced = lexicon.apply_all(source, decoded) if lexicon is not None else decoded
        texts = self.repaired(source, replaced, domain)
        # The model's own text: the same unless the lexicon replaced a word of the best one.
        own = texts[0] if replaced[0] == decoded[0] else self.repaired(source, decoded[:1], domain)[0]
        # Hypotheses the repairs made one text ("la frase de frase" and "la frase") are given once, at the
        # better one's rank: fewer than n_best alternatives may come back.
        alternatives: dict[str, Alternative] = {}
        for t, h in zip(texts, nbest, strict=True):
            alternatives.setdefault(t, Alternative(t, h.score, h.log_prob))
        best = nbest[0]
        attention = None
        if return_attention and best.attention is not None:
            attention = Attention(
                source_tokens=self.tokenizer.src_pieces(src),
                target_tokens=self.tokenizer.tgt_pieces(best.tokens) + ["</s>"],
                weights=best.attention.tolist(),
            )
        kept = list(alternatives.values())
        return Translation(texts[0], best.score, best.log_prob, kept, attention, own), replaced[0]
