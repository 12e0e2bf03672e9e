# rnn-translator images. Targets (docker build --target NAME), every one built from this file:
#   api    (the default, last stage): serves the shipped models/ on 0.0.0.0:8000 (python -m api)
#   train  the api image plus the Debian packages the data and the baseline need (sword-text-kjv,
#          sword-text-sparv, sword-text-web, apertium, apertium-eng-spa); runs python -m data.prepare,
#          torchrun -m training.train and python -m training.evaluate
#
# Build arguments:
#   TORCH_VARIANT=cuda (default)  torch==2.13.0 from PyPI: the CUDA build. Its CUDA 13.0 runtime,
#                                 cuDNN 9 and NCCL come as nvidia-* wheels inside the image, so the
#                                 host needs only an NVIDIA driver that supports CUDA 13.0 (>= 580)
#                                 and the NVIDIA Container Toolkit.
#   TORCH_VARIANT=cpu             torch==2.13.0+cpu from the PyTorch CPU index: no CUDA libraries, far smaller.
#   PYTHON_IMAGE                  the base of every stage (default python:3.11-slim-bookworm); without
#                                 Docker Hub, docker/make-base-image.sh makes one from Debian packages.
#   PIP_INDEX_URL                 the package index for everything pip installs (default PyPI), e.g. a
#                                 local mirror.
#
# Offline-friendly (docs/containers.md): no line pulls a Dockerfile frontend, so the engine's own
# BuildKit builds this file, with --network host where the engine has no bridge. Two optional inputs:
#   docker/wheels/                a torch 2.13.0 wheel of the variant placed here (torch-2.13.0+cpu-*.whl
#                                 for cpu, torch-2.13.0-*.whl for cuda) is installed instead of
#                                 downloading it; the rest still comes from the index. Git ignores it.
#   --secret id=ca,src=BUNDLE     a CA bundle for pip (PIP_CERT), where a proxy re-signs TLS. It is
#                                 mounted for the RUN steps only and stays out of every layer.

# Why python:3.11-slim-bookworm and not an nvidia/cuda or pytorch/pytorch base, also for the GPU
# image: the project pins torch==2.13.0, and that version on PyPI is built for CUDA 13.0 and brings
# its own CUDA libraries. A CUDA 12.x base would ship a second, unused CUDA next to them, and a
# pytorch/pytorch base ships its own torch, which the pin would replace. Debian 12 with Python 3.11
# is also exactly what the dev machines and CI run, so the Bible packages and Apertium in the train
# image have the versions the tests and the documented scores were made with. The NVIDIA_* variables
# that an nvidia/cuda base would set are set in the cuda stage below.

ARG PYTHON_IMAGE=python:3.11-slim-bookworm
ARG TORCH_VARIANT=cuda

# ---------------------------------------------------------------------------------------------------
# build: a virtual environment holding torch, the pinned dependencies and the project (not editable).
FROM ${PYTHON_IMAGE} AS build
ARG TORCH_VARIANT
ARG PIP_INDEX_URL
ENV PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PIP_ROOT_USER_ACTION=ignore \
    PATH=/opt/venv/bin:$PATH
RUN python -m venv /opt/venv
# torch first, from the index of the variant or from docker/wheels (mounted through docker/, which
# always exists, so that the build works without it), as `make setup` does; pip then finds
# the torch==2.13.0 pin satisfied (2.13.0+cpu matches it too) and installs no other build.
RUN --mount=type=cache,target=/root/.cache/pip \
    --mount=type=secret,id=ca \
    --mount=type=bind,source=docker,target=/mnt/docker \
    if [ -f /run/secrets/ca ]; then export PIP_CERT=/run/secrets/ca; fi; \
    case "$TORCH_VARIANT" in \
      cpu) wheel=torch-2.13.0+cpu-cp311- index=https://download.pytorch.org/whl/cpu ;; \
      cuda) wheel=torch-2.13.0-cp311- index=${PIP_INDEX_URL:-https://pypi.org/simple} ;; \
      *) echo "TORCH_VARIANT must be cuda or cpu, not '$TORCH_VARIANT'" >&2; exit 1 ;; \
    esac; \
    if ls /mnt/docker/wheels/"$wheel"*.whl >/dev/null 2>&1; then \
      pip install torch==2.13.0 --find-links /mnt/docker/wheels; \
    else pip install torch==2.13.0 --index-url "$index"; fi
WORKDIR /src
# The pinned dependencies, read from pyproject.toml, in a layer of their own: editing the code does
# not download them again.
COPY pyproject.toml ./
RUN --mount=type=cache,target=/root/.cache/pip \
    --mount=type=secret,id=ca \
    if [ -f /run/secrets/ca ]; then export PIP_CERT=/run/secrets/ca; fi; \
    python -c "import tomllib; print(*tomllib.load(open('pyproject.toml', 'rb'))['project']['dependencies'], sep='\n')" \
      > /tmp/requirements.txt \
 && pip install -r /tmp/requirements.txt
COPY translator/ translator/
COPY data/ data/
COPY training/ training/
COPY api/ api/
RUN --mount=type=secret,id=ca \
    if [ -f /run/secrets/ca ]; then export PIP_CERT=/run/secrets/ca; fi; \
    pip install --no-deps --no-cache-dir . \
 && python -c "import api, data.prepare, training.train, training.evaluate, translator"
