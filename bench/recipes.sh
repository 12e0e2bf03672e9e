#!/usr/bin/env bash
# Recipe experiments for en-es on the KJV / Reina-Valera pairs alone: six variants of configs/en-es.yaml
# trained side by side on one GPU for the same 4,000 steps, each scored on the test chapters (beam 5).
# Usage: bench/recipes.sh [WORK_DIR]; then `python -m bench recipes` makes bench/recipes/README.md.
set -euo pipefail
work=${1:-bench/work/recipes}
mkdir -p "$work"
for v in 8000 16000; do
  sed -e "s#^  dir: data/prepared/en-es #  dir: $work/kjv-$v #" -e "s#^  extra_train: \[web\]#  extra_train: []#" \
    -e "s#^  vocab_size: 8000 #  vocab_size: $v #" configs/en-es.yaml >"$work/kjv-$v.yaml"
  [ -f "$work/kjv-$v/manifest.json" ] || python3 -m data.prepare --config "$work/kjv-$v.yaml"
done
start() {  # name, then config overrides
  local name=$1; shift
  python3 -m training.train --config "$work/kjv-8000.yaml" --device cuda --run-dir "$work/runs/$name" \
    --set training.max_steps=4000 "$@" >"$work/$name.log" 2>&1 &
}
start base
start dropout03 --set model.dropout=0.3
start ls0 --set training.label_smoothing=0.0
start lstm --set model.rnn=lstm
start vocab16k --set data.dir="$work/kjv-16000"
start batch16k --set training.batch_tokens=16384 --set training.lr=0.002 --set training.max_steps=1500
wait
for run in "$work"/runs/*; do
  name=$(basename "$run")
  cp "$run/metrics.jsonl" "bench/recipes/$name.metrics.jsonl"
  python3 -m training.evaluate --model "$run" --split test --decode beam --json \
    --output "$work/$name.test.txt" >"bench/recipes/$name.test.json"
done
