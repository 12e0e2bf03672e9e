"""The CPU images run on a real Docker engine: the api container becomes healthy, is ready, translates,
runs as uid 10001 on a read-only root filesystem and stops cleanly on SIGTERM; through docker-compose,
api-cpu serves, train-cpu trains configs/tiny.yaml into the runs volume and --resume continues it, and
evaluate-cpu prints BLEU for that run.

These need the engine and the images rnn-translator:cpu and rnn-translator-train:cpu, which .ci/run
starts and builds (docker/start-engine.sh, docker/make-base-image.sh, docker build). They run when
MT_CONTAINER_TESTS=1 (.ci/run sets it), and then a missing engine or image fails them; elsewhere they
skip. `docker run` containers share the host's network (the engine has no default bridge); compose's
get the network compose creates, published on a free port of the host.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import time
import urllib.error
import urllib.request
import uuid
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
API_IMAGE = "rnn-translator:cpu"
TRAIN_IMAGE = "rnn-translator-train:cpu"
COMPOSE = ROOT / "docker-compose.yml"
# Generous: the CPU service compiles its models at startup (MT_COMPILE) on a loaded 2-core machine.
STARTUP_S = 600

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(
        os.environ.get("MT_CONTAINER_TESTS") != "1",
        reason="needs a Docker engine and the CPU images: MT_CONTAINER_TESTS=1 (.ci/run sets it)",
    ),
]


def docker(*args: str, check: bool = True, timeout: float = 120) -> subprocess.CompletedProcess:
    proc = subprocess.run(["docker", *args], capture_output=True, text=True, timeout=timeout)
    if check and proc.returncode != 0:
        pytest.fail(f"docker {' '.join(args)}: exit {proc.returncode}\n{proc.stdout}\n{proc.stderr}")
    return proc


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def http(port: int, path: str, body: dict | None = None) -> tuple[int, dict]:
    """(status, JSON body) of GET path, or POST body as JSON."""
    data = None if body is None else json.dumps(body).encode()
    request = urllib.request.Request(
        f"http://127.0.0.1:{port}{path}", data=data, headers={"Content-Type": "application/json"}
    )
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as exc:
        return exc.code, json.loads(exc.read() or b"{}")


def wait_until_ready(port: int, alive) -> float:
    """Seconds until GET /ready answers 200; fails when `alive()` turns false or after STARTUP_S."""
    start = time.monotonic()
    while time.monotonic() - start < STARTUP_S:
        try:
            if http(port, "/ready")[0] == 200:
                return time.monotonic() - start
        except (OSError, ValueError):
            pass  # not listening yet
        assert alive(), "the service exited before it was ready"
        time.sleep(1)
    pytest.fail(f"/ready did not answer 200 within {STARTUP_S} s")


def translate(port: int) -> str:
    status, body = http(
        port,
        "/libre/translate",
        {"q": "In the beginning God created the heaven and the earth.", "source": "en", "target": "es"},
    )
    assert status == 200, body
    return body["translatedText"]


@pytest.fixture(scope="module")
def engine() -> None:
    assert shutil.which("docker"), "no docker client (apt-get install docker.io)"
    info = docker("info", "--format", "{{.ServerVersion}}", check=False)
    assert info.returncode == 0, f"no Docker engine answers (docker/start-engine.sh):\n{info.stderr}"
    for image in (API_IMAGE, TRAIN_IMAGE):
        found = docker("image", "inspect", image, check=False)
        assert found.returncode == 0, f"no image {image}: build it as .ci/run does"


# ---------------------------------------------------------------------------------------------------
# docker run: the api image as a platform would run it


@pytest.fixture(scope="module")
def api_container(engine):
    """A running api container: read-only root, a tmpfs on /tmp (torch.compile's cache, matplotlib's
    config), the image's own command and healthcheck, the latter every 2 s instead of 30 s."""
    port, name = free_port(), f"mtci-api-{uuid.uuid4().hex[:8]}"
    docker(
        "run", "-d", "--name", name, "--network", "host", "--read-only", "--tmpfs", "/tmp",
        "--health-interval", "2s", "-e", f"MT_PORT={port}", API_IMAGE,
    )  # fmt: skip

    def state() -> dict:
        return json.loads(docker("inspect", "--format", "{{json .State}}", name).stdout)

    start = time.monotonic()
    ready_s = wait_until_ready(port, lambda: state()["Running"])
    while state()["Health"]["Status"] != "healthy" and time.monotonic() - start < STARTUP_S:
        assert state()["Running"], docker("logs", name).stderr
        time.sleep(1)
    healthy_s = time.monotonic() - start
    print(f"\n{API_IMAGE}: ready after {ready_s:.1f} s, healthy after {healthy_s:.1f} s")
    yield {"name": name, "port": port, "state": state}
    docker("rm", "-f", name, check=False)


def test_container_becomes_healthy_and_ready(api_container):
    assert api_container["state"]()["Health"]["Status"] == "healthy"
    status, body = http(api_container["port"], "/ready")
    assert status == 200 and body["status"] == "ready" and body["models"] == 2, body


def test_container_translates(api_container):
    assert "Dios" in translate(api_container["port"])


