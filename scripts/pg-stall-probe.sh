#!/bin/bash
# Usage: scripts/pg-stall-probe.sh BOOKING_BINARY [RUNS] [PORT]
# Issue 25's probe: `booking bench bookings --rate 1000 --timeline` RUNS times (default 2) against a
# durable local PostgreSQL (fsync and synchronous_commit on) that logs checkpoints, autovacuum,
# lock waits and slow plans (auto_explain, 50 ms). Prints, per run, the benchmark's timeline: each
# measured second's p50 and p99 beside the wait events the benchmark sampled from pg_stat_activity
# every 100 ms and any checkpoint or autovacuum running in it; then the database's log lines of the
# runs and the top statements of pg_stat_statements.
# EXTRA="--existing-bookings 100000" passes more options to the benchmark; PG_EXTRA adds server
# options (for example "-c plan_cache_mode=force_custom_plan") to compare a setting.
set -u
bin=$(realpath "$1"); runs=${2:-2}; port=${3:-54331}
here=$(dirname "$(realpath "$0")")
out=$(mktemp -d /tmp/pg-stall.XXXX)
opts="-c shared_preload_libraries=pg_stat_statements,auto_explain -c auto_explain.log_min_duration=50ms"
opts="$opts -c log_checkpoints=on -c log_autovacuum_min_duration=0 -c log_lock_waits=on -c deadlock_timeout=50ms"
opts="$opts -c log_min_duration_statement=50ms -c track_io_timing=on ${PG_EXTRA:-}"
url=$(DURABLE=1 PG_OPTS="$opts" "$here/postgres.sh" start "$port")
psql -q "$url" -c "CREATE EXTENSION IF NOT EXISTS pg_stat_statements" >/dev/null
log=/tmp/nbne-pg-$port/server.log
for run in $(seq 1 "$runs"); do
  lines=$(wc -l < "$log")
  # The timeline prints, beside each second's latency, the wait events the benchmark sampled from
  # pg_stat_activity ten times a second and any checkpoint or autovacuum seen in that second.
  "$bin" bench bookings --seconds 10 --rate 1000 --timeline --database-url "$url" ${EXTRA:-} > "$out/bench-$run.txt" 2>&1
  tail -n +$((lines + 1)) "$log" > "$out/log-$run.txt"
  echo "== run $run: $(grep bookings_per_s "$out/bench-$run.txt")"
  grep -E "^(timeline|second=)" "$out/bench-$run.txt" | sed 's/^/  /'
done
echo "== database log during the runs (checkpoints, autovacuum, lock waits, slow statements)"
cat "$out"/log-*.txt | grep -v "^\s*$" | cut -c1-220 | head -60
echo "== pg_stat_statements: top by total time"
psql -qAt "$url" -F ' | ' -c "SELECT calls, round(total_exec_time::numeric, 0) AS total_ms, round(max_exec_time::numeric, 1) AS max_ms,
  round(mean_exec_time::numeric, 2) AS mean_ms, left(regexp_replace(query, '\s+', ' ', 'g'), 110)
  FROM pg_stat_statements ORDER BY total_exec_time DESC LIMIT 12"
echo "(raw files in $out)"
"$here/postgres.sh" stop "$port"
