"""training.card: the model card states the checkpoint's, run's, manifest's and scores' facts."""

from __future__ import annotations

import dataclasses
import json
import re
from pathlib import Path

import pytest
import yaml

from training.card import CardError, main, model_card
from translator.agreement import ADJECTIVES_FILE, GENDERS_FILE, write_adjectives, write_genders
from translator.associations import ASSOCIATIONS_FILE, Associations
from translator.checkpoint import load_checkpoint, save_checkpoint
from translator.config import Config, DataConfig, TrainingConfig
from translator.lexicon import KNOWN_WORDS_FILE, LEXICON_FILE, Lexicon
from translator.memory import MEMORY_SETTINGS, MemorySettings
from translator.typed import SPELLINGS_FILE, write_spellings

SIGNATURE = "nrefs:1|case:mixed|eff:no|tok:13a|smooth:exp|version:2.6.0"
CHRF_SIGNATURE = "nrefs:1|case:mixed|eff:yes|nc:6|nw:0|space:no|version:2.6.0"
MANIFEST = {
    "source": {
        "corpus": "general",
        "sources": [
            {
                "kind": "gettext",
                "domain": "ui",
                "packages": {"gimp-data": "2.10.34-1", "inkscape": "1.2.2-2"},
                "licence": {"gimp-data": "GPL-3+ (prose, unnamed), LGPL-3+", "inkscape": "GPL-2+, LGPL-3+"},
            },
            {
                "kind": "mozilla",
                "domain": "ui",
                "packages": {"firefox-esr": "128.0esr-1"},
                "licence": "MPL-2.0",
            },
        ],
    },
    "languages": {"src": "en", "tgt": "es"},
    "counts": {"read": 1200, "kept": 1100, "dev-ui": 40, "test-ui": 60, "test-tatoeba": 80, "train": 1000},
    "per_kind": {
        "gettext": {"domain": "ui", "read": 1000, "drops": {}, "splits": {"train": 900, "test-ui": 60}},
        "mozilla": {"domain": "ui", "read": 200, "drops": {}, "splits": {"train": 100, "dev-ui": 40}},
        "tatoeba": {"domain": "tatoeba", "read": 80, "drops": {}, "splits": {"test-tatoeba": 80}},
    },
    "split_rule": "by document: sha256(package/file) mod 50 == 0 test, == 1 dev",
    "tokenizer": {"spm.model": 200},
    "fingerprint": "0123456789abcdef",
}


def _scores(bleu: float, chrf: float) -> dict:
    return {"bleu": bleu, "chrf": chrf, "bleu_signature": SIGNATURE, "chrf_signature": CHRF_SIGNATURE}


def _quality(path, step, direction="en-es", early_stop=None):
    rows = [
        {
            "split": "test-ui",
            "sentences": 60,
            "greedy": _scores(21.5, 44.0),
            "beam": _scores(23.4, 45.6),
            "beam_size": 5,
            "alpha": 0.75,
            "apertium": _scores(12.3, 38.9),
            "target": "Apertium + 10",
            "met": True,
        },
        {
            "split": "test-bible",
            "domain": "bible",
            "sentences": 40,
            "greedy": _scores(30.5, 55.0),
            "beam": _scores(31.4, 56.6),
            "beam_size": 5,
            "alpha": 0.75,
            "apertium": _scores(12.9, 40.1),
            "target": ">= 33 / >= 38",
            "met": False,
        },
    ]
    report = {
        "command": "python -m bench quality --model en-es=models/x",
        "date": "2026-12-03T10:00:00+00:00",
        "device": "CPU (x86_64), fp32, torch 2.13.0",
        "sacrebleu": "2.6.0",
        "limit": None,
        "directions": {direction: {"model": "models/x/model.pt", "step": step, "rows": rows}},
    }
    if early_stop is not None:  # reports of bench.quality since try 28 give the beam's stopping rule
        report["directions"][direction]["early_stop"] = early_stop
    path.write_text(json.dumps(report), encoding="utf-8")
    return path


