# shellcheck shell=bash disable=SC2034  # variables are used by start.sh/stop.sh
# Shared settings for start.sh / stop.sh. Sourced, not executed.
# Every path is derived from this directory, so the scripts work from any cwd
# and from a fresh clone anywhere.

# Default broker version: the newest Kafka release that kafkajs 2.2.4 was
# verified against (see README.md). Keep in sync with <kafka.version> in pom.xml.
DEFAULT_KAFKA_VERSION="4.4.0"

KAFKA_SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"

_kafka_abspath() {
  case "$1" in
    /*) printf '%s\n' "$1" ;;
    *) printf '%s/%s\n' "$PWD" "$1" ;;
  esac
}

KAFKA_VERSION="${KAFKA_VERSION:-$DEFAULT_KAFKA_VERSION}"
KAFKA_PORT="${KAFKA_PORT:-9092}"
KAFKA_CONTROLLER_PORT="${KAFKA_CONTROLLER_PORT:-9093}"
KAFKA_CACHE_DIR="$(_kafka_abspath "${KAFKA_CACHE_DIR:-$KAFKA_SCRIPT_DIR/.cache}")"
KAFKA_LIB_DIR="$KAFKA_CACHE_DIR/lib/$KAFKA_VERSION"
KAFKA_DATA_DIR="$(_kafka_abspath "${KAFKA_DATA_DIR:-$KAFKA_CACHE_DIR/data}")"
KAFKA_LOG_DIR="$(_kafka_abspath "${KAFKA_LOG_DIR:-$KAFKA_DATA_DIR/logs}")"
KAFKA_START_TIMEOUT="${KAFKA_START_TIMEOUT:-90}"
KAFKA_STOP_TIMEOUT="${KAFKA_STOP_TIMEOUT:-30}"

# Per-instance files, all inside the data dir.
KAFKA_PID_FILE="$KAFKA_DATA_DIR/kafka.pid"
KAFKA_CONFIG_FILE="$KAFKA_DATA_DIR/server.properties"
KAFKA_STORAGE_DIR="$KAFKA_DATA_DIR/kraft-combined-logs"
KAFKA_VERSION_FILE="$KAFKA_DATA_DIR/formatted-by-version"
KAFKA_LOCK_FILE="$KAFKA_DATA_DIR/.lock"
KAFKA_LOG_FILE="$KAFKA_LOG_DIR/server.log"

kafka_log() { printf '[kafka] %s\n' "$*" >&2; }

# True if PID is alive and is the kafka.Kafka JVM started with this instance's
# server.properties (guards against pid reuse and against foreign brokers).
kafka_is_our_pid() {
  local pid="$1" cmd
  [[ "$pid" =~ ^[0-9]+$ ]] || return 1
  [ -r "/proc/$pid/cmdline" ] || return 1
  cmd="$(tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null)" || return 1
  case "$cmd" in
    *kafka.Kafka\ "$KAFKA_CONFIG_FILE"*) return 0 ;;
    *) return 1 ;;
  esac
}

# Prints the pid of this instance's broker, if one is running. Uses the pid
# file; if that is missing/stale, looks for a JVM whose command line names
# this instance's exact server.properties path.
kafka_running_pid() {
  local pid d
  if [ -f "$KAFKA_PID_FILE" ]; then
    pid="$(tr -dc '0-9' <"$KAFKA_PID_FILE" 2>/dev/null || true)"
    if kafka_is_our_pid "$pid"; then
      printf '%s\n' "$pid"
      return 0
    fi
  fi
  for d in /proc/[0-9]*; do
    pid="${d#/proc/}"
    if kafka_is_our_pid "$pid"; then
      printf '%s\n' "$pid"
      return 0
    fi
  done
  return 1
}

# True if something accepts TCP connections on 127.0.0.1:$1.
kafka_port_open() {
  # shellcheck disable=SC2016  # $1 is expanded by the inner bash
  timeout 2 bash -c 'exec 3<>"/dev/tcp/127.0.0.1/$1"' _ "$1" 2>/dev/null
}
