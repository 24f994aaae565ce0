#!/bin/bash
# Usage: scripts/wrk-slots-rounds.sh BINARY... (needs wrk; loopback only; ROUNDS rounds of SECS seconds each)
# Starts one server per binary (each on a fresh SQLite file, demo data) and keeps them running; then,
# round-robin, wrk on GET /api/v1/slots (demo salon, 30 days, any staff) and on the unrouted JSON 404
# of the same server. Servers kept warm and interleaved make A/B comparisons steadier than
# scripts/wrk-slots.sh, which starts a fresh server per run.
set -u
secs=${SECS:-8}; rounds=${ROUNDS:-3}; base=18320
declare -A ports dirs
n=0
for bin in "$@"; do
  n=$((n+1)); port=$((base+n)); dir=$(mktemp -d /tmp/wrk-rounds.XXXX)
  path=$(realpath "$bin")
  (cd $dir && DATABASE_URL=sqlite://$dir/db.sqlite $path serve --port $port --no-worker > $dir/log 2>&1 &)
  ports[$bin]=$port; dirs[$bin]=$dir
done
for bin in "$@"; do for i in $(seq 1 60); do curl -fsS localhost:${ports[$bin]}/health >/dev/null 2>&1 && break; sleep 0.5; done; done
from=$(date -u +%Y-%m-%d); to=$(date -u -d "+29 days" +%Y-%m-%d)
for r in $(seq 1 $rounds); do
  for bin in "$@"; do
    p=${ports[$bin]}
    svc=$(curl -s -H 'X-Tenant: house-of-hair' localhost:$p/api/v1/services | python3 -c 'import json,sys; print(json.load(sys.stdin)[0]["id"])')
    slots=$(wrk -t2 -c64 -d${secs}s --latency -H 'X-Tenant: house-of-hair' "http://127.0.0.1:$p/api/v1/slots?service=$svc&from=$from&to=$to" \
      | awk '/Requests\/sec/{r=$2} / 99%/{q=$2} END{print r " req/s p99 " q}')
    ceiling=$(wrk -t2 -c64 -d${secs}s "http://127.0.0.1:$p/api/nothing-here" | awk '/Requests\/sec/{print $2 " req/s"}')
    echo "round $r  $bin  slots $slots  unrouted-404 $ceiling"
  done
done
for bin in "$@"; do pkill -f "serve --port ${ports[$bin]}"; rm -rf ${dirs[$bin]}; done