@pytest.fixture
def model_run(tmp_path, make_model, tokenizer):
    """A model directory (an averaged checkpoint at step 1,200 and curves.png), its run directory and
    its prepared data's manifest, where the model's data.dir says."""
    prepared = tmp_path / "prepared"
    prepared.mkdir()
    (prepared / "manifest.json").write_text(json.dumps(MANIFEST), encoding="utf-8")
    model = make_model(seed=1)
    config = Config(
        data=DataConfig(corpus="general", dir=str(prepared)),
        model=model.cfg,
        training=TrainingConfig(
            run_dir=str(tmp_path / "run"), temperature=2.0, source_tags={"bible": "<bible>"}, lr=5e-4
        ),
    )
    model_dir = tmp_path / "model"
    save_checkpoint(
        model_dir / "model.pt",
        model_state=model.state_dict(),
        config=config,
        tokenizer=tokenizer,
        step=1200,
        metrics={"averaged_steps": [1000, 1100, 1200]},
    )
    (model_dir / "curves.png").write_bytes(b"\x89PNG")
    run = tmp_path / "run"
    run.mkdir()
    (run / "config.yaml").write_text(yaml.safe_dump(config.to_dict(), sort_keys=False), encoding="utf-8")
    records = [
        {"step": 1150, "train_loss": 3.1, "seconds": 3600.0},
        {"step": 1200, "train_loss": 3.0, "seconds": 3725.5},
        {"step": 1200, "dev_loss": 2.9, "dev_bleu": 12.5},  # validation lines carry no time
    ]
    (run / "metrics.jsonl").write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    (run / "train.log").write_text(
        "2026-12-02 19:30:37,576 INFO model gru: 10 parameters; device cpu\n"
        "2026-12-02 19:30:37,577 INFO hardware: 2-core CPU (x86_64), torch 2.13.0\n",
        encoding="utf-8",
    )
    return model_dir, run


def test_card_states_the_facts(model_run, tmp_path):
    model_dir, run = model_run
    limits = tmp_path / "limits.md"
    limits.write_text("- Interface strings only.\n- *Not* for medical text.\n", encoding="utf-8")
    card, warnings = model_card(
        model_dir, run, quality=_quality(tmp_path / "q.json", 1200), limits=limits, command="CMD"
    )
    assert warnings == []
    assert card.startswith("# en-es: English → Spanish, GRU attentional encoder-decoder\n")
    assert "stored as float32" in card and "M parameters" in card
    assert "2-core CPU (x86_64), torch 2.13.0; 1,200 steps in 1.0 h (3,726 s of training" in card
    assert "step 1,200: the mean of the weights at steps 1,000, 1,100, 1,200" in card
    assert f"`{run / 'config.yaml'}`" in card and "lr 0.0005" in card and "bible `<bible>`" in card
    # Licences: a dict's distinct licences once each, without their notes in brackets (the package table
    # has them); a string as it is. T = 2: sqrt(900) : sqrt(100).
    assert "| gettext | ui | 2 | GPL-2+, GPL-3+, LGPL-3+ | 900 | 75.0% | 750 |" in card
    assert "| mozilla | ui | 1 | MPL-2.0 | 100 | 25.0% | 250 |" in card
    shares = [float(s) for s in re.findall(r"\| ([\d.]+)% \|", card)]
    assert sum(shares) == pytest.approx(100.0, abs=0.2)
    assert "| inkscape | 1.2.2-2 | GPL-2+, LGPL-3+ |" in card and "<details>" in card
    assert "| gimp-data | 2.10.34-1 | GPL-3+ (prose, unnamed), LGPL-3+ |" in card
    assert MANIFEST["split_rule"] in card and "| test-tatoeba | 80 |" in card
    assert "| test-ui | 60 | 23.4 | 45.6 | 21.5 | 12.3 | 38.9 | Apertium + 10 | yes |" in card
    assert (
        "| test-bible (`domain: bible`) | 40 | 31.4 | 56.6 | 30.5 | 12.9 | 40.1 | >= 33 / >= 38 | no |"
        in card
    )
    assert SIGNATURE in card and CHRF_SIGNATURE in card
    assert "python -m bench quality --model en-es=models/x" in card
    assert "- Interface strings only.\n- *Not* for medical text.\n" in card
    assert "![training curves](curves.png)" in card
    assert card.endswith("Generated by `CMD`.\n")


