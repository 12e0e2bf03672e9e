import io
import re
import sys

import pytest

from tests.domains import tagged_copy
from tests.processes import run_python
from translator.__main__ import main
from translator.facade import Translator

LINES = ["the lord said", "god and the earth", "", "kalo mine ta"]
N_BEST_LINE = re.compile(r"^(\d+) \|\|\| (.*) \|\|\| (-?\d+\.\d{4})$")


def _cli(repo_root, *args, stdin=""):
    return run_python("-m", "translator", *args, input=stdin, cwd=repo_root)


@pytest.fixture
def run_main(monkeypatch, capsys):
    """main(argv) in this process with `stdin` as standard input -> (exit code, stdout, stderr)."""

    def run(argv, stdin=""):
        monkeypatch.setattr(sys, "stdin", io.StringIO(stdin))
        code = main(argv)
        out, err = capsys.readouterr()
        return code, out, err

    return run


@pytest.mark.slow
def test_translate_subprocess(repo_root, model_dir):
    proc = _cli(repo_root, "translate", "--model", model_dir, stdin="".join(f"{line}\n" for line in LINES))
    assert proc.returncode == 0, proc.stderr
    out = proc.stdout.split("\n")
    assert out[-1] == ""
    assert out[:-1] == [t.text for t in Translator.load(model_dir).translate(LINES)]
    assert out[2] == ""


def test_n_best_format(run_main, model_dir, monkeypatch):
    monkeypatch.setattr("translator.__main__.CHUNK_LINES", 2)  # numbering continues across chunks
    code, out, err = run_main(["translate", "--model", str(model_dir), "--n-best", "3"], "\n".join(LINES))
    assert code == 0, err
    rows = [N_BEST_LINE.match(line) for line in out.splitlines()]
    assert all(rows), out
    indices = [int(m.group(1)) for m in rows]
    # Up to three lines per non-blank input (hypotheses the repairs make one text come once), in order; a
    # blank line has one (empty) translation.
    assert indices == sorted(indices) and set(indices) == {0, 1, 2, 3}
    assert all(1 <= indices.count(i) <= 3 for i in (0, 1, 3)) and indices.count(2) == 1
    for i in (0, 1, 3):
        scores = [float(m.group(3)) for m in rows if int(m.group(1)) == i]
        assert scores == sorted(scores, reverse=True)
    assert rows[indices.index(2)].group(2) == ""


def test_greedy_and_options(run_main, model_dir):
    code, out, _ = run_main(
        ["translate", "--model", str(model_dir), "--decode", "greedy"], "the lord said\ngod\n"
    )
    assert code == 0
    expected = [
        t.text for t in Translator.load(model_dir).translate(["the lord said", "god"], decode="greedy")
    ]
    assert out.splitlines() == expected


def test_int8_option(run_main, model_dir):
    args = ["translate", "--model", str(model_dir), "--precision", "int8"]
    code, out, _ = run_main(args, "the lord said\n")
    assert code == 0
    expected = Translator.load(model_dir, precision="int8").translate(["the lord said"])[0].text
    assert out.splitlines() == [expected]


@pytest.mark.slow  # torch.compile builds C++ with g++
def test_compile_option(run_main, model_dir):
    args = ["translate", "--model", str(model_dir), "--compile"]
    code, out, _ = run_main(args, "the lord said\n")
    assert code == 0
    assert out.splitlines() == [Translator.load(model_dir).translate(["the lord said"])[0].text]


def test_search_flags_left_out_take_the_model_settings(run_main, configured_model_dir, searches):
    code, _, err = run_main(["translate", "--model", str(configured_model_dir)], "god\n")
    assert code == 0, err
    assert [(s["search"], s["beam_size"], s["alpha"]) for s in searches] == [("beam", 3, 0.5)]


