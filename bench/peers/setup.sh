#!/usr/bin/env bash
# Virtual environments for the peer toolkits, installed so that they work on this machine:
#   bench/.venv-joey  Joey NMT 2.3.0
#   bench/.venv-onmt  OpenNMT-py 3.5.1
# torch==2.13.0 goes in first and stays pinned in every later pip line (or the line uses --no-deps),
# so no install can pull another torch (OpenNMT-py itself pins torch<2.3). A venv whose imports
# already work is left alone, so running this again is cheap.
#
#   bash bench/peers/setup.sh [joey|onmt ...]    # default: both; PYTHON picks the base interpreter
set -euo pipefail

BENCH="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
PYTHON="${PYTHON:-python3}"
TORCH="torch==2.13.0"

works() {  # works VENV MODULE...: the venv imports every MODULE beside the pinned torch
    local venv="$1"; shift
    [ -x "$venv/bin/python" ] && "$venv/bin/python" - "$@" <<'PY' >/dev/null 2>&1
import importlib, sys
import torch
assert torch.__version__.split("+")[0] == "2.13.0", torch.__version__
for module in sys.argv[1:]:
    importlib.import_module(module)
PY
}

fresh_venv() {  # fresh_venv VENV: an empty venv with torch 2.13.0 in it
    rm -rf "$1"
    "$PYTHON" -m venv "$1"
    "$1/bin/python" -m pip install --quiet --upgrade pip
    "$1/bin/python" -m pip install --quiet "$TORCH"
}

setup_joey() {
    local venv="$BENCH/.venv-joey"
    if works "$venv" joeynmt; then echo "joey: $venv already works"; return; fi
    echo "joey: installing into $venv"
    fresh_venv "$venv"
    "$venv/bin/python" -m pip install --quiet joeynmt==2.3.0 "$TORCH" sacrebleu importlib_metadata
    works "$venv" joeynmt || { echo "joey: install finished but joeynmt does not import" >&2; exit 1; }
    echo "joey: ready"
}

setup_onmt() {
    local venv="$BENCH/.venv-onmt"
    if works "$venv" onmt.bin.train onmt.bin.server sentencepiece; then
        echo "onmt: $venv already works"; return
    fi
    echo "onmt: installing into $venv"
    fresh_venv "$venv"
    # OpenNMT-py 3.5.1 pins torch<2.3: install it without dependencies, then its dependencies by hand
    # (pip then warns that opennmt-py wants torch<2.3: expected). sentencepiece, the project's pin,
    # is for onmt_server, which encodes and decodes with our model.
    "$venv/bin/python" -m pip install --quiet --no-deps OpenNMT-py==3.5.1
    "$venv/bin/python" -m pip install --quiet "$TORCH" configargparse "ctranslate2>=4,<5" \
        "tensorboard>=2.3" flask waitress "pyonmttok>=1.37,<2" pyyaml sacrebleu rapidfuzz \
        pyahocorasick fasttext-wheel spacy six sentencepiece==0.2.3
    works "$venv" onmt.bin.train onmt.bin.server sentencepiece \
        || { echo "onmt: install finished but onmt does not import" >&2; exit 1; }
    echo "onmt: ready"
}

peers=("$@")
[ ${#peers[@]} -gt 0 ] || peers=(joey onmt)
for peer in "${peers[@]}"; do
    case "$peer" in
        joey) setup_joey ;;
        onmt) setup_onmt ;;
        *) echo "unknown peer $peer (joey|onmt)" >&2; exit 2 ;;
    esac
done
