"""python -m bench: one entry point whose commands hand the rest of the command line to bench's modules."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from bench.__main__ import COMMANDS, main

EXPECTED = (
    "run",
    "quality",
    "equal-budget",
    "examples",
    "preserve",
    "numerals",
    "languages",
    "verbs",
    "overlap",
    "by-source",
    "typed",
    "html",
    "recipes",
    "load",
    "throughput",
    "busy-neighbour",
    "peers",
)


def _bench(repo_root, *args):
    return subprocess.run(
        [sys.executable, "-m", "bench", *args], capture_output=True, text=True, cwd=repo_root, timeout=120
    )


def test_help_lists_every_command(repo_root):
    done = _bench(repo_root, "--help")
    assert done.returncode == 0, done.stderr
    assert "usage: python -m bench" in done.stdout
    assert tuple(COMMANDS) == EXPECTED
    for command in EXPECTED:
        assert f"\n  {command} " in done.stdout, command


@pytest.mark.parametrize("args", [["no-such-command"], ["no-such-command", "--help"], []])
def test_an_unknown_or_missing_command_exits_non_zero_with_a_message(repo_root, args):
    done = _bench(repo_root, *args)
    assert done.returncode == 2
    assert done.stdout == ""
    message = "invalid choice: 'no-such-command'" if args else "the following arguments are required: COMMAND"
    assert message in done.stderr


@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_each_command_parses_its_own_options(command, capsys):
    """--help after a command is the command's own, not this entry point's."""
    with pytest.raises(SystemExit) as exit_:
        main([command, "--help"])
    assert exit_.value.code == 0
    assert capsys.readouterr().out.startswith(f"usage: python -m bench {command} ")


def test_the_rest_of_the_command_line_goes_to_the_command(tmp_path, capsys):
    run = tmp_path / "run"
    run.mkdir()
    rows = [{"step": 10 * i, "tokens_per_s": rate} for i, rate in enumerate([1.0, 300.0, 100.0, 200.0])]
    (run / "metrics.jsonl").write_text("".join(json.dumps(r) + "\n" for r in rows))
    assert main(["throughput", str(run)]) == 0
    assert json.loads(capsys.readouterr().out) == {"run": str(run), "median": 200.0, "windows": 3}


@pytest.mark.slow
@pytest.mark.parametrize(
    ("module", "option"), [("bench.quality", "--data-dir"), ("bench.equal_budget", "--minutes")]
)
def test_a_command_runs_as_its_own_module_too(repo_root, module, option):
    done = subprocess.run(
        [sys.executable, "-m", module, "--help"],
        capture_output=True,
        text=True,
        cwd=repo_root,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert option in done.stdout
