#!/usr/bin/env bash
# Both directions of one general-model stage on one GPU at once, then each run's last checkpoints averaged
# and exported in float16: the stage-7 recipe (docs/training.md, "Stage 7"), for a short GPU lease.
#
# Usage: training/gpu_stage.sh OUT_DIR [STAGE] [TRAIN_TIMEOUT_S] [-- extra training.train arguments]
#   STAGE            configs/general-{en-es,es-en}-stageSTAGE.yaml (default 7)
#   TRAIN_TIMEOUT_S  a hard stop for training (default 530); the configs' training.max_minutes stops it first
#   extra arguments  e.g. -- --resume --set training.max_minutes=9
# Environment:
#   PACKED=DIR       the prepared corpus as DIR/{train,dev}.{en,es,origin}.xz plus spm.model and manifest.json,
#                    unpacked into the stage's data.dir first (for a machine that cannot prepare it)
#   SPLIT_BYTES=N    write each exported model.pt as parts of at most N bytes (for size-limited transfers;
#                    rejoin with cat OUT_DIR/X.model.pt.part-* > models/X/model.pt)
#   LAST=N           checkpoints to average (default 6)
set -uo pipefail
out=${1:?usage: training/gpu_stage.sh OUT_DIR [STAGE] [TRAIN_TIMEOUT_S] [-- ARGS]}
shift
stage=7
limit=530
if [ $# -gt 0 ] && [ "$1" != "--" ]; then stage=$1; shift; fi
if [ $# -gt 0 ] && [ "$1" != "--" ]; then limit=$1; shift; fi
if [ $# -gt 0 ] && [ "$1" != "--" ]; then echo "unexpected argument $1: training.train's arguments go after --"; exit 2; fi
[ "${1:-}" = "--" ] && shift
case $limit in
  '' | *[!0-9]* | 0) echo "TRAIN_TIMEOUT_S must be a whole number of seconds, got '$limit'"; exit 2 ;;
esac
py=${PYTHON:-python3}
export PYTHONUNBUFFERED=1
mkdir -p "$out"
work=$(mktemp -d)
data_dir=$($py -c "from translator.config import load_config as l; print(l('configs/general-en-es-stage$stage.yaml').data.dir)") \
  || { echo "no configs/general-en-es-stage$stage.yaml"; exit 2; }
if [ -n "${PACKED:-}" ]; then
  mkdir -p "$data_dir"
  for f in "$PACKED"/*.xz; do xz -dc "$f" > "$data_dir/$(basename "$f" .xz)" || exit 2; done
  cp "$PACKED/spm.model" "$PACKED/manifest.json" "$data_dir/"
fi
command -v nvidia-smi >/dev/null && nvidia-smi --query-gpu=name,memory.total --format=csv,noheader
$py -c "import torch; print('torch', torch.__version__, 'cuda', torch.cuda.is_available())"
for d in en-es es-en; do
  timeout "$limit" $py -m training.train --config "configs/general-$d-stage$stage.yaml" "$@" \
    > "$work/$d.out" 2>&1 &
done
wait
status=0
for d in en-es es-en; do
  run=$($py -c "from translator.config import load_config as l; print(l('configs/general-$d-stage$stage.yaml').training.run_dir)")
  tr '\r' '\n' < "$work/$d.out" | grep -E '^step [0-9]+:|INFO (done|resumed)|rror' | tail -20
  cp "$work/$d.out" "$run/console.out" 2>/dev/null
  if $py -m training.average --run "$run" --last "${LAST:-6}" --out "$work/$d-mean.pt" \
      && $py -m translator export --checkpoint "$work/$d-mean.pt" --out "$work/$d"; then
    if [ -n "${SPLIT_BYTES:-}" ]; then
      split -b "$SPLIT_BYTES" "$work/$d/model.pt" "$out/$d.model.pt.part-"
    else
      cp "$work/$d/model.pt" "$out/$d.model.pt"
    fi
  else
    status=1
  fi
  # What the model card reads from the run (python -m training.card --run ...).
  tar czf "$out/$d-run.tar.gz" -C "$(dirname "$run")" \
    $(cd "$(dirname "$run")" && ls -d "$(basename "$run")"/{metrics.jsonl,train.log,config.yaml,curves.png,console.out} 2>/dev/null)
done
rm -rf "$work"
ls -la "$out"
exit $status
