#!/usr/bin/env bash
# Installs the Debian packages the data (lttoolbox-dev: lt-print reads the Apertium dictionary; groff-base renders
# man pages), the Apertium baseline, the benchmark's HTTP load generator (wrk) and `make setup`
# (python3-venv: Debian's python3 makes the project's .venv only with it) need, if they are missing.
set -euo pipefail
packages=(sword-text-kjv sword-text-sparv sword-text-web apertium apertium-eng-spa lttoolbox-dev groff-base wrk python3-venv)
missing=()
for p in "${packages[@]}"; do
  dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && { echo "packages present: ${packages[*]}"; exit 0; }
sudo=""
[ "$(id -u)" -ne 0 ] && sudo="sudo"
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}"