@pytest.mark.parametrize(
    ("early_stop", "expected"),
    [
        (None, "beam 5, alpha 0.75 (the model's own decoding settings)."),
        (True, "beam 5, alpha 0.75, stopping once a step's best continuation ends the sentence (the model's"),
        (False, "beam 5, alpha 0.75, run until 5 hypotheses have ended (early_stop: false) (the model's"),
    ],
)
def test_the_scores_name_the_search(model_run, tmp_path, early_stop, expected):
    model_dir, run = model_run
    quality = _quality(tmp_path / "q.json", 1200, early_stop=early_stop)
    card, _ = model_card(model_dir, run, quality=quality, command="CMD")
    assert expected in card


def test_without_scores_or_limits(model_run):
    model_dir, run = model_run
    card, _ = model_card(model_dir / "model.pt", run)
    assert "Not measured yet" in card and "python -m bench quality --model en-es=" in card
    assert "## Known limits\n\nNot written yet." in card
    assert "| lexicon | none (no `lexicon.tsv`)" in card


def test_a_translation_memory_is_described_with_its_provenance(model_run):
    model_dir, run = model_run
    card, _ = model_card(model_dir / "model.pt", run)
    assert "| translation memory | none (no `memory.json`)" in card
    settings = MemorySettings(
        neighbours=8,
        temperature=20,
        weight=0.3,
        probes=32,
        entries=1234,
        feature_size=16,
        vocab_size=200,
        corpus="data/prepared/general-prose",
        kinds={"gettext": 900, "qt": 100},
        built={"keep_above": 0.05, "keep_below": 0.5, "index": "OPQ16,IVF64,PQ16x4", "code_bytes": 8},
    )
    (model_dir / MEMORY_SETTINGS).write_text(settings.to_json(), encoding="utf-8")
    try:
        card, _ = model_card(model_dir / "model.pt", run)
    finally:
        (model_dir / MEMORY_SETTINGS).unlink()
    row = next(line for line in card.splitlines() if line.startswith("| translation memory |"))
    assert "`memory.npz`, 1,234 entries" in row
    assert "1,000 training pairs of `data/prepared/general-prose` (gettext 900, qt 100;" in row
    assert "probability from 0.05 to under 0.5; faiss index `OPQ16,IVF64,PQ16x4`, keys in 8 bytes;" in row
    assert (
        "the 8 nearest entries at weight 0.3 (temperature 20, 32 lists searched), but for a step whose "
        "most likely word the model gives 0.71 or more, which no memory could outvote;"
    ) in row


