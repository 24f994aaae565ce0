#!/bin/bash
# Usage: DATABASE_URL=... scripts/wrk-ab.sh PATH ROUNDS BINARY...   (needs wrk; loopback only)
# Before and after in one sitting: serves one existing database with each binary in turn (release
# builds, production mode, port 18530), ROUNDS times round, and prints for each run the page's req/s
# and p99 under wrk (-t2 -c64, 6 s after a 3 s warm-up), its share of the unrouted 404 measured just
# before, and the server's own CPU per request (from /proc, so wrk's and the database's CPU are left
# out; steadier than the share while the machine's speed drifts). The database must be migrated and
# hold what PATH shows (e.g. a manage link: /t/house-of-hair/manage/<token>); nothing is written.
set -u
path=$1; rounds=$2; shift 2; port=18530
: "${DATABASE_URL:?set DATABASE_URL to the database to serve}"
cpu() { awk '{print $14+$15}' /proc/$1/stat; }   # user + system time, in clock ticks
ticks=$(getconf CLK_TCK)
for round in $(seq 1 "$rounds"); do
  for bin in "$@"; do
    bin=$(realpath "$bin")
    pkill -f "serve --port $port"; sleep 1
    (cd /tmp && APP_ENV=production PUBLIC_URL=http://127.0.0.1:$port APP_SECRET=bench-secret-bench-secret-bench-secret-0123 \
      "$bin" serve --port $port --no-worker > /dev/null 2>&1 < /dev/null &)
    for i in $(seq 1 100); do curl -fsS localhost:$port/health > /dev/null 2>&1 && break; sleep 0.3; done
    pid=$(pgrep -f "$bin serve --port $port" | head -1)
    wrk -t2 -c64 -d3s "http://127.0.0.1:$port$path" > /dev/null
    ceiling=$(wrk -t2 -c64 -d5s http://127.0.0.1:$port/api/nothing-here | awk '/Requests\/sec/{print $2}')
    before=$(cpu "$pid")
    out=$(wrk -t2 -c64 -d6s --latency "http://127.0.0.1:$port$path")
    after=$(cpu "$pid")
    echo "$out" | awk -v name="$(basename "$bin")" -v c="$ceiling" -v t=$((after - before)) -v hz="$ticks" \
      '/requests in/{n=$1} /Requests\/sec/{r=$2} / 99%/{q=$2}
       END{printf "%-22s %8.0f req/s  p99 %8s  %5.1f %% of the 404 (%.0f)  server CPU %4.0f us/request\n", name, r, q, 100*r/c, c, t*1e6/hz/n}'
  done
done
pkill -f "serve --port $port"
