#!/usr/bin/env bash
# Stop the broker started by start.sh (SIGTERM, then SIGKILL after
# $KAFKA_STOP_TIMEOUT seconds). Succeeds when nothing is running.
#   --clean   also delete the instance's data dir (storage, config, logs).
set -euo pipefail

# shellcheck source=common.sh
. "$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/common.sh"

clean=0
for arg in "$@"; do
  case "$arg" in
    --clean) clean=1 ;;
    -h | --help)
      echo "usage: $0 [--clean]   (env: KAFKA_DATA_DIR, KAFKA_STOP_TIMEOUT)"
      exit 0
      ;;
    *)
      echo "usage: $0 [--clean]" >&2
      exit 2
      ;;
  esac
done
[[ "$KAFKA_STOP_TIMEOUT" =~ ^[0-9]+$ ]] || KAFKA_STOP_TIMEOUT=30

if pid="$(kafka_running_pid)"; then
  kafka_log "stopping broker (pid $pid)"
  kill -TERM "$pid" 2>/dev/null || true
  deadline=$(($(date +%s) + KAFKA_STOP_TIMEOUT))
  while kill -0 "$pid" 2>/dev/null && [ "$(date +%s)" -lt "$deadline" ]; do
    sleep 0.2
  done
  if kill -0 "$pid" 2>/dev/null; then
    kafka_log "still running after ${KAFKA_STOP_TIMEOUT}s; sending SIGKILL"
    kill -KILL "$pid" 2>/dev/null || true
    for _ in $(seq 1 50); do
      kill -0 "$pid" 2>/dev/null || break
      sleep 0.1
    done
  fi
  kafka_log "stopped"
else
  kafka_log "not running"
fi
rm -f "$KAFKA_PID_FILE"

if [ "$clean" = 1 ] && [ -d "$KAFKA_DATA_DIR" ]; then
  kafka_log "removing $KAFKA_DATA_DIR"
  rm -rf "$KAFKA_DATA_DIR"
fi
exit 0