def test_a_lexicon_is_described_and_scored_apart(model_run, tmp_path):
    model_dir, run = model_run
    header = [
        "en -> es lexicon",
        "built by: python -m training.lexicon --data-dir d --src en --tgt es",
        "apertium-dict: apertium-eng-spa 0.8.1-2; licence GPL-2.0",
    ]
    Lexicon({"jail": "cárcel", "uncle": "tío"}).write(model_dir / LEXICON_FILE, header)
    quality = _quality(tmp_path / "q.json", 1200)
    report = json.loads(quality.read_text(encoding="utf-8"))
    for row in report["directions"]["en-es"]["rows"]:
        row["beam_no_lexicon"] = _scores(22.9, 45.0)
    quality.write_text(json.dumps(report), encoding="utf-8")
    card, _ = model_card(model_dir, run, quality=quality)
    assert "| lexicon | `lexicon.tsv`, 2 words, for the words the model copies untranslated (" in card
    Lexicon({}, known=frozenset({"la", "casa", "cárcel"})).write_known_words(model_dir / KNOWN_WORDS_FILE)
    card, _ = model_card(model_dir, run, quality=quality)
    assert (
        "`lexicon.tsv`, 2 words, for the words the model copies untranslated, and with `target_words.txt` "
        "(3 target-language words) for the words it invents (" in card
    )
    assert "from apertium-dict: apertium-eng-spa 0.8.1-2; licence GPL-2.0" in card
    assert "built by `python -m training.lexicon --data-dir d --src en --tgt es`" in card
    assert "| beam BLEU | beam BLEU, no lexicon | beam chrF |" in card
    assert "| test-ui | 60 | 23.4 | 22.9 | 45.6 | 21.5 | 12.3 | 38.9 | Apertium + 10 | yes |" in card
    assert "give the article" not in card
    Lexicon({"jail": "cárcel", "uncle": "tío"}, articles={"jail": "la"}).write(
        model_dir / LEXICON_FILE, header
    )
    card, _ = model_card(model_dir, run, quality=quality)
    assert "turns it off); 1 entries give the article their translation takes" in card
    assert "spellings.tsv" not in card
    write_spellings(
        model_dir / SPELLINGS_FILE,
        {"estacion": "estación"},
        ["1 es words", "spelling words: w.txt (9 words); es_ES word forms of hunspell-es 1:7.5.0-1"],
    )
    card, _ = model_card(model_dir, run, quality=quality)
    assert "with the spelling words: w.txt (9 words); es_ES word forms of hunspell-es 1:7.5.0-1" in card
    assert "; `spellings.tsv`, 1 spellings, reads words typed without their accents or apostrophes" in card
    assert GENDERS_FILE not in card
    write_genders(
        model_dir / GENDERS_FILE, {"cárcel": "la", "tío": "el"}, ["es words", "built from d/train.es"]
    )
    card, _ = model_card(model_dir, run, quality=quality)
    assert (
        "; `target_genders.tsv`, the articles of 2 target-language words, which every determiner before one "
        "of them is made to agree with (`translator.agreement`), built from d/train.es; `spellings.tsv`"
    ) in card
    write_adjectives(model_dir / ADJECTIVES_FILE, [("rojo", "roja", "rojos", "rojas")], [])
    card, _ = model_card(model_dir, run, quality=quality)
    assert (
        "built from d/train.es, and `target_adjectives.tsv`, 1 adjectives by their four forms, which" in card
    )
    assert ASSOCIATIONS_FILE not in card
    info = {"min_count": 2, "lift": 5.0, "built_from": "the 9 line pairs of d/train.en and train.es"}
    Associations.build([("uncle", "tío")], 1, {"el"}, info).write(model_dir / ASSOCIATIONS_FILE)
    card, _ = model_card(model_dir, run, quality=quality)
    assert (
        "; `associations.bloom`, 1 pairs of a source and a target word found together in 2 sentence pairs or "
        "more and 5.0 times as often as chance, with which a known word no source word accounts for is "
        "replaced as an invented one is (`translator.associations`), counted from the 9 line pairs of "
        "d/train.en and train.es |"
    ) in card


def test_cli_writes_beside_the_model_and_warns_of_another_step(model_run, tmp_path, capsys):
    model_dir, run = model_run
    quality = _quality(tmp_path / "q.json", 900)
    assert main(["--model", str(model_dir), "--run", str(run), "--quality", str(quality)]) == 0
    assert "step 900" in capsys.readouterr().err
    card = (model_dir / "README.md").read_text(encoding="utf-8")
    assert "measured at step 900" in card and "| test-ui | 60 | 23.4 |" in card
    assert f"Generated by `python -m training.card --model {model_dir} --run {run}" in card


def test_scores_of_the_other_direction_are_refused(model_run, tmp_path):
    model_dir, run = model_run
    with pytest.raises(CardError, match="no scores for en-es"):
        model_card(model_dir, run, quality=_quality(tmp_path / "q.json", 1200, direction="es-en"))


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("{not json", "unreadable manifest"),
        (json.dumps({**MANIFEST, "languages": {"src": "en", "tgt": "fr"}}), "prepares en-fr"),
        (json.dumps({"languages": {"src": "en", "tgt": "es"}, "counts": {}}), "not a general corpus"),
    ],
)
def test_unusable_manifests_are_refused(model_run, tmp_path, text, message):
    model_dir, run = model_run
    manifest = tmp_path / "other.json"
    manifest.write_text(text, encoding="utf-8")
    with pytest.raises(CardError, match=message):
        model_card(model_dir, run, manifest=manifest)


