#!/usr/bin/env bash
# The GPU figures of the README ("Run on a GPU"): training throughput CPU vs CUDA, fp32 vs bf16 (the bf16
# run goes through torchrun and NCCL), then the batch evaluation of a shipped model in fp32 and fp16.
# Usage: bench/gpu.sh OUT_DIR [SECONDS_PER_RUN]   (needs prepared data: make data)
set -euo pipefail
out=${1:?usage: bench/gpu.sh OUT_DIR [SECONDS_PER_RUN]}
seconds=${2:-45}
minutes=$(python3 -c "print($seconds / 60)")
mkdir -p "$out"
export PYTHONUNBUFFERED=1
nvidia-smi --query-gpu=name,memory.total,driver_version --format=csv,noheader | tee "$out/gpu.txt"
python3 -c "import torch; print('torch', torch.__version__, 'cuda', torch.version.cuda)" | tee -a "$out/gpu.txt"

run() {  # name, then the launcher and its arguments
  local name=$1; shift
  rm -rf "/tmp/tp-$name"
  "$@" --config configs/es-en.yaml --run-dir "/tmp/tp-$name" \
    --set training.max_minutes="$minutes" --set training.eval_every=1000000 \
    --set training.eval_sentences=50 --set training.log_every=10 --set training.patience=0 \
    >"$out/train-$name.log" 2>&1 || { echo "$name FAILED"; tail -5 "$out/train-$name.log"; return 0; }
  echo "$name $(python3 -m bench throughput "/tmp/tp-$name")" | tee -a "$out/throughput.txt"
}
run cpu-fp32 python3 -m training.train --device cpu --set training.precision=fp32 --set training.threads=16
run cuda-fp32 python3 -m training.train --device cuda --set training.precision=fp32
run cuda-bf16 torchrun --standalone --nproc_per_node 1 -m training.train --device cuda --set training.precision=bf16
run cuda-bf16-16k python3 -m training.train --device cuda --set training.precision=bf16 \
  --set training.batch_tokens=16384

for precision in fp32 fp16; do
  for decode in greedy beam; do
    python3 -m training.evaluate --model models/en-es --split test --data-dir "${EVAL_DATA_DIR:-data/prepared/en-es}" \
      --decode "$decode" --device cuda --precision "$precision" --json \
      --output "/tmp/hyps.$precision.$decode.txt" >"$out/eval-$precision-$decode.json"
    python3 -c "import json,sys; print(sys.argv[2], sys.argv[3], json.load(open(sys.argv[1]))['system'])" \
      "$out/eval-$precision-$decode.json" "$precision" "$decode"
  done
done
