#!/bin/bash
# Usage: scripts/bench-bookings-cpu.sh BOOKING_BINARY [BINARY...]   (RATE=500 RUNS=2 PORT=54336)
# What a booking costs in CPU, for comparing builds on a machine whose speed drifts (issue 25): each
# binary in turn, RUNS rounds, runs `booking bench bookings --rate RATE --seconds 10` against a fresh
# durable PostgreSQL (scripts/postgres.sh, DURABLE=1) and counts, over six seconds in the middle of
# the run, the CPU time of the benchmark's process (the app and its load client) and of every
# PostgreSQL process, per booking. Below saturation the counts hardly depend on how fast the machine
# is that minute, unlike latency at 1,000 bookings a second; alternate the builds and compare rounds.
set -u
rate=${RATE:-500}; runs=${RUNS:-2}; port=${PORT:-54336}
here=$(dirname "$(realpath "$0")")
ticks() {  # CPU ticks (1/100 s) of the processes whose command line matches $1 (pgrep -f) or name is $2 (pgrep -x)
  local total=0 pid
  for pid in $( { [ -n "$1" ] && pgrep -f "$1"; [ -n "${2:-}" ] && pgrep -x "$2"; } 2>/dev/null); do
    total=$((total + $(awk '{print $14 + $15}' /proc/$pid/stat 2>/dev/null || echo 0)))
  done
  echo $total
}
for round in $(seq 1 "$runs"); do
  for bin in "$@"; do
    bin=$(realpath "$bin")
    url=$(DURABLE=1 "$here/postgres.sh" start "$port" 2>/dev/null)
    out=$(mktemp)
    "$bin" bench bookings --seconds 10 --rate "$rate" --database-url "$url" > "$out" 2>&1 &
    bench=$!
    sleep 5  # set-up (about 2 s) and the 2 s warm-up
    app0=$(ticks "bench bookings"); pg0=$(ticks "" postgres)
    sleep 6
    app1=$(ticks "bench bookings"); pg1=$(ticks "" postgres)
    wait $bench
    "$here/postgres.sh" stop "$port" >/dev/null 2>&1
    bookings=$((rate * 6))
    printf "round %d %s: app+client %.2f ms, PostgreSQL %.2f ms of CPU per booking | %s\n" "$round" "$bin" \
      "$(echo "($app1 - $app0) * 10 / $bookings" | bc -l)" "$(echo "($pg1 - $pg0) * 10 / $bookings" | bc -l)" \
      "$(grep -m1 -o 'bookings_per_s=[^ ]* p50_ms=[^ ]* p99_ms=[^ ]* double_bookings=[^ ]*' "$out")"
    rm -f "$out"
  done
done