def test_missing_manifest_exits_2(model_run, tmp_path, capsys):
    model_dir, run = model_run
    missing = tmp_path / "nowhere" / "manifest.json"
    argv = ["--model", str(model_dir), "--run", str(run), "--manifest", str(missing)]
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert f"{missing}: no such manifest" in err and "Traceback" not in err
    assert not (model_dir / "README.md").exists()


def _copy_run(run: Path, dest: Path, *names: str) -> Path:
    """Another run directory with some of `run`'s files, for the test to write the rest."""
    dest.mkdir()
    for name in names:
        (dest / name).write_bytes((run / name).read_bytes())
    return dest


def test_a_continued_run_names_its_starting_model(model_run, tmp_path):
    model_dir, run = model_run
    stage2 = _copy_run(run, tmp_path / "stage2", "metrics.jsonl", "train.log")
    raw = yaml.safe_load((run / "config.yaml").read_text(encoding="utf-8"))
    raw["training"]["init_from"] = str(model_dir)
    (stage2 / "config.yaml").write_text(yaml.safe_dump(raw), encoding="utf-8")
    card, _ = model_card(model_dir, stage2)
    assert f"starting from the weights of `{model_dir}` at its step 1,200" in card
    assert "trained on the train split" in card  # this fixture's model trained its own tokenizer
    raw["training"]["init_from"] = str(tmp_path / "gone")
    (stage2 / "config.yaml").write_text(yaml.safe_dump(raw), encoding="utf-8")
    card, _ = model_card(model_dir, stage2)
    assert f"`{tmp_path / 'gone'}` (not found on this machine)" in card
    assert "starting from" not in model_card(model_dir, run)[0]


def test_a_continued_run_names_the_step_its_log_recorded(model_run, tmp_path):
    """The starting model's file may since have been replaced (a stage exported over models/X, the model
    it began with): the step is the one the run's log recorded when it started."""
    model_dir, run = model_run
    stage2 = _copy_run(run, tmp_path / "stage2", "metrics.jsonl")
    (stage2 / "train.log").write_text(
        f"2026-12-04 18:28:45,062 INFO starting from the weights of {model_dir}/model.pt (its step 750)\n"
        + (run / "train.log").read_text(encoding="utf-8")
        + "2026-12-04 18:38:17,826 INFO resumed from last.pt at step 900\n",
        encoding="utf-8",
    )
    raw = yaml.safe_load((run / "config.yaml").read_text(encoding="utf-8"))
    raw["training"]["init_from"] = str(model_dir)  # whose model.pt is now at step 1,200
    (stage2 / "config.yaml").write_text(yaml.safe_dump(raw), encoding="utf-8")
    card, _ = model_card(model_dir, stage2)
    assert f"starting from the weights of `{model_dir}` at its step 750" in card
    assert "1,200 (`training.init_from`" not in card


def test_a_tokenizer_taken_from_a_model_is_named(model_run, tmp_path, tokenizer):
    model_dir, run = model_run
    checkpoint = load_checkpoint(model_dir / "model.pt")
    config = dataclasses.replace(
        checkpoint.config,
        tokenizer=dataclasses.replace(checkpoint.config.tokenizer, from_model="runs/stage1"),
    )
    save_checkpoint(
        tmp_path / "stage2" / "model.pt",
        model_state=checkpoint.model_state,
        config=config,
        tokenizer=tokenizer,
        step=1200,
        metrics={},
    )
    card, _ = model_card(tmp_path / "stage2", run)
    assert (
        "taken from `runs/stage1` (`tokenizer.from_model`), which trained it on its own train split" in card
    )


