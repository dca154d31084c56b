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
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

# --- shared with infra/down.sh (keep the two copies in step) -------------------------------------
STATE_DIR="$ROOT/.waybill/distributed"
LOG_DIR="$STATE_DIR/logs"
PID_DIR="$STATE_DIR/pids"
PG_DATA="$STATE_DIR/pg"
PG_PORT="${WAYBILL_PG_PORT:-54330}"
KAFKA_PORT="${KAFKA_PORT:-9092}"
DATABASE_URL="postgres://postgres:postgres@127.0.0.1:$PG_PORT/postgres"
KAFKA_BROKERS="127.0.0.1:$KAFKA_PORT"
SERVICES=(shipment-intake:3001 tracking:3002 sla-monitor:3003 notifications:3004)

say() { printf '[waybill] %s\n' "$*"; }
die() {
  printf '[waybill] %s\n' "$*" >&2
  exit 1
}

# True if PID is the stack's process NAME: alive, started by infra/up.sh for this checkout
# (WAYBILL_STACK in its environment) and running the expected program. Guards against pid reuse.
is_ours() {
  local pid="$1" name="$2" cmd
  [[ "$pid" =~ ^[0-9]+$ ]] || return 1
  [ -r "/proc/$pid/environ" ] || return 1
  # (grep without -q reads all its input: an early exit would SIGPIPE tr and fail the pipe)
  { tr '\0' '\n' <"/proc/$pid/environ" | grep -xF "WAYBILL_STACK=$STATE_DIR" >/dev/null; } 2>/dev/null || return 1
  cmd="$({ tr '\0' ' ' <"/proc/$pid/cmdline"; } 2>/dev/null)" || return 1
  case "$name" in
    postgres) [[ "$cmd" == *"infra/postgres/embedded-postgres.js"* ]] ;;
    *) [[ "$cmd" == *"services/$name/src/main.ts"* ]] ;;
  esac
}

# Prints the pid of the stack's process NAME if it runs: from its pid file, else by looking for it.
stack_pid() {
  local name="$1" file="$PID_DIR/$1.pid" pid d
  if [ -f "$file" ]; then
    pid="$(tr -dc '0-9' <"$file" 2>/dev/null || true)"
    if is_ours "$pid" "$name"; then
      printf '%s\n' "$pid"
      return 0
    fi
  fi
  for d in /proc/[0-9]*; do
    pid="${d#/proc/}"
    if is_ours "$pid" "$name"; then
      printf '%s\n' "$pid"
      return 0
    fi
  done
  return 1
}

# Prints the pid of the Postgres server running on the stack's data dir, wrapper or not.
pg_server_pid() {
  local pm
  [ -f "$PG_DATA/postmaster.pid" ] || return 1
  pm="$(head -n 1 "$PG_DATA/postmaster.pid" | tr -dc '0-9')"
  [ -n "$pm" ] || return 1
  [[ "$({ tr '\0' ' ' <"/proc/$pm/cmdline"; } 2>/dev/null)" == *"-D $PG_DATA "* ]] || return 1
  printf '%s\n' "$pm"
}

# True if something accepts TCP connections on 127.0.0.1:PORT.
port_open() {
  # shellcheck disable=SC2016  # $1 belongs to the inner bash
  timeout 2 bash -c 'exec 3<>"/dev/tcp/127.0.0.1/$1"' _ "$1" 2>/dev/null
}
# --- end of shared part ----------------------------------------------------------------------------

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
