#!/usr/bin/env bash
# shellcheck disable=SC2034  # the block shared with up.sh sets a few variables only up.sh reads
# Stop what infra/up.sh started: the four services (SIGTERM, then SIGKILL after a grace period),
# Postgres, and Kafka (infra/kafka/stop.sh). Data stays (.waybill/distributed/pg, Kafka's data
# dir); logs stay in .waybill/distributed/logs. Idempotent: stopping a stopped stack succeeds.
#
#   bash infra/down.sh      (or: npm run infra:down)
#
# Environment (all optional): WAYBILL_PG_PORT, KAFKA_PORT as for up.sh;
#   WAYBILL_STOP_TIMEOUT  seconds a process gets to exit after SIGTERM (default 20)
source "$(dirname "${BASH_SOURCE[0]}")/stack-common.sh"

STOP_TIMEOUT="${WAYBILL_STOP_TIMEOUT:-20}"
[[ "$STOP_TIMEOUT" =~ ^[0-9]+$ ]] || STOP_TIMEOUT=20

# True while PID is still a live (non-zombie) process.
alive() {
  local state
  [ -r "/proc/$1/stat" ] || return 1
  state="$(sed -E 's/^[0-9]+ \(.*\) ([A-Z]).*/\1/' "/proc/$1/stat" 2>/dev/null)" || return 1
  [ "$state" != Z ] && [ "$state" != X ]
}

# SIGTERM, wait up to STOP_TIMEOUT seconds, then SIGKILL.
terminate() {
  local name="$1" pid="$2" deadline
  say "stopping $name (pid $pid)"
  kill -TERM "$pid" 2>/dev/null || true
  deadline=$(($(date +%s) + STOP_TIMEOUT))
  while alive "$pid" && [ "$(date +%s)" -lt "$deadline" ]; do
    sleep 0.2
  done
  if alive "$pid"; then
    say "$name still running after ${STOP_TIMEOUT}s; sending SIGKILL"
    kill -KILL "$pid" 2>/dev/null || true
    for _ in $(seq 1 50); do
      alive "$pid" || break
      sleep 0.1
    done
  fi
}

stop_named() {
  local name="$1" pid
  if pid="$(stack_pid "$name")"; then
    terminate "$name" "$pid"
  else
    say "$name not running"
  fi
  rm -f "$PID_DIR/$name.pid"
}

# --- the services first, so they don't log connection errors while Kafka and Postgres go --------
for entry in "${SERVICES[@]}"; do
  stop_named "${entry%%:*}"
done

# --- Postgres --------------------------------------------------------------------------------------
# The node wrapper stops the server on SIGTERM. Should the wrapper have died on its own (or been
# SIGKILLed), the server runs on: stop it through its postmaster.pid.
stop_named postgres
if pm="$(pg_server_pid)" && alive "$pm"; then
  say "postgres server (pid $pm) outlived its wrapper; fast shutdown"
  kill -INT "$pm" 2>/dev/null || true
  deadline=$(($(date +%s) + STOP_TIMEOUT))
  while alive "$pm" && [ "$(date +%s)" -lt "$deadline" ]; do sleep 0.2; done
  if alive "$pm"; then
    kill -KILL "$pm" 2>/dev/null || true
  fi
fi

# --- Kafka -----------------------------------------------------------------------------------------
bash "$ROOT/infra/kafka/stop.sh"

say "stopped"
