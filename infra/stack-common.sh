# Sourced by infra/up.sh and infra/down.sh: where the local distributed stack keeps its state,
# its ports, and how to recognise its processes. Linux only (reads /proc).
# shellcheck shell=bash
# shellcheck disable=SC2034  # some of these variables are read only by one of the two scripts
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

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