def test_search_flags_given_override_the_model_settings(run_main, configured_model_dir, searches):
    args = ["translate", "--model", str(configured_model_dir), "--beam-size", "2", "--alpha", "1.5"]
    assert run_main(args, "god\n")[0] == 0
    assert [(s["search"], s["beam_size"], s["alpha"]) for s in searches] == [("beam", 2, 1.5)]
    args = ["translate", "--model", str(configured_model_dir), "--decode", "greedy"]
    assert run_main(args, "god\n")[0] == 0
    assert [(s["search"], s["alpha"]) for s in searches[1:]] == [("greedy", 0.5)]


def test_n_best_is_checked_against_the_model_beam(run_main, configured_model_dir):
    code, out, err = run_main(["translate", "--model", str(configured_model_dir), "--n-best", "4"], "god\n")
    assert (code, out) == (2, "")
    assert err == "error: --n-best 4 exceeds --beam-size 3\n"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--n-best", "5"], "--n-best 5 exceeds --beam-size 4"),
        (["--n-best", "3", "--beam-size", "2"], "--n-best 3 exceeds --beam-size 2"),
        (["--n-best", "2", "--decode", "greedy"], "--n-best needs --decode beam"),
        (["--precision", "fp16", "--device", "cpu"], "fp16 needs a GPU"),
    ],
)
def test_inconsistent_options(run_main, model_dir, args, message):
    code, out, err = run_main(["translate", "--model", str(model_dir), *args], "god\n")
    assert code == 2
    assert message in err
    assert out == ""


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--beam-size", "0"], "--beam-size: must be >= 1"),
        (["--n-best", "-1"], "--n-best: must be >= 1"),
        (["--alpha", "9"], "--alpha: must be in"),
        (["--decode", "sampling"], "--decode: invalid choice"),
    ],
)
def test_bad_arguments_are_usage_errors(run_main, model_dir, args, message, capsys):
    with pytest.raises(SystemExit) as info:
        run_main(["translate", "--model", str(model_dir), *args])
    assert info.value.code == 2
    assert message in capsys.readouterr().err


@pytest.mark.slow
def test_corrupt_model_file(repo_root, tmp_path):
    (tmp_path / "model.pt").write_bytes(b"\x00garbage" * 100)
    proc = _cli(repo_root, "translate", "--model", tmp_path, stdin="god\n")
    assert proc.returncode == 2
    assert f"{tmp_path / 'model.pt'}: not a readable checkpoint" in proc.stderr
    assert "Traceback" not in proc.stderr
    assert proc.stdout == ""


def test_stdin_not_utf8(model_dir, monkeypatch, capsys):
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(b"god\n\xff\xfe\n"), encoding="utf-8"))
    assert main(["translate", "--model", str(model_dir)]) == 2
    assert "error: standard input is not valid UTF-8" in capsys.readouterr().err


def test_missing_model_directory(run_main, tmp_path):
    code, _, err = run_main(["translate", "--model", str(tmp_path)])
    assert code == 2
    assert f"error: {tmp_path}: no model.pt, best.pt or last.pt" in err


def test_export_command(run_main, model_dir, tmp_path):
    code, out, _ = run_main(["export", "--checkpoint", str(model_dir), "--out", str(tmp_path / "exported")])
    assert code == 0
    assert out.startswith(f"wrote {tmp_path / 'exported' / 'model.pt'}")
    exported = Translator.load(tmp_path / "exported")
    assert exported.metadata["step"] == 7


def test_export_records_metrics(model_dir, tmp_path):
    from translator.checkpoint import load_checkpoint

    out = tmp_path / "exported"
    args = ["export", "--checkpoint", str(model_dir), "--out", str(out)]
    assert main([*args, "--metric", "test_bleu=31.4"]) == 0
    metrics = load_checkpoint(out / "model.pt").metrics
    assert metrics["test_bleu"] == 31.4 and metrics["bleu"] == 1.5
    with pytest.raises(SystemExit):
        main([*args, "--metric", "bleu"])