def test_container_runs_as_non_root_on_a_read_only_root(api_container):
    name = api_container["name"]
    assert docker("exec", name, "id", "-u").stdout.strip() == "10001"
    assert docker("inspect", "--format", "{{.HostConfig.ReadonlyRootfs}}", name).stdout.strip() == "true"
    write = docker("exec", name, "touch", "/app/models/x", check=False)
    assert write.returncode != 0 and "Read-only file system" in write.stderr


def test_sigterm_stops_the_container_cleanly(api_container):
    """`docker stop` sends SIGTERM and kills only after its timeout: exit 0 (not 137, SIGKILL) and
    uvicorn's shutdown in the log mean the service stopped by itself."""
    name = api_container["name"]
    start = time.monotonic()
    docker("stop", "--time", "60", name, timeout=120)
    stopped_s = time.monotonic() - start
    state = api_container["state"]()
    assert state["ExitCode"] == 0 and not state["OOMKilled"], state
    assert stopped_s < 60
    assert "Finished server process" in docker("logs", name).stderr


# ---------------------------------------------------------------------------------------------------
# docker-compose: the services of docker-compose.yml as they are


@pytest.fixture(scope="module")
def compose(engine, tmp_path_factory):
    """Runs docker-compose on a project and volumes of its own (MT_VOLUME_PREFIX), removed at the end."""
    assert shutil.which("docker-compose"), "no docker-compose (apt-get install docker-compose)"
    tag = f"mtci{uuid.uuid4().hex[:8]}"
    env = {k: v for k, v in os.environ.items() if k not in {"CONFIG", "MODEL", "SPLIT", "NPROC_PER_NODE"}}
    env |= {
        "HOME": str(tmp_path_factory.mktemp("home")),
        "MT_VOLUME_PREFIX": tag,
        "MT_PUBLISH_PORT": str(free_port()),
        # torch.compile in the container is proven by the docker run tests above; here it would only
        # add its startup minute.
        "MT_COMPILE": "false",
    }

    def run(*args: str, timeout: float = 600, **extra_env: str) -> subprocess.CompletedProcess:
        return subprocess.run(
            ["docker-compose", "-p", tag, "-f", str(COMPOSE), "--profile", "cpu", *args],
            capture_output=True, text=True, timeout=timeout, env=env | extra_env, cwd=ROOT,
        )  # fmt: skip

    run.port = int(env["MT_PUBLISH_PORT"])
    yield run
    run("down", "--volumes", "--timeout", "30")


def test_compose_up_api_serves(compose):
    up = compose("up", "-d", "--no-build", "api-cpu")
    assert up.returncode == 0, up.stderr
    try:
        running = compose("ps", "-q", "api-cpu").stdout.strip()
        assert running, "api-cpu is not running"
        wait_until_ready(compose.port, lambda: bool(compose("ps", "-q", "--filter", "status=running").stdout))
        assert "Dios" in translate(compose.port)
    finally:
        compose("stop", "api-cpu")


def log_lines(proc: subprocess.CompletedProcess) -> str:
    """The output without progress bars, for the CI log."""
    lines = (proc.stdout + proc.stderr).replace("\r", "\n").splitlines()
    return "\n".join(line for line in lines if line.strip() and "/s]" not in line and "%|" not in line)


def test_compose_train_resume_and_evaluate(compose):
    """train-cpu prepares configs/tiny.yaml's data (its TSV mounted from tests/fixtures) and trains 5
    steps into the runs volume; the same command with --max-steps 10 resumes at step 5; evaluate-cpu,
    the service's own command, scores runs/tiny. training.compile=false: the compiled training step is
    tested outside the container, and compiling costs a minute per run on 2 cores."""
    fixtures = f"{ROOT / 'tests' / 'fixtures'}:/app/tests/fixtures:ro"
    train = ["run", "--rm", "-v", fixtures, "train-cpu", "torchrun", "--nproc_per_node", "1", "-m"]
    train += ["training.train", "--config", "configs/tiny.yaml", "--set", "training.compile=false"]
    train += ["--resume", "--max-steps"]

    first = compose(*train, "5")
    print(f"\ntrain (5 steps):\n{log_lines(first)}")
    assert first.returncode == 0, first.stderr
    assert "running python -m data.prepare --config configs/tiny.yaml" in first.stderr

    second = compose(*train, "10")
    print(f"\ntrain --resume (to 10):\n{log_lines(second)}")
    assert second.returncode == 0, second.stderr
    assert "data.prepare" not in second.stderr  # the prepared volume kept the data
    assert "resumed from runs/tiny/last.pt at step 5" in second.stdout + second.stderr

    steps = compose(
        "run", "--rm", "train-cpu", "python", "-c",
        "import json; print(max(json.loads(r).get('step', 0) for r in open('runs/tiny/metrics.jsonl')))",
    )  # fmt: skip
    assert steps.returncode == 0 and steps.stdout.strip().splitlines()[-1] == "10", steps.stderr

    evaluate = compose("run", "--rm", "evaluate-cpu", MODEL="runs/tiny", SPLIT="test")
    print(f"\nevaluate:\n{log_lines(evaluate)}")
    assert evaluate.returncode == 0, evaluate.stderr
    assert "BLEU" in evaluate.stdout and "runs/tiny/best.pt (step" in evaluate.stdout
