"""The quality table, the span count, the dates-and-centuries count and the examples table, on small random
models with Apertium faked."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from bench import examples, languages, numerals, preserve, quality, verbs
from bench.quality import TARGETS, Target
from training import evaluate as evaluate_module
from translator.checkpoint import load_checkpoint, save_checkpoint
from translator.config import Config, replace
from translator.dates import repair_numerals, weekday_entries
from translator.lexicon import LEXICON_FILE, Lexicon
from translator.typed import read_typed

LINES = {
    "en": ["where is the house", "the lord said 3 times", "see %s now", "god"],
    "es": ["donde esta la casa", "dijo el senor 3 veces", "mira %s ahora", "dios"],
}
SPLITS = ["test-tatoeba", "test-bible", "test-ui"]


@pytest.fixture(scope="module")
def data_dir(tmp_path_factory) -> Path:
    d = tmp_path_factory.mktemp("prepared")
    for split in SPLITS:
        for lang, lines in LINES.items():
            (d / f"{split}.{lang}").write_text("".join(line + "\n" for line in lines), encoding="utf-8")
    return d


def _model(root: Path, make_model, tokenizer, data_dir: Path, src: str, tgt: str) -> Path:
    model = make_model(seed=3)
    config = replace(Config(model=model.cfg), "data", dir=str(data_dir), src_lang=src, tgt_lang=tgt)
    config = replace(config, "decoding", beam_size=2, max_len_b=3)
    path = root / f"{src}-{tgt}" / "model.pt"
    path.parent.mkdir()
    save_checkpoint(
        path, model_state=model.state_dict(), config=config, tokenizer=tokenizer, step=7, metrics={}
    )
    return path.parent


@pytest.fixture(scope="module")
def models(tmp_path_factory, make_model, tokenizer, data_dir) -> dict[str, Path]:
    root = tmp_path_factory.mktemp("models")
    return {d: _model(root, make_model, tokenizer, data_dir, *d.split("-")) for d in ("en-es", "es-en")}


@pytest.fixture
def perfect_apertium(monkeypatch):
    """Apertium faked as a perfect translator of the fixture lines, so its BLEU is 100."""

    def translate(lines, src_lang, tgt_lang):
        table = dict(zip(LINES[src_lang], LINES[tgt_lang], strict=True))
        return [table[line] for line in lines]

    monkeypatch.setattr(evaluate_module, "apertium_translate", translate)
    monkeypatch.setattr(examples, "apertium_translate", lambda lines, s, t: [f"apertium: {x}" for x in lines])


def _args(models: dict[str, Path]) -> list[str]:
    return [arg for d, path in models.items() for arg in ("--model", f"{d}={path}")]


@pytest.mark.parametrize("jobs", ["1", "2"])  # 2: a process per direction
def test_table_has_every_split_both_ways_with_apertium_and_the_verdicts(
    models, tmp_path, perfect_apertium, capsys, jobs
):
    out = tmp_path / "quality"
    args = [*_args(models), "--out", str(out), "--work", str(tmp_path / "work"), "--quiet", "--jobs", jobs]
    assert quality.main(args) == 0
    report = json.loads(out.with_suffix(".json").read_text())
    for direction in ("en-es", "es-en"):
        rows = report["directions"][direction]["rows"]
        assert [r["split"] for r in rows] == sorted(SPLITS)
        assert report["directions"][direction]["step"] == 7
        assert report["directions"][direction]["early_stop"] is True  # the fixture model's stopping rule
        for r in rows:
            assert r["sentences"] == 4 and r["apertium"]["bleu"] == pytest.approx(100.0)
            assert r["beam_size"] == 2  # the model's own beam, as the service would use it
            assert r["met"] is False  # a random model does not beat a perfect Apertium
        assert (tmp_path / "work" / direction / "test-ui.beam.txt").is_file()
    table = out.with_suffix(".md").read_text()
    assert "| Tatoeba (lines 2,001-10,000) | 4 |" in table
    assert "| 100.0 / 100.0 | > Apertium | missed / missed |" in table
    assert "54.9 / 59.6 BLEU" in table  # the published OPUS-MT figures, both directions
    assert table.endswith(capsys.readouterr().out.rstrip("\n") + "\n")


def test_the_table_gives_each_direction_its_own_search():
    report = {
        "directions": {
            "en-es": {"early_stop": False, "rows": [{"beam_size": 5, "alpha": 1.25}]},
            "es-en": {"early_stop": True, "rows": [{"beam_size": 5, "alpha": 0.75}]},
        }
    }
    text = quality.search_settings(report, ["en-es", "es-en"])
    assert text == (
        "en-es beam 5, alpha 1.25, run until 5 hypotheses have ended (early_stop: false); "
        "es-en beam 5, alpha 0.75, stopping once a step's best continuation ends the sentence"
    )
    del report["directions"]["es-en"]["early_stop"]  # a report written before the key existed
    assert quality.search_settings(report, ["es-en"]) == "es-en beam 5, alpha 0.75"


def test_bible_splits_get_a_second_row_in_the_bible_domain(models, tmp_path, perfect_apertium, monkeypatch):
    """A model trained with a `<bible>` tag: test-bible is scored untagged (the service's default) and as
    `domain: bible` translates it, Apertium once for both; the splits without a domain get one row."""
    model = tmp_path / "en-es"
    model.mkdir()
    ckpt = load_checkpoint(models["en-es"] / "model.pt")
    tags = {"bible": "<bible>", "bt-es": "<bt>"}
    save_checkpoint(
        model / "model.pt",
        model_state=ckpt.model_state,
        config=replace(ckpt.config, "training", source_tags=tags),
        tokenizer=ckpt.tokenizer,
        step=7,
        metrics={},
    )
    calls = []
    apertium = evaluate_module.apertium_translate
    monkeypatch.setattr(evaluate_module, "apertium_translate", lambda *a: calls.append(a) or apertium(*a))
    out = tmp_path / "quality"
    args = ["--model", f"en-es={model}", "--out", str(out), "--work", str(tmp_path / "work"), "--quiet"]
    assert quality.main(args) == 0
    rows = json.loads(out.with_suffix(".json").read_text())["directions"]["en-es"]["rows"]
    assert [(r["split"], r["domain"]) for r in rows] == [
        ("test-bible", None),
        ("test-bible", "bible"),
        ("test-tatoeba", None),
        ("test-ui", None),
    ]
    assert len(calls) == 3  # one Apertium run per split
    assert rows[0]["apertium"] == rows[1]["apertium"] and rows[1]["target"] == TARGETS["test-bible"].text
    assert (tmp_path / "work" / "en-es" / "test-bible.bible.beam.txt").is_file()
    assert (
        "| Bible test chapters (KJV / Reina-Valera), `domain: bible` | 4 |"
        in out.with_suffix(".md").read_text()
    )


def test_a_model_with_a_lexicon_is_scored_as_served_and_as_it_wrote(
    models, tmp_path, perfect_apertium, monkeypatch
):
    """The served column takes the lexicon's replacements, the no-lexicon column the search's own output;
    one search gives both. The lexicon is faked as perfect, so the served BLEU is 100."""
    model = tmp_path / "en-es"
    shutil.copytree(models["en-es"], model)
    Lexicon({"house": "casa", "god": "dios"}).write(model / LEXICON_FILE)
    # The lexicon sees each sentence as the model read it ("where is the house" asks: translator.typed).
    table = {read_typed(en, "en").text: es for en, es in zip(LINES["en"], LINES["es"], strict=True)}
    monkeypatch.setattr(Lexicon, "apply_all", lambda self, source, texts: [table[source]] * len(texts))
    out = tmp_path / "quality"
    args = ["--model", f"en-es={model}", "--out", str(out), "--work", str(tmp_path / "work"), "--quiet"]
    assert quality.main(args) == 0
    report = json.loads(out.with_suffix(".json").read_text())["directions"]["en-es"]
    days = len(weekday_entries("en", "es"))  # every lexicon takes the days of the week at load
    assert report["lexicon"] == {"path": str(model / LEXICON_FILE), "entries": 2 + days}
    for row in report["rows"]:
        assert row["beam"]["bleu"] == row["greedy"]["bleu"] == pytest.approx(100.0)
        assert row["beam_no_lexicon"]["bleu"] < 100.0 and row["greedy_no_lexicon"]["bleu"] < 100.0
        # The verdict is the served output's: 100 meets the Bible's ">= 33", not "> Apertium" (100).
        assert row["met"] is (row["split"] == "test-bible")
    work = tmp_path / "work" / "en-es"
    assert (work / "test-ui.beam.txt").read_text(encoding="utf-8").splitlines() == LINES["es"]
    assert (work / "test-ui.beam.no-lexicon.txt").read_text(encoding="utf-8") != (
        work / "test-ui.beam.txt"
    ).read_text(encoding="utf-8")
    markdown = out.with_suffix(".md").read_text()
    assert f"en-es: {2 + days} words" in markdown
    assert "| ours, beam | ours, beam, no lexicon |" in markdown


@pytest.mark.parametrize(
    ("target", "direction", "bleu", "apertium", "met"),
    [
        (TARGETS["test-tatoeba"], "en-es", 26.0, 25.6, True),
        (TARGETS["test-tatoeba"], "en-es", 25.6, 25.6, False),
        (TARGETS["test-docs"], "es-en", 30.0, 20.0, True),
        (TARGETS["test-docs"], "es-en", 29.9, 20.0, False),
        (TARGETS["test-docs"], "es-en", 29.9, None, None),
        (TARGETS["test-bible"], "en-es", 33.0, 12.9, True),
        (TARGETS["test-bible"], "es-en", 37.9, 16.1, False),
        (TARGETS["test-bible-web"], "es-en", 1.0, 16.1, None),  # no target that way
        (Target("both", at_least={"en-es": 10.0}, over_apertium=5), "en-es", 12.0, 8.0, False),
    ],
)
def test_targets(target, direction, bleu, apertium, met):
    assert target.met(direction, bleu, apertium) is met


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--model", "en-es"], "expected DIRECTION=PATH"),
        (["--model", "fr-es=x"], "expected DIRECTION=PATH"),
        (["--model", "en-es=/no/such/model"], "/no/such/model"),
    ],
)
def test_bad_models_exit_2_with_a_message(args, message, capsys):
    assert quality.main(args) == 2
    assert message in capsys.readouterr().err


def test_a_model_of_the_other_direction_is_refused(models, tmp_path, capsys):
    assert quality.main(["--model", f"en-es={models['es-en']}", "--out", str(tmp_path / "q")]) == 2
    assert "a es-en model given for en-es" in capsys.readouterr().err


def test_span_count_covers_the_lines_with_spans(models, tmp_path):
    out = tmp_path / "preserve"
    args = [*_args(models), "--splits", "test-ui", "--decode", "greedy", "--out", str(out)]
    assert preserve.main(args) == 0
    report = json.loads(out.with_suffix(".json").read_text())
    for direction in ("en-es", "es-en"):
        r = report["directions"][direction]
        assert r["sentences"] == 2  # the lines with "3" and "%s"
        assert r["total"] == {"number": 1, "placeholder": 1}
        assert 0 <= sum(r["kept"].values()) <= 2
        assert len(r["misses"]) == 2 - sum(r["kept"].values()) or sum(r["kept"].values()) == 1
        assert 0 <= r["rate_model_alone"] <= r["rate"] and 0 <= r["repaired"] <= 2
    assert "| en-es |" in out.with_suffix(".md").read_text()


def test_span_count_counts_the_repair_apart(models, tmp_path, monkeypatch):
    """A model that copies its source but alters every placeholder: what is served has the placeholder
    back, the model's own output has not."""

    def altered(translator, sources, **_):
        texts = [s.replace("%s", "%d") for s in sources]
        return texts, texts

    monkeypatch.setattr(preserve, "translate_lines", altered)
    out = tmp_path / "preserve"
    args = [*_args(models), "--splits", "test-ui", "--decode", "greedy", "--out", str(out)]
    assert preserve.main(args) == 0
    for report in json.loads(out.with_suffix(".json").read_text())["directions"].values():
        assert report["kept"] == {"number": 1, "placeholder": 1}
        assert (report["rate"], report["rate_model_alone"], report["repaired"]) == (1.0, 0.5, 1)


def test_examples_table_has_a_dozen_rows_each_way(models, tmp_path, perfect_apertium):
    out = tmp_path / "examples.md"
    assert examples.main([*_args(models), "--out", str(out)]) == 0
    text = out.read_text()
    for direction in ("en-es", "es-en"):
        for sentence in examples.SENTENCES[direction]:
            assert f"| {sentence} | " in text
    assert text.count("apertium: ") == 24


DATED = {
    "en": ["It ended on May 20, 2002.", "in the 19th century", "no date here"],
    "es": ["Terminó el 20 de mayo de 2002.", "en el siglo 19", "sin fecha"],
}


@pytest.fixture
def dated_dir(tmp_path) -> Path:
    """A test-ui split with a date, a century and a line with neither."""
    for lang, lines in DATED.items():
        (tmp_path / f"test-ui.{lang}").write_text("".join(line + "\n" for line in lines), encoding="utf-8")
    return tmp_path


def test_numerals_count_covers_the_check_set_and_the_dated_lines(models, dated_dir, tmp_path):
    out = tmp_path / "numerals"
    args = [*_args(models), "--count", "5", "--data-dir", str(dated_dir), "--splits", "test-ui"]
    assert numerals.main([*args, "--decode", "greedy", "--out", str(out)]) == 0
    report = json.loads(out.with_suffix(".json").read_text())
    for r in report["directions"].values():
        assert r["check_set"]["pairs"] == 5
        assert 0 <= r["check_set"]["served"]["expressions"] <= 5
        assert r["held_out"]["lines"] == 2  # the date's and the century's, not "no date here"
        assert r["held_out"]["served"]["named"] == r["held_out"]["model_alone"]["named"] == 2
    assert "| es-en |" in out.with_suffix(".md").read_text()


def test_numerals_count_tells_the_served_text_from_the_models(models, dated_dir, tmp_path, monkeypatch):
    """A model that garbles the date and the century as the shipped en-es model did: the served text
    has them right, the model's own output has not."""
    garbled = {DATED["en"][0]: "Terminó en mayo 20, 2002.", DATED["en"][1]: "en el siglo de 19th"}

    def translate(translator, sources, **_):
        texts = [garbled.get(s, s) for s in sources]
        if translator.repair_numerals:
            texts = [repair_numerals(s, t, "en", "es") for s, t in zip(sources, texts, strict=True)]
        return texts, texts

    monkeypatch.setattr(numerals, "translate_lines", translate)
    out = tmp_path / "numerals"
    args = ["--model", f"en-es={models['en-es']}", "--count", "3", "--data-dir", str(dated_dir)]
    assert numerals.main([*args, "--splits", "test-ui", "--out", str(out)]) == 0
    r = json.loads(out.with_suffix(".json").read_text())["directions"]["en-es"]
    assert r["held_out"]["served"] == {"right": 2, "named": 2}
    assert r["held_out"]["model_alone"] == {"right": 0, "named": 2}
    served = {c["source"]: c["served"] for c in r["changed"] if c["source"] in garbled}
    assert served == {DATED["en"][0]: "Terminó el 20 de mayo de 2002.", DATED["en"][1]: "en el siglo 19"}


def test_numerals_count_refuses_a_bad_count(capsys):
    with pytest.raises(SystemExit) as exit_:
        numerals.main(["--count", "0"])
    assert exit_.value.code == 2
    assert "--count: must be >= 1" in capsys.readouterr().err


def test_languages_count_covers_the_check_set_and_the_lines_that_name_one(models, tmp_path, monkeypatch):
    """A model that translates "French" and "francés" and nothing else: the check set counts the names
    right where the frame's form is there, the held-out lines those whose translation names them all."""
    lines = {
        "en": ["I speak French.", "I speak French and Russian.", "Hello."],
        "es": ["Hablo francés.", "Hablo francés y ruso.", "Hola."],
    }
    for lang, text in lines.items():
        (tmp_path / f"test-tatoeba.{lang}").write_text("".join(t + "\n" for t in text), encoding="utf-8")
    table = {"I speak French.": "Hablo francés.", "I speak French and Russian.": "Hablo francés."}

    def translate(translator, sources, **_):
        texts = [table.get(s, s.replace("French", "francés")) for s in sources]
        return texts, texts

    monkeypatch.setattr(languages, "translate_lines", translate)
    out = tmp_path / "languages"
    args = ["--model", f"en-es={models['en-es']}", "--count", "50", "--data-dir", str(tmp_path)]
    assert languages.main([*args, "--splits", "test-tatoeba", "--out", str(out)]) == 0
    r = json.loads(out.with_suffix(".json").read_text())["directions"]["en-es"]
    assert r["held_out"]["lines"] == 2  # "Hello." names none
    assert r["held_out"]["right"] == 1  # "Russian" lost
    check = r["check_set"]
    assert check["pairs"] == 50 and 0 < check["names"] < 50  # "francés" found, the other names not
    assert all("French" not in miss["source"] for miss in check["misses"])
    assert "| en-es |" in out.with_suffix(".md").read_text()


def test_verbs_count_the_check_set_s_forms_and_the_lines_that_keep_their_verbs(models, tmp_path, monkeypatch):
    """A model that writes every verb as "olvidó": the check set counts the forms right where the
    reference's is there, the held-out lines those whose translation holds a form of each source verb."""
    lines = {
        "en": ["I forgot the password.", "I forgot and I slept.", "Hello."],
        "es": ["Olvidé la contraseña.", "Olvidé y dormí.", "Hola."],
    }
    for lang, text in lines.items():
        (tmp_path / f"test-tatoeba.{lang}").write_text("".join(t + "\n" for t in text), encoding="utf-8")

    def translate(translator, sources, **_):
        texts = ["Hola." if s == "Hello." else "Él lo olvidó." for s in sources]
        return texts, texts

    monkeypatch.setattr(verbs, "translate_lines", translate)
    out = tmp_path / "verbs"
    args = ["--model", f"en-es={models['en-es']}", "--count", "40", "--data-dir", str(tmp_path)]
    assert verbs.main([*args, "--splits", "test-tatoeba", "--out", str(out)]) == 0
    r = json.loads(out.with_suffix(".json").read_text())["directions"]["en-es"]
    assert r["held_out"]["lines"] == 2  # "Hello." holds no verb of the table
    assert r["held_out"]["right"] == 1  # "slept" lost
    check = r["check_set"]
    assert check["pairs"] == 40 and check["right"] == 0  # no held-out verb is "olvidar"
    assert len(check["misses"]) == verbs.SHOWN
    assert "| en-es |" in out.with_suffix(".md").read_text()


def test_verbs_are_found_by_any_of_their_forms():
    spanish, english = verbs.forms_by_verb("es"), verbs.forms_by_verb("en")
    assert verbs.verbs_in("¿Olvidaste la contraseña?", spanish) == {"olvidar"}
    assert verbs.verbs_in("Voy a olvidar.", spanish) == {"ir", "olvidar"}  # the infinitive too
    assert verbs.verbs_in("She forgot, he forgets.", english) == {"forget"}
    assert verbs.verbs_in("Unforgotten", english) == set()  # whole words only
    assert verbs.pairs_of("es", "en")["ver"] == {"watch"}


def test_languages_name_a_language_by_any_of_its_forms():
    every = languages.languages()
    assert [x.english for x in languages.named("Mis vecinos son franceses.", "es", every)] == ["French"]
    assert [x.english for x in languages.named("I like French food.", "en", every)] == ["French"]
    assert languages.named("Frenchman", "en", every) == []  # whole words only
