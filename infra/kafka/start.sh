#!/usr/bin/env bash
# Start a single-node Apache Kafka (KRaft, combined broker+controller) on
# 127.0.0.1 for local development and tests. Idempotent: if this instance is
# already running it only re-checks readiness. See README.md.
set -euo pipefail

# shellcheck source=common.sh
. "$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/common.sh"

usage() {
  cat <<USAGE
usage: $0

Environment (all optional):
  KAFKA_VERSION           broker version from Maven Central (default $DEFAULT_KAFKA_VERSION)
  KAFKA_PORT              client (PLAINTEXT) port on 127.0.0.1 (default 9092)
  KAFKA_CONTROLLER_PORT   KRaft controller port on 127.0.0.1 (default 9093)
  KAFKA_DATA_DIR          instance dir: storage, config, pid (default infra/kafka/.cache/data)
  KAFKA_LOG_DIR           broker log dir (default \$KAFKA_DATA_DIR/logs)
  KAFKA_CACHE_DIR         jar cache root (default infra/kafka/.cache)
  KAFKA_HEAP_OPTS         JVM heap flags (default "-Xms256m -Xmx512m")
  KAFKA_JIT_OPTS          JIT flags (default "-XX:TieredStopAtLevel=1"; set it empty for C2)
  KAFKA_JVM_OPTS          extra JVM flags
  KAFKA_EXTRA_PROPERTIES  extra server.properties lines (newline separated; override defaults)
  KAFKA_START_TIMEOUT     seconds to wait for readiness (default 90)
USAGE
}

case "${1:-}" in
  -h | --help) usage; exit 0 ;;
  "") ;;
  *) usage >&2; exit 2 ;;
esac

for p in "$KAFKA_PORT" "$KAFKA_CONTROLLER_PORT" "$KAFKA_START_TIMEOUT"; do
  [[ "$p" =~ ^[0-9]+$ ]] || { kafka_log "not a number: '$p'"; exit 2; }
done
[ "$KAFKA_PORT" != "$KAFKA_CONTROLLER_PORT" ] || { kafka_log "KAFKA_PORT and KAFKA_CONTROLLER_PORT must differ"; exit 2; }

JAVA="${JAVA_HOME:+$JAVA_HOME/bin/}java"
command -v "$JAVA" >/dev/null 2>&1 || { kafka_log "java not found (need Java 17+)"; exit 1; }

mkdir -p "$KAFKA_DATA_DIR" "$KAFKA_LOG_DIR"

# Serialise concurrent start.sh runs on the same instance.
exec 9>"$KAFKA_LOCK_FILE"
if command -v flock >/dev/null 2>&1; then
  flock -w "$((KAFKA_START_TIMEOUT + 60))" 9 || { kafka_log "could not lock $KAFKA_LOCK_FILE"; exit 1; }
fi

log_tail() {
  if [ -f "$KAFKA_LOG_FILE" ]; then
    kafka_log "---- last 60 lines of $KAFKA_LOG_FILE ----"
    tail -n 60 "$KAFKA_LOG_FILE" >&2 || true
    kafka_log "---- end of log ----"
  fi
}

# Waits until the broker (pid $1) accepts connections, has logged that it
# started, and answers a Metadata request. Returns 1 on timeout/death.
wait_ready() {
  local pid="$1" deadline now left msg
  deadline=$(($(date +%s) + KAFKA_START_TIMEOUT))
  # 1) TCP port open and "Kafka Server started" in the log.
  while :; do
    if ! kill -0 "$pid" 2>/dev/null; then
      kafka_log "broker process $pid exited during startup"
      return 1
    fi
    if kafka_port_open "$KAFKA_PORT" && grep -q 'Kafka Server started' "$KAFKA_LOG_FILE" 2>/dev/null; then
      break
    fi
    now=$(date +%s)
    if [ "$now" -ge "$deadline" ]; then
      kafka_log "timed out after ${KAFKA_START_TIMEOUT}s waiting for port $KAFKA_PORT / 'Kafka Server started'"
      return 1
    fi
    sleep 0.5
  done
  # 2) A real Metadata round trip (kafkajs admin if installed, else raw protocol).
  if ! command -v node >/dev/null 2>&1; then
    kafka_log "node not found; skipping metadata probe (port open + server started)"
    return 0
  fi
  while :; do
    now=$(date +%s)
    left=$((deadline - now))
    [ "$left" -gt 1 ] || left=2
    if msg="$(node "$KAFKA_SCRIPT_DIR/probe.cjs" "$KAFKA_PORT" "$((left > 10 ? 10000 : left * 1000))" 2>&1)"; then
      kafka_log "metadata probe ok ($msg)"
      return 0
    fi
    if ! kill -0 "$pid" 2>/dev/null; then
      kafka_log "broker process $pid exited during startup"
      return 1
    fi
    if [ "$(date +%s)" -ge "$deadline" ]; then
      kafka_log "timed out after ${KAFKA_START_TIMEOUT}s waiting for a metadata answer: $msg"
      return 1
    fi
    sleep 1
  done
}

