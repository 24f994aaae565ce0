#!/bin/bash
# Usage: scripts/bench-bookings-fresh.sh BOOKING_BINARY [RUNS] [PORT]
# Issue 25's target, run the way it is stated: `booking bench bookings --seconds 10 --rate 1000
# --timeline` RUNS times (default 5), each against a brand-new durable PostgreSQL (fsync and
# synchronous_commit on; the cluster is made for the run and removed after it), so no run inherits
# another's catalogs, statistics or WAL. EXTRA passes more options to the benchmark (for example
# EXTRA="--existing-bookings 100000"). Prints each run's summary and its worst measured second,
# then how many runs kept p99 at or under 50 ms in every measured second.
set -u
bin=$(realpath "$1"); runs=${2:-5}; port=${3:-54334}
here=$(dirname "$(realpath "$0")")
out=$(mktemp -d /tmp/bench-fresh.XXXX)
met=0
for run in $(seq 1 "$runs"); do
  url=$(DURABLE=1 "$here/postgres.sh" start "$port")
  "$bin" bench bookings --seconds 10 --rate 1000 --timeline --database-url "$url" ${EXTRA:-} > "$out/run-$run.txt" 2>&1
  "$here/postgres.sh" stop "$port" >/dev/null 2>&1
  # Seconds 0-9 are the ten measured; a "second=10" line holds the last few answers that came after.
  worst=$(awk '/^second=/{split($1,s,"="); if (s[2] >= 10) next; for(i=1;i<=NF;i++) if($i ~ /^p99_ms=/){split($i,a,"="); if(a[2]>w) w=a[2]}} END{print w+0}' "$out/run-$run.txt")
  summary=$(grep -m1 bookings_per_s "$out/run-$run.txt")
  echo "run $run: worst second p99 ${worst} ms | $summary"
  if awk -v w="$worst" 'BEGIN{exit !(w > 0 && w <= 50)}' && echo "$summary" | grep -q 'double_bookings=0'; then
    met=$((met + 1))
  fi
done
echo "$met of $runs runs: p99 <= 50 ms in every measured second, no double booking (timelines in $out)"
