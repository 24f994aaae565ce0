#!/bin/bash
# Usage: scripts/pg-stall-probe.sh BOOKING_BINARY [RUNS] [PORT]
# Issue 25's probe: `booking bench bookings --rate 1000 --timeline` RUNS times (default 2) against a
# durable local PostgreSQL (fsync and synchronous_commit on) that logs checkpoints, autovacuum,
# lock waits and slow plans (auto_explain, 50 ms), while pg_stat_activity's wait events are sampled
# every 100 ms. Prints, per run, each measured second's p99 beside the wait events seen in it, then
# the database's log lines of the runs and the top statements of pg_stat_statements.
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
  # One sampling session: active backends by wait event, ten times a second.
  psql -qAt "$url" -F ' ' > "$out/waits-$run.txt" 2>/dev/null <<'SQL' &
SELECT to_char(clock_timestamp() AT TIME ZONE 'UTC', 'HH24:MI:SS.MS'), coalesce(wait_event_type || ':' || wait_event, 'CPU'), count(*)
FROM pg_stat_activity WHERE state = 'active' AND backend_type = 'client backend' AND pid <> pg_backend_pid()
GROUP BY 2 ORDER BY 3 DESC \watch 0.1
SQL
  sampler=$!
  lines=$(wc -l < "$log")
  "$bin" bench bookings --seconds 10 --rate 1000 --timeline --database-url "$url" ${EXTRA:-} > "$out/bench-$run.txt" 2>&1
  kill $sampler 2>/dev/null; wait $sampler 2>/dev/null
  tail -n +$((lines + 1)) "$log" > "$out/log-$run.txt"
  echo "== run $run: $(grep bookings_per_s "$out/bench-$run.txt")"
  python3 - "$out/bench-$run.txt" "$out/waits-$run.txt" <<'PY'
import sys, datetime, collections
bench, waits = open(sys.argv[1]).read().splitlines(), open(sys.argv[2]).read().splitlines()
start = next(l.split("=", 1)[1] for l in bench if l.startswith("timeline_second_0_at="))
t0 = datetime.datetime.fromisoformat(start.replace("Z", "+00:00"))
by_second = collections.defaultdict(collections.Counter)
for line in waits:
    parts = line.split(" ")
    if len(parts) != 3: continue
    t = datetime.datetime.combine(t0.date(), datetime.time.fromisoformat(parts[0]), tzinfo=t0.tzinfo)
    by_second[int((t - t0).total_seconds() // 1)][parts[1]] += int(parts[2])
for l in bench:
    if l.startswith("second="):
        f = dict(kv.split("=") for kv in l.split())
        s = int(f["second"])
        top = ", ".join(f"{k} {v}" for k, v in by_second[s].most_common(4))
        print(f"  s{s:>2} p50 {float(f['p50_ms']):6.1f} p99 {float(f['p99_ms']):6.1f} ms | waits (sum of 10 samples): {top}")
PY
done
echo "== database log during the runs (checkpoints, autovacuum, lock waits, slow statements)"
cat "$out"/log-*.txt | grep -v "^\s*$" | cut -c1-220 | head -60
echo "== pg_stat_statements: top by total time"
psql -qAt "$url" -F ' | ' -c "SELECT calls, round(total_exec_time::numeric, 0) AS total_ms, round(max_exec_time::numeric, 1) AS max_ms,
  round(mean_exec_time::numeric, 2) AS mean_ms, left(regexp_replace(query, '\s+', ' ', 'g'), 110)
  FROM pg_stat_statements ORDER BY total_exec_time DESC LIMIT 12"
echo "(raw files in $out)"
"$here/postgres.sh" stop "$port"