# --- already running? ------------------------------------------------------
if pid="$(kafka_running_pid)"; then
  printf '%s\n' "$pid" >"$KAFKA_PID_FILE"
  want_listeners="listeners=PLAINTEXT://127.0.0.1:$KAFKA_PORT,CONTROLLER://127.0.0.1:$KAFKA_CONTROLLER_PORT"
  if ! grep -qxF "$want_listeners" "$KAFKA_CONFIG_FILE" 2>/dev/null ||
    ! tr '\0' ' ' <"/proc/$pid/cmdline" | grep -qF "$KAFKA_LIB_DIR/"; then
    kafka_log "a broker (pid $pid) is already running from $KAFKA_DATA_DIR with other settings:"
    grep -E '^listeners=' "$KAFKA_CONFIG_FILE" >&2 || true
    kafka_log "wanted Kafka $KAFKA_VERSION with $want_listeners; run stop.sh first (same KAFKA_DATA_DIR)."
    exit 1
  fi
  kafka_log "already running (pid $pid) on 127.0.0.1:$KAFKA_PORT; checking readiness"
  if wait_ready "$pid"; then
    exit 0
  fi
  log_tail
  exit 1
fi
rm -f "$KAFKA_PID_FILE"

for p in "$KAFKA_PORT" "$KAFKA_CONTROLLER_PORT"; do
  if kafka_port_open "$p"; then
    kafka_log "127.0.0.1:$p is already in use by a process this script did not start (data dir $KAFKA_DATA_DIR)."
    kafka_log "Stop it, or pick other ports with KAFKA_PORT / KAFKA_CONTROLLER_PORT."
    exit 1
  fi
done

# Storage formatted by another Kafka version: refuse rather than guess
# (KRaft dirs are not downgrade-safe).
if [ -f "$KAFKA_STORAGE_DIR/meta.properties" ]; then
  formatted_by="$(cat "$KAFKA_VERSION_FILE" 2>/dev/null || echo unknown)"
  if [ "$formatted_by" != "$KAFKA_VERSION" ]; then
    kafka_log "$KAFKA_DATA_DIR was formatted by Kafka $formatted_by, not $KAFKA_VERSION."
    kafka_log "Run '$KAFKA_SCRIPT_DIR/stop.sh --clean' with the same KAFKA_DATA_DIR (deletes the data), or use another KAFKA_DATA_DIR."
    exit 1
  fi
fi

# --- fetch jars --------------------------------------------------------------
if [ ! -f "$KAFKA_LIB_DIR/.complete" ]; then
  command -v mvn >/dev/null 2>&1 || { kafka_log "mvn not found; needed once to fetch Kafka $KAFKA_VERSION"; exit 1; }
  kafka_log "fetching Kafka $KAFKA_VERSION from Maven Central into $KAFKA_LIB_DIR"
  t0=$(date +%s)
  tmp_lib="$KAFKA_LIB_DIR.tmp.$$"
  rm -rf "$tmp_lib"
  mkdir -p "$(dirname "$KAFKA_LIB_DIR")"
  fetch_log="$KAFKA_CACHE_DIR/fetch-$KAFKA_VERSION.log"
  if ! mvn -q -B -Dstyle.color=never -f "$KAFKA_SCRIPT_DIR/pom.xml" -Dkafka.version="$KAFKA_VERSION" \
      dependency:copy-dependencies -DincludeScope=runtime -DoutputDirectory="$tmp_lib" \
      >"$fetch_log" 2>&1 </dev/null; then
    rm -rf "$tmp_lib"
    cat "$fetch_log" >&2
    kafka_log "maven fetch of org.apache.kafka:kafka_2.13:$KAFKA_VERSION failed (log above: $fetch_log)"
    exit 1
  fi
  if [ ! -f "$tmp_lib/kafka_2.13-$KAFKA_VERSION.jar" ]; then
    rm -rf "$tmp_lib"
    kafka_log "fetch finished but kafka_2.13-$KAFKA_VERSION.jar is missing"
    exit 1
  fi
  rm -rf "$KAFKA_LIB_DIR"
  mv "$tmp_lib" "$KAFKA_LIB_DIR"
  touch "$KAFKA_LIB_DIR/.complete"
  kafka_log "fetched $(find "$KAFKA_LIB_DIR" -name '*.jar' | wc -l) jars in $(($(date +%s) - t0))s"
fi
CLASSPATH_GLOB="$KAFKA_LIB_DIR/*"

