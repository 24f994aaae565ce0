#!/bin/bash
# Usage: scripts/wrk-mix.sh BOOKING_BINARY [PORT] [SECONDS]   (needs wrk: apt-get install wrk; loopback only)
# The public pages and a realistic mix under wrk (-t2 -c64), each beside the unrouted JSON 404 of the
# same server (this machine's ceiling for any request) measured right before it, printed as req/s,
# p99 and share of that 404. Serves the demo tenants from a fresh SQLite file in production
# mode (DATABASE_URL=postgres://... serves from PostgreSQL instead; its demo data must be fresh).
# The mix (issue 24): 60 % slots for 7-day windows of random services, staff and dates, 15 % day
# pages, 10 % home, 10 % class list, 5 % sessions API. Prints the server's RSS after the mix.
# TENANTS=200 adds that many synthetic salons (`booking seed --bench-tenants`, 2,000 bookings each)
# and spreads the mix's slots, day pages and home pages over them and the demo salon, so caches see
# many keys (the single pages stay on the demo tenants). Each page is measured after a second of
# warm-up, and the mix after a warm-up of its own: 3 s, or 10 s with TENANTS (on PostgreSQL the first reads of 201 tenants' catalogs and busy
# time took the first 3-6 s, so a 3 s warm-up measured a server still starting).
set -u
bin=$(realpath "$1"); port=${2:-18460}; secs=${3:-10}
dir=$(mktemp -d /tmp/wrk-mix.XXXX)
(cd $dir && APP_ENV=production PUBLIC_URL=http://127.0.0.1:$port APP_SECRET=bench-secret-bench-secret-bench-secret-0123 \
  DATABASE_URL=${DATABASE_URL:-sqlite://$dir/db.sqlite} $bin migrate > $dir/migrate.log 2>&1 && \
  DATABASE_URL=${DATABASE_URL:-sqlite://$dir/db.sqlite} $bin seed --demo > $dir/seed.log 2>&1 && \
  { [ "${TENANTS:-0}" = 0 ] || DATABASE_URL=${DATABASE_URL:-sqlite://$dir/db.sqlite} $bin seed --bench-tenants $TENANTS >> $dir/seed.log 2>&1; } && \
  APP_ENV=production PUBLIC_URL=http://127.0.0.1:$port APP_SECRET=bench-secret-bench-secret-bench-secret-0123 \
  DATABASE_URL=${DATABASE_URL:-sqlite://$dir/db.sqlite} $bin serve --port $port --no-worker > $dir/log 2>&1 &)
for i in $(seq 1 1200); do curl -fsS localhost:$port/health >/dev/null 2>&1 && break; sleep 0.5; done
base=http://127.0.0.1:$port
python3 - "$base" "$dir" "${TENANTS:-0}" <<'PY'
import json, random, sys, urllib.request, datetime
base, out, tenants = sys.argv[1], sys.argv[2], int(sys.argv[3])
def get(path, tenant):
    req = urllib.request.Request(base + path, headers={"X-Tenant": tenant})
    return json.load(urllib.request.urlopen(req))
salon, studio = "/t/house-of-hair", "/t/mind-department"
services = get("/api/v1/services", "house-of-hair")
staff = get("/api/v1/staff", "house-of-hair")
sessions = get("/api/v1/sessions", "mind-department")["sessions"] if isinstance(get("/api/v1/sessions", "mind-department"), dict) else get("/api/v1/sessions", "mind-department")
today = datetime.date.today()
def day(n): return (today + datetime.timedelta(days=n)).isoformat()
random.seed(24)
# The salons the mix spreads over: the demo salon, and the benchmark salons when TENANTS is set.
salons = [("house-of-hair", services, staff)] + [
    (f"bench-{i}", get("/api/v1/services", f"bench-{i}"), get("/api/v1/staff", f"bench-{i}")) for i in range(1, tenants + 1)]
def slots():
    slug, offered, team = random.choice(salons)
    s = random.choice(offered)
    who = random.choice(["any"] + [m["id"] for m in team if s["id"] in m.get("services", [])])
    d = random.randrange(0, 30)
    return f"/t/{slug}/api/v1/slots?service={s['id']}" + ("" if who == "any" else f"&staff={who}") + f"&from={day(d)}&to={day(d + 6)}"
def day_page():
    slug, offered, _ = random.choice(salons)
    return f"/t/{slug}/book?service={random.choice(offered)['id']}&staff=any&date={day(random.randrange(1, 30))}"
def home():
    return f"/t/{random.choice(salons)[0]}/"
mix = []
for _ in range(max(4000, 40 * len(salons))):
    r = random.random()
    mix.append(slots() if r < 0.60 else day_page() if r < 0.75 else home() if r < 0.85
               else f"{studio}/sessions" if r < 0.95 else f"{studio}/api/v1/sessions")
open(f"{out}/mix.txt", "w").write("\n".join(mix) + "\n")
# One booking, for the manage page and a start for the details page.
free = get(f"/api/v1/slots?service={services[0]['id']}&from={day(3)}&to={day(9)}", "house-of-hair")["slots"]
body = json.dumps({"service": services[0]["id"], "start": free[0]["start"], "consent": True,
                   "client": {"name": "Bench", "email": "bench@example.com"}}).encode()
req = urllib.request.Request(base + "/api/v1/bookings", data=body, method="POST",
                             headers={"X-Tenant": "house-of-hair", "Content-Type": "application/json"})
token = json.load(urllib.request.urlopen(req))["manageToken"]
now = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
upcoming = [s for s in sessions if s["start"] > now]
pages = {
    "home": f"{salon}/",
    "class list": f"{studio}/sessions",
    # A class that has not started, as the class list links to (the API's list begins at midnight).
    "class page": f"{studio}/sessions/{upcoming[0]['id']}",
    "day and time": f"{salon}/book?service={services[0]['id']}&staff=any&date={day(4)}",
    "details": f"{salon}/book/details?service={services[0]['id']}&staff=any&start={free[1]['start']}",
    "manage": f"{salon}/manage/{token}",
    "my bookings": f"{salon}/my-bookings",
}
open(f"{out}/pages.txt", "w").write("\n".join(f"{k}\t{v}" for k, v in pages.items()) + "\n")
PY
run() {  # label, then wrk arguments; prints "label req/s p99 p50"
  local label=$1; shift
  wrk -t2 -c64 -d${secs}s --latency "$@" | awk -v l="$label" '/Requests\/sec/{r=$2} / 99%/{q=$2} / 50%/{m=$2} END{printf "%s\t%s\t%s\t%s\n", l, r, q, m}'
}
# This machine's speed drifts by up to half within a minute, so the 404 is measured again right
# before each page (and before the mix), and each share is against that 404.
c=0
ceiling() { local line; line=$(run "unrouted 404" "$base/api/nothing-here"); c=$(echo "$line" | cut -f2); }
share() { awk -F'\t' -v c="$c" '{printf "%-14s %9.0f req/s  p99 %8s  p50 %8s  %5.1f %% of the 404 (%.0f req/s just before)\n", $1, $2, $3, $4, 100*$2/c, c}'; }
# Each page gets a second of its own first (unmeasured): the first requests after a start read and
# build what the page keeps (the tenant, its catalog, the shared page), 64 at once; that first second
# had a p99 of 75-130 ms on pages whose p99 is 10 ms after it.
while IFS=$'\t' read -r label path; do
  wrk -t2 -c64 -d1s "$base$path" > /dev/null
  ceiling
  run "$label" "$base$path" | share
done < $dir/pages.txt
# The mix's own warm-up (unmeasured): every tenant's catalog read and its pages' first renders, as on
# a server that has been running.
wrk -t2 -c64 -d$([ "${TENANTS:-0}" = 0 ] && echo 3 || echo 10)s -s $(dirname $(realpath $0))/load/paths.lua "$base" -- $dir/mix.txt > /dev/null
ceiling
run "mix" -s $(dirname $(realpath $0))/load/paths.lua "$base" -- $dir/mix.txt | share
pid=$(pgrep -f "serve --port $port" | head -1)
echo "server RSS after the mix: $(( $(awk '/VmRSS/{print $2}' /proc/$pid/status) / 1024 )) MB"
pkill -f "serve --port $port"; sleep 1; rm -rf $dir
