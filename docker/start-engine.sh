#!/bin/sh
# Starts a Docker engine (Debian's docker.io) on a machine without systemd, such as CI's, unless one
# already answers. It starts without touching iptables, which such machines do not allow, and so
# without the default bridge: `docker run --network host`, or a network of one's own (compose makes
# one and publishes ports through Docker's proxy).
#
#   docker/start-engine.sh          # returns once `docker info` answers; the engine keeps running
#
# overlay2, not vfs: vfs copies every layer in full (the CPU image took 27 GB instead of 3.4 GB).
# The engine's log is /var/log/dockerd.log (DOCKERD_LOG). Exit status 1 when it does not answer
# within 60 s, with the end of that log.
set -eu

log=${DOCKERD_LOG:-/var/log/dockerd.log}

if docker info >/dev/null 2>&1; then
  exit 0
fi
command -v dockerd >/dev/null || { echo "start-engine: no dockerd (apt-get install docker.io)" >&2; exit 1; }

nohup dockerd --storage-driver=overlay2 --iptables=false --ip6tables=false --bridge=none \
  >"$log" 2>&1 &
i=0
until docker info >/dev/null 2>&1; do
  i=$((i + 1))
  if [ "$i" -gt 60 ]; then
    echo "start-engine: dockerd did not answer within 60 s; the end of $log:" >&2
    tail -n 30 "$log" >&2
    exit 1
  fi
  sleep 1
done
echo "start-engine: dockerd $(docker version --format '{{.Server.Version}}') is running (log: $log)"