# --- server.properties (rewritten every start so env changes apply) ----------
{
  cat <<PROPS
# Generated by infra/kafka/start.sh -- edits are overwritten on next start.
process.roles=broker,controller
node.id=1
controller.quorum.voters=1@127.0.0.1:$KAFKA_CONTROLLER_PORT
listeners=PLAINTEXT://127.0.0.1:$KAFKA_PORT,CONTROLLER://127.0.0.1:$KAFKA_CONTROLLER_PORT
advertised.listeners=PLAINTEXT://127.0.0.1:$KAFKA_PORT
inter.broker.listener.name=PLAINTEXT
controller.listener.names=CONTROLLER
listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT
log.dirs=$KAFKA_STORAGE_DIR
num.partitions=3
default.replication.factor=1
min.insync.replicas=1
auto.create.topics.enable=true
delete.topic.enable=true
offsets.topic.replication.factor=1
offsets.topic.num.partitions=5
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
transaction.state.log.num.partitions=5
share.coordinator.state.topic.replication.factor=1
share.coordinator.state.topic.min.isr=1
group.initial.rebalance.delay.ms=0
num.network.threads=2
num.io.threads=4
log.retention.hours=24
PROPS
  if [ -n "${KAFKA_EXTRA_PROPERTIES:-}" ]; then
    printf '# KAFKA_EXTRA_PROPERTIES\n%s\n' "$KAFKA_EXTRA_PROPERTIES"
  fi
} >"$KAFKA_CONFIG_FILE"

# --- format KRaft storage once ------------------------------------------------
if [ ! -f "$KAFKA_STORAGE_DIR/meta.properties" ]; then
  rm -rf "$KAFKA_STORAGE_DIR"
  # Random 16-byte cluster id, base64url without padding (Kafka's Uuid format).
  # A leading '-' would be read as an option by kafka-storage, so draw again until there is none.
  cluster_id="-"
  while [[ "$cluster_id" == -* ]]; do
    cluster_id="$(head -c 16 /dev/urandom | base64 | tr '+/' '-_' | tr -d '=\n')"
  done
  kafka_log "formatting KRaft storage in $KAFKA_STORAGE_DIR (cluster id $cluster_id)"
  if ! "$JAVA" -Xmx256m -Dlog4j2.configurationFile="$KAFKA_SCRIPT_DIR/log4j2.properties" \
      -cp "$CLASSPATH_GLOB" kafka.tools.StorageTool format \
      --config "$KAFKA_CONFIG_FILE" --cluster-id "$cluster_id" --ignore-formatted \
      >"$KAFKA_LOG_DIR/format.log" 2>&1; then
    kafka_log "storage format failed:"
    cat "$KAFKA_LOG_DIR/format.log" >&2
    exit 1
  fi
  printf '%s\n' "$KAFKA_VERSION" >"$KAFKA_VERSION_FILE"
fi

# --- launch ---------------------------------------------------------------------
[ ! -f "$KAFKA_LOG_FILE" ] || mv -f "$KAFKA_LOG_FILE" "$KAFKA_LOG_FILE.1"
# G1HeapRegionSize=16M completes Kafka's documented production G1 flags: with the default 1M
# regions every produce request over 512 KB is a humongous allocation, and each one started a
# concurrent mark of the ~160 MB old generation: under batched producers (the outbox relay, the
# benchmarks) that was ~120 marking cycles in one tracking benchmark run and most of the broker's CPU.
# TieredStopAtLevel=1 (C1 only): this broker lives for one test run or benchmark, minutes long,
# on two cores it shares with everything it serves. With C2 it spent most of its first minute
# compiling (measured: 29 s of CPU in the first 60 s of a steady load, C2 compiler threads 57 % of
# it), taking that CPU from the services under test; C1 only: 20 s, and flat from the first
# seconds. C2 is ~15 % cheaper per message once warm, which a long-lived broker would want.
# shellcheck disable=SC2206  # word splitting of the option strings is intended
jvm_opts=(${KAFKA_HEAP_OPTS:--Xms256m -Xmx512m}
  -XX:+UseG1GC -XX:MaxGCPauseMillis=20 -XX:InitiatingHeapOccupancyPercent=35 -XX:G1HeapRegionSize=16M
  -XX:+ExplicitGCInvokesConcurrent -Djava.awt.headless=true
  ${KAFKA_JIT_OPTS--XX:TieredStopAtLevel=1}
  ${KAFKA_JVM_OPTS:-})
t0=$(date +%s)
nohup "$JAVA" "${jvm_opts[@]}" \
  -Dlog4j2.configurationFile="$KAFKA_SCRIPT_DIR/log4j2.properties" \
  -Dkafka.logs.dir="$KAFKA_LOG_DIR" \
  -cp "$CLASSPATH_GLOB" kafka.Kafka "$KAFKA_CONFIG_FILE" \
  >"$KAFKA_LOG_FILE" 2>&1 </dev/null 9>&- &
pid=$!
printf '%s\n' "$pid" >"$KAFKA_PID_FILE"
kafka_log "started Kafka $KAFKA_VERSION (pid $pid) on 127.0.0.1:$KAFKA_PORT; log: $KAFKA_LOG_FILE"

if wait_ready "$pid"; then
  kafka_log "ready in $(($(date +%s) - t0))s"
  exit 0
fi
log_tail
kafka_log "startup failed; stopping the half-started broker"
"$KAFKA_SCRIPT_DIR/stop.sh" 9>&- >&2 || true
exit 1