# torch's wheel carries its own C++ test programs and protoc, which nothing here runs (about 130 MB;
# bin/torch_shm_manager stays: DataLoader workers share tensors through it).
RUN t=/opt/venv/lib/python3.11/site-packages/torch \
 && rm -r "$t/test" "$t"/bin/*Test "$t"/bin/test_* "$t"/bin/protoc*

# ---------------------------------------------------------------------------------------------------
# runtime: the environment, a non-root user and /app (configs, models, mount points for the volumes).
FROM ${PYTHON_IMAGE} AS runtime-common
ENV PATH=/opt/venv/bin:$PATH \
    PYTHONUNBUFFERED=1 \
    PYTHONDONTWRITEBYTECODE=1 \
    MPLCONFIGDIR=/tmp/matplotlib \
    MT_HOST=0.0.0.0 \
    MT_PORT=8000 \
    MT_MODELS_DIR=/app/models
RUN useradd --no-log-init --create-home --uid 10001 --user-group mt
# g++: torch.compile fuses the attention (MT_COMPILE, training.compile) by building C++ on the CPU
# and Triton's launcher on CUDA; without a compiler both fall back to plain PyTorch, with a warning.
# The no-docs rule keeps the documentation, manual pages and message catalogues of this and the train
# stage's packages out of the image (gcc's catalogues alone are ~50 MB); `apt-get clean` drops the
# downloaded .debs, which a base made by docker/make-base-image.sh would otherwise keep.
# DL3008 (pin apt versions): bookworm keeps only the current version, as for the train stage below.
# hadolint ignore=DL3008
RUN printf 'path-exclude=/usr/share/%s/*\n' doc man info locale > /etc/dpkg/dpkg.cfg.d/no-docs \
 && apt-get update \
 && apt-get install -y --no-install-recommends g++ \
 && apt-get clean \
 && rm -rf /var/lib/apt/lists/*
COPY --from=build /opt/venv /opt/venv
WORKDIR /app
# /app holds what the documented commands name by relative path: configs/*.yaml, models/, and the
# folders the volumes are mounted on (data/prepared, runs). The code itself is installed in the
# venv; /app/data is only a folder here (no __init__.py), so `import data` finds the installed
# package. The folders exist owned by mt so that a named volume mounted there starts owned by mt.
RUN mkdir -p /app/data/prepared /app/runs && chown -R mt:mt /app
COPY --chown=mt:mt configs/ configs/
COPY --chown=mt:mt models/ models/

# The GPU image: the variables an nvidia/cuda base sets, read by the NVIDIA Container Toolkit.
# NVIDIA_REQUIRE_CUDA makes a host whose driver is too old for torch's CUDA 13.0 fail at start
# with a clear message instead of at the first CUDA call.
FROM runtime-common AS runtime-cuda
ENV NVIDIA_VISIBLE_DEVICES=all \
    NVIDIA_DRIVER_CAPABILITIES=compute,utility \
    NVIDIA_REQUIRE_CUDA="cuda>=13.0"

# The CPU image: nothing to add (MT_DEVICE and training.device `auto` pick the CPU).
FROM runtime-common AS runtime-cpu

# runtime-cuda or runtime-cpu: a stage of this file picked by the build argument, not an image from a
# registry, so there is no tag to pin (DL3006 does not see that the name is a stage's).
# hadolint ignore=DL3006
FROM runtime-${TORCH_VARIANT} AS runtime
# uid:gid of mt (useradd above): numeric, so that a platform checking runAsNonRoot can verify it.
USER 10001:10001
EXPOSE 8000
# python/urllib: the slim base has no curl. Exit 0 only on HTTP 200 from /ready (models loaded, warmed up).
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
    CMD ["python", "-c", "import os, sys, urllib.request; r = urllib.request.urlopen('http://127.0.0.1:%s/ready' % os.environ.get('MT_PORT', '8000'), timeout=4); sys.exit(r.status != 200)"]
# Listens on MT_HOST:MT_PORT and serves MT_MODELS_DIR (the ENV of runtime-common): `docker run -e
# MT_PORT=...` moves the service and the healthcheck together.
CMD ["python", "-m", "api"]

# ---------------------------------------------------------------------------------------------------
# train: data preparation, training and evaluation need the Debian Bible modules (read by
# data/sword.py from /usr/share/sword) and Apertium (the baseline). They live in this stage only,
# so the API image stays without them; the train image is the api image plus these packages, so
# one build cache serves both.
FROM runtime AS train
# root (uid 0) for apt-get only; back to mt below.
USER 0
# DL3008 (pin apt versions): bookworm's archive keeps only the current version of a package, so a
# pin would break the build at the next Debian point release; the versions are those of Debian 12,
# the same as on the dev machines and in CI (data/install_packages.sh installs them unpinned too).
# hadolint ignore=DL3008
RUN apt-get update \
 && apt-get install -y --no-install-recommends \
      sword-text-kjv sword-text-sparv sword-text-web apertium apertium-eng-spa \
 && apt-get clean \
 && rm -rf /var/lib/apt/lists/*
# Prepares the data named by the command's --config when its manifest.json is absent, then runs it.
COPY --chmod=755 docker/entrypoint.sh /usr/local/bin/mt-entrypoint
USER 10001:10001
HEALTHCHECK NONE
ENTRYPOINT ["mt-entrypoint"]
CMD ["torchrun", "--nproc_per_node", "gpu", "-m", "training.train", "--config", "configs/en-es.yaml", "--resume"]

# ---------------------------------------------------------------------------------------------------
# api: the default target (`docker build .` builds it).
FROM runtime AS api