def test_export_sets_decoding_defaults(run_main, model_dir, tmp_path):
    from translator.checkpoint import load_checkpoint

    out = tmp_path / "exported"
    args = ["export", "--checkpoint", str(model_dir), "--out", str(out)]
    code, _, err = run_main([*args, "--decoding", "alpha=1.25", "--decoding", "early_stop=false"])
    assert code == 0, err
    exported, original = load_checkpoint(out / "model.pt"), load_checkpoint(model_dir / "model.pt")
    decoding = exported.config.decoding
    assert (decoding.alpha, decoding.early_stop) == (1.25, False)
    assert decoding.beam_size == original.config.decoding.beam_size  # the keys not named stay
    assert Translator.load(out).config.decoding == decoding  # what every request then takes
    assert exported.model_state.keys() == original.model_state.keys()  # the weights as they were
    assert all(exported.model_state[k].equal(original.model_state[k].half()) for k in exported.model_state)
    # A key the section lacks, or a value of the wrong type: a message and exit 2, nothing written.
    for wrong, message in (("bogus=1", "unknown key(s) ['bogus']"), ("early_stop=maybe", "expected bool")):
        code, _, err = run_main([*args[:-1], str(tmp_path / "other"), "--decoding", wrong])
        assert code == 2 and message in err
        assert not (tmp_path / "other" / "model.pt").exists()
    with pytest.raises(SystemExit):
        main([*args, "--decoding", "alpha"])


def test_lexicon_options(run_main, model_dir, tmp_path):
    raw = [t.text for t in Translator.load(model_dir, lexicon=False).translate(LINES[:2])]
    code, out, err = run_main(["translate", "--model", str(model_dir), "--no-lexicon"], "\n".join(LINES[:2]))
    assert (code, out.splitlines()) == (0, raw), err
    words = tmp_path / "words.tsv"
    words.write_text("coffee\tcafé\n", encoding="utf-8")
    code, out, err = run_main(["translate", "--model", str(model_dir), "--lexicon", str(words)], LINES[0])
    assert (code, out.splitlines()) == (0, raw[:1]), err  # no copied word in this output to replace
    words.write_text("coffee café\n", encoding="utf-8")
    code, out, err = run_main(["translate", "--model", str(model_dir), "--lexicon", str(words)], LINES[0])
    assert code == 2 and out == ""
    assert err.startswith("error: lexicon ") and "line 1: expected `source<TAB>target`" in err


def test_domain_option(run_main, model_dir, tmp_path):
    tagged = tagged_copy(model_dir, tmp_path / "tagged")
    expected = [t.text for t in Translator.load(tagged).translate(LINES[:2], domain="bible")]
    code, out, err = run_main(
        ["translate", "--model", str(tagged), "--domain", "bible"], "\n".join(LINES[:2])
    )
    assert (code, out.splitlines()) == (0, expected), err
    code, out, err = run_main(["translate", "--model", str(tagged), "--domain", "law"], LINES[0])
    assert (code, out) == (2, "")
    assert "domain 'law': this model's domains are: bible" in err and "Traceback" not in err


def test_html_format_translates_the_text_and_keeps_the_markup(run_main, model_dir):
    html = "<h1>the lord said</h1>\n<p>god and <b>the earth</b></p><pre>kalo mine</pre>\n"
    code, out, err = run_main(["translate", "--model", str(model_dir), "--format", "html"], html)
    assert code == 0, err
    said = Translator.load(model_dir).translate(["the lord said"])[0].text
    assert out.startswith(f"<h1>{said}</h1>\n<p>") and out.endswith("</p><pre>kalo mine</pre>\n")
    assert out.count("<b>") == 1 and out.count("</b>") == 1
    code, out, err = run_main(["translate", "--model", str(model_dir), "--format", "html"], "<p>a\x01</p>")
    assert code == 2 and "control character U+0001" in err and out == ""
    code, _, err = run_main(
        ["translate", "--model", str(model_dir), "--format", "html", "--decode", "beam", "--n-best", "2"],
        "<p>x</p>",
    )
    assert code == 2 and "--n-best needs --format text" in err
