"""TranslatorError: every error class of the project derives from it, and every command line prints it
as one line and exits 2, while any other exception keeps its traceback."""

from __future__ import annotations

import importlib
import inspect
import pkgutil

import pytest

import data.prepare
import training.average
import training.evaluate
import training.train
import translator.__main__
from tests.processes import run_python
from translator.errors import TranslatorError


def _project_modules() -> list[str]:
    """Every module of the four packages but the command lines' and the fixture cutters'."""
    names = []
    for package in ("translator", "api", "training", "data"):
        path = importlib.import_module(package).__path__
        for info in pkgutil.walk_packages(path, f"{package}."):
            if not info.name.endswith(".__main__") and not info.name.startswith("data.fixtures"):
                names.append(info.name)
    return names


def test_every_project_exception_is_a_translator_error():
    errors = [
        cls
        for name in _project_modules()
        for cls in vars(importlib.import_module(name)).values()
        if inspect.isclass(cls) and issubclass(cls, BaseException) and cls.__module__ == name
    ]
    assert len(errors) > 20
    assert [cls.__qualname__ for cls in errors if not issubclass(cls, TranslatorError)] == []


# (module, the library call its main makes, arguments that reach that call)
CLIS = {
    "translator": (translator.__main__, "translate", ["translate", "--model", "m"]),
    "training.train": (training.train, "train", ["--config", "configs/tiny.yaml"]),
    "training.evaluate": (training.evaluate, "evaluate", ["--model", "m", "--src", "s", "--ref", "r"]),
    "training.average": (training.average, "average_checkpoints", ["--out", "o.pt", "a.pt"]),
    "data.prepare": (data.prepare, "prepare", ["--config", "configs/tiny.yaml"]),
}


def _raising(exc: BaseException):
    def call(*args, **kwargs):
        raise exc

    return call


@pytest.mark.parametrize("name", CLIS)
def test_a_project_error_exits_2_with_its_message(name, monkeypatch, capsys, repo_root):
    module, call, argv = CLIS[name]
    monkeypatch.chdir(repo_root)
    monkeypatch.setattr(module, call, _raising(TranslatorError("the input is unusable")))
    assert module.main(argv) == 2
    assert capsys.readouterr().err == "error: the input is unusable\n"


@pytest.mark.parametrize("name", CLIS)
@pytest.mark.parametrize("bug", [ValueError("a bug"), KeyError("a bug"), RuntimeError("a bug")])
def test_any_other_exception_is_not_swallowed(name, bug, monkeypatch, repo_root):
    module, call, argv = CLIS[name]
    monkeypatch.chdir(repo_root)
    monkeypatch.setattr(module, call, _raising(bug))
    with pytest.raises(type(bug), match="a bug"):
        module.main(argv)


@pytest.mark.slow
@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["translator", "translate", "--model", "{tmp}"], "no model.pt, best.pt or last.pt"),
        (["training.train", "--config", "{tmp}/none.yaml"], "no such config file"),
        (["training.evaluate", "--model", "{tmp}", "--src", "a", "--ref", "b"], "no model.pt, best.pt"),
        (["data.prepare", "--config", "{tmp}/none.yaml"], "no such config file"),
    ],
    ids=lambda value: value[0] if isinstance(value, list) else "",
)
def test_bad_input_through_the_entry_point(argv, message, tmp_path):
    proc = run_python("-m", *(arg.replace("{tmp}", str(tmp_path)) for arg in argv))
    assert proc.returncode == 2
    assert proc.stderr.startswith("error: ") and message in proc.stderr
    assert "Traceback" not in proc.stderr
