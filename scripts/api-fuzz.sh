#!/usr/bin/env bash
# Validates /openapi.json (openapi-spec-validator) and fuzzes a running server with schemathesis:
# any 5xx answer, hang or network error fails. Starts its own server with demo data, on a fresh
# SQLite file or on the (empty) PostgreSQL database given.
#   scripts/api-fuzz.sh [BOOKING_BINARY] [PORT] [DATABASE_URL]
set -euo pipefail
binary=${1:-.build/debug/booking}
port=${2:-18191}
database_url=${3:-}
work=$(mktemp -d /tmp/nbne-fuzz.XXXX)
server_pid=""
cleanup() {
  if [ -n "$server_pid" ]; then kill "$server_pid" 2>/dev/null || true; wait "$server_pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

python3 -m pip install -q --disable-pip-version-check openapi-spec-validator schemathesis >/dev/null 2>&1 \
  || python3 -m pip install -q --disable-pip-version-check openapi-spec-validator schemathesis

DATABASE_URL="${database_url:-sqlite://$work/fuzz.sqlite}" "$binary" serve --port "$port" >"$work/server.log" 2>&1 &
server_pid=$!
for _ in $(seq 1 60); do
  curl -fsS "http://127.0.0.1:$port/health" >/dev/null 2>&1 && break
  sleep 0.5
done
curl -fsS "http://127.0.0.1:$port/openapi.json" -o "$work/openapi.json"
python3 -c "import json,sys; from openapi_spec_validator import validate; validate(json.load(open(sys.argv[1]))); print('openapi.json: valid OpenAPI 3.1')" "$work/openapi.json"

key=$(grep -o "house-of-hair' seeded; its admin API key (shown once): [^ ]*" "$work/server.log" | awk '{print $NF}')
[ -n "$key" ] || { echo "no demo admin key in the server log" >&2; cat "$work/server.log" >&2; exit 1; }

status=0
# Run from the scratch folder: schemathesis writes a cache folder where it runs.
(cd "$work" && schemathesis run "http://127.0.0.1:$port/openapi.json" --url "http://127.0.0.1:$port" \
  -H "X-Tenant: house-of-hair" -H "Authorization: Bearer $key" \
  --checks not_a_server_error --max-examples 25 --request-timeout 20 --continue-on-failure \
  --seed 20261124 >"$work/schemathesis.log" 2>&1) || status=$?
sed -n '/SUMMARY/,$p' "$work/schemathesis.log"
if [ "$status" -ne 0 ]; then
  cat "$work/schemathesis.log" | head -200
  echo "schemathesis found server errors or failures (exit $status)" >&2
  exit 1
fi
# JSONErrorMiddleware logs every 5xx it answers as "server error" or "unexpected error".
if grep -qE 'server error:|unexpected error:' "$work/server.log"; then
  grep -E 'server error:|unexpected error:' "$work/server.log" | head -20 >&2
  echo "the server answered 5xx during fuzzing" >&2
  exit 1
fi
echo "API fuzz: no 5xx responses"
