#!/bin/bash
# Usage: scripts/wrk-slots.sh BOOKING_BINARY PORT [SECONDS]   (needs wrk: apt-get install wrk; loopback only, bounded by SECONDS)
# wrk on GET /api/v1/slots (30 days, any staff, demo salon) and on an unrouted API path (a JSON 404:
# the ceiling of this machine for any request; an unrouted page path would render the HTML error page),
# for one binary. DATABASE_URL=postgres://... serves from PostgreSQL instead of a fresh SQLite file.
set -u
bin=$(realpath "$1"); port=$2; secs=${3:-10}
dir=$(mktemp -d /tmp/wrk-slots.XXXX)
(cd $dir && DATABASE_URL=${DATABASE_URL:-sqlite://$dir/db.sqlite} $bin serve --port $port --no-worker > $dir/log 2>&1 &)
for i in $(seq 1 60); do curl -fsS localhost:$port/health >/dev/null 2>&1 && break; sleep 0.5; done
svc=$(curl -s -H 'X-Tenant: house-of-hair' localhost:$port/api/v1/services | python3 -c 'import json,sys; print(json.load(sys.stdin)[0]["id"])')
from=$(date -u +%Y-%m-%d); to=$(date -u -d "+29 days" +%Y-%m-%d)
url="http://127.0.0.1:$port/api/v1/slots?service=$svc&from=$from&to=$to"
curl -s -H 'X-Tenant: house-of-hair' "$url" | python3 -c 'import json,sys; d=json.load(sys.stdin); print("slots:", len(d["slots"]))'
curl -s -H 'X-Tenant: house-of-hair' "$url" | wc -c
echo "-- slots"; wrk -t2 -c64 -d${secs}s --latency -H 'X-Tenant: house-of-hair' "$url" | grep -E "Requests/sec|  99%|  50%"
echo "-- unrouted 404"; wrk -t2 -c64 -d${secs}s --latency "http://127.0.0.1:$port/api/nothing-here" | grep -E "Requests/sec|  99%|  50%"
pkill -f "serve --port $port"; sleep 1; rm -rf $dir