def test_an_average_over_two_runs_names_each_run(model_run):
    model_dir, run = model_run
    ckpt = load_checkpoint(model_dir / "model.pt")
    averaged_from = [
        {
            "run": "runs/stage2",
            "step": 1750,
            "averaged_from": [{"run": "runs/stage2", "step": 1500}, {"run": "runs/stage2", "step": 1750}],
        },
        {"run": "runs/stage5", "step": 500},
        {"run": "runs/stage5", "step": 750},
    ]
    save_checkpoint(
        model_dir / "model.pt",
        model_state=ckpt.model_state,
        config=ckpt.config,
        tokenizer=ckpt.tokenizer,
        step=750,
        metrics={"averaged_from": averaged_from},
    )
    card, _ = model_card(model_dir, run)
    assert (
        "the mean of the weights of `runs/stage2` step 1,750 (itself the mean of `runs/stage2` steps "
        "1,500, 1,750); `runs/stage5` steps 500, 750"
    ) in card
    assert "at steps 500, 750, 1,750" not in card  # steps of two runs, listed together, would mislead


def test_a_run_of_minutes_reads_in_minutes(model_run, tmp_path):
    model_dir, run = model_run
    short = _copy_run(run, tmp_path / "gpu-stage", "config.yaml", "train.log")
    (short / "metrics.jsonl").write_text(
        json.dumps({"step": 1200, "seconds": 539.3}) + "\n", encoding="utf-8"
    )
    card, _ = model_card(model_dir, short)
    assert "1,200 steps in 9.0 min (539 s of training" in card


def test_title_case_copies_are_a_row_of_the_data_with_their_originals_licences(model_run, tmp_path):
    model_dir, run = model_run
    copies = _copy_run(run, tmp_path / "copies", "metrics.jsonl")
    (copies / "train.log").write_text(
        (run / "train.log").read_text(encoding="utf-8")
        + "2026-12-05 12:41:10,556 INFO source gettext: 900 pairs, 57.9% of an epoch\n"
        + "2026-12-05 12:41:10,556 INFO source title-case: 300 pairs, 33.4% of an epoch\n",
        encoding="utf-8",
    )
    raw = yaml.safe_load((run / "config.yaml").read_text(encoding="utf-8"))
    raw["training"]["title_case_kinds"] = ["gettext"]
    (copies / "config.yaml").write_text(yaml.safe_dump(raw), encoding="utf-8")
    card, _ = model_card(model_dir, copies)
    # temperature 2: sqrt(900) : sqrt(100) : sqrt(300)
    assert (
        "| title-case | copies | — | each pair its original's: title-case copies of gettext "
        "(training.augment) | 300 | 30.2% |" in card
    )
    plain, _ = model_card(model_dir, run)
    assert "title-case" not in plain


def test_synthetic_pairs_are_rows_of_the_data_with_their_licences(model_run, tmp_path):
    model_dir, run = model_run
    numerals = _copy_run(run, tmp_path / "numerals", "metrics.jsonl", "config.yaml")
    (numerals / "train.log").write_text(
        (run / "train.log").read_text(encoding="utf-8")
        + "2026-12-06 07:30:55,618 INFO source numerals: 400 pairs, 4.0% of an epoch\n"
        + "2026-12-06 07:30:55,618 INFO source places: 300 pairs, 3.0% of an epoch\n"
        + "2026-12-06 07:30:55,618 INFO source languages: 200 pairs, 2.0% of an epoch\n"
        + "2026-12-06 07:30:55,618 INFO source verbs: 100 pairs, 1.0% of an epoch\n",
        encoding="utf-8",
    )
    card, _ = model_card(model_dir, numerals)
    row = next(line for line in card.splitlines() if line.startswith("| numerals |"))
    assert "| synthetic | — | written for this project: training/numerals.py" in row
    assert "| 400 |" in row
    row = next(line for line in card.splitlines() if line.startswith("| places |"))
    assert "| synthetic | — | names: Unicode CLDR via Babel (Unicode-3.0" in row
    assert "| 300 |" in row
    row = next(line for line in card.splitlines() if line.startswith("| languages |"))
    assert "| synthetic | — | names: Unicode CLDR via Babel (Unicode-3.0" in row
    assert "training/languages.py" in row and "| 200 |" in row
    row = next(line for line in card.splitlines() if line.startswith("| verbs |"))
    assert "| synthetic | — | verb forms: apertium-eng-spa's generators (GPL-2)" in row and "| 100 |" in row
    plain, _ = model_card(model_dir, run)
    assert not any(f"| {kind} |" in plain for kind in ("numerals", "places", "languages", "verbs"))
