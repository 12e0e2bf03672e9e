#!/bin/sh
# Entry point of the train image (docker compose services train and evaluate).
#
# When the command names a config (--config FILE or --config=FILE) whose prepared data is absent
# (<data.dir>/manifest.json, data.dir read from FILE), it first runs
#     python -m data.prepare --config FILE
# and then the command itself, e.g.
#     torchrun --nproc_per_node gpu -m training.train --config configs/en-es.yaml --resume
# Preparing here, once, before torchrun starts its workers keeps the ranks from racing to write the
# same files. A command without --config, or data.prepare itself, runs unchanged.
set -eu

config=""
prev=""
for arg in "$@"; do
  case "$prev" in
    --config) config="$arg" ;;
  esac
  case "$arg" in
    --config=*) config="${arg#--config=}" ;;
    data.prepare) config="" ; break ;;
  esac
  prev="$arg"
done

if [ -n "$config" ]; then
  data_dir=$(python -c '
import sys
from translator.config import ConfigError, load_config
try:
    print(load_config(sys.argv[1]).data.dir)
except ConfigError as exc:
    sys.exit(f"error: {exc}")
' "$config") || exit 2
  if [ ! -f "$data_dir/manifest.json" ]; then
    echo "entrypoint: $data_dir/manifest.json is absent; running python -m data.prepare --config $config" >&2
    python -m data.prepare --config "$config"
  fi
fi

exec "$@"
