#!/usr/bin/env bash
# Checks the SMTP client against a third-party server (Python's aiosmtpd, from PyPI) rather than
# our own test server: STARTTLS with a private CA (SMTP_CA_FILE), AUTH, `booking mail-test`, and a
# booking made over HTTP whose confirmation the in-process worker delivers, parsed back with
# Python's email package (both alternatives and an invite with the booking's start), delivered
# once each while two workers (serve's and a separate `booking worker`) share the database.
# Usage: scripts/smtp-interop.sh [BOOKING_BINARY]
set -euo pipefail

binary="${1:-.build/debug/booking}"
smtp_port=18325
http_port=18194
work="$(mktemp -d)"
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT

if ! command -v openssl >/dev/null; then
  apt-get install -y -qq openssl >/dev/null 2>&1 || { apt-get update -qq && apt-get install -y -qq openssl; }
fi
python3 -m pip install -q --disable-pip-version-check aiosmtpd >/dev/null 2>&1 \
  || python3 -m pip install -q --disable-pip-version-check aiosmtpd

# A private CA and a certificate for localhost, as a company relay might have.
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -keyout "$work/ca.key" -out "$work/ca.pem" \
  -days 2 -subj "/CN=Interop CA" -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign" 2>/dev/null
openssl req -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -keyout "$work/server.key" -out "$work/server.csr" \
  -subj "/CN=localhost" 2>/dev/null
printf "subjectAltName=DNS:localhost,IP:127.0.0.1\nextendedKeyUsage=serverAuth\n" >"$work/ext.cnf"
openssl x509 -req -in "$work/server.csr" -CA "$work/ca.pem" -CAkey "$work/ca.key" -CAcreateserial \
  -out "$work/server.pem" -days 2 -extfile "$work/ext.cnf" 2>/dev/null
mkdir -p "$work/mail"

cat >"$work/server.py" <<'PY'
import asyncio, pathlib, ssl, sys, uuid
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult

work, port = pathlib.Path(sys.argv[1]), int(sys.argv[2])

class Saver:
    async def handle_DATA(self, server, session, envelope):
        (work / "mail" / f"{uuid.uuid4()}.eml").write_bytes(envelope.original_content)
        return "250 OK"

def authenticator(server, session, envelope, mechanism, auth_data):
    ok = auth_data.login == b"salon" and auth_data.password == b"s3cret" and session.ssl is not None
    return AuthResult(success=ok, handled=False)

context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
context.load_cert_chain(work / "server.pem", work / "server.key")
controller = Controller(Saver(), hostname="127.0.0.1", port=port, tls_context=context, require_starttls=True,
                        authenticator=authenticator, auth_require_tls=True, auth_required=True)
controller.start()
print("ready", flush=True)
asyncio.get_event_loop().run_forever()
PY
python3 "$work/server.py" "$work" "$smtp_port" >"$work/smtp.log" 2>&1 &
pids+=($!)
for _ in $(seq 1 50); do grep -q ready "$work/smtp.log" && break; sleep 0.2; done

export SMTP_HOST=localhost SMTP_PORT=$smtp_port SMTP_TLS=starttls SMTP_USERNAME=salon SMTP_PASSWORD=s3cret \
  SMTP_FROM=bookings@interop.test SMTP_CA_FILE="$work/ca.pem" DATABASE_URL="sqlite://$work/interop.sqlite" APP_ENV=development

echo "== booking mail-test (STARTTLS, AUTH, private CA)"
"$binary" mail-test --to check@example.com
grep -l "^Subject: NBNE Booking: test message" "$work"/mail/*.eml >/dev/null

echo "== a wrong password is reported, not hidden"
if SMTP_PASSWORD=wrong "$binary" mail-test --to check@example.com 2>"$work/wrong.txt"; then
  echo "mail-test succeeded with a wrong password" >&2; exit 1
fi
grep -q "refused the login" "$work/wrong.txt"

echo "== booking serve (in-process worker) and booking worker (a second process) on one database"
"$binary" serve --port $http_port >"$work/serve.log" 2>&1 &
pids+=($!)
for _ in $(seq 1 100); do curl -sf "http://127.0.0.1:$http_port/health" >/dev/null && break; sleep 0.2; done
"$binary" worker >"$work/worker.log" 2>&1 &
worker_pid=$!
pids+=($worker_pid)
api="http://127.0.0.1:$http_port/api/v1"
service=$(curl -sf -H 'X-Tenant: house-of-hair' "$api/services" | python3 -c 'import json,sys; print(json.load(sys.stdin)[0]["id"])')
starts=$(curl -sf -H 'X-Tenant: house-of-hair' "$api/slots?service=$service" | python3 -c 'import json,sys; s=json.load(sys.stdin)["slots"]; print(s[0]["start"], s[-1]["start"])')
for start in $starts; do
  curl -sf -H 'X-Tenant: house-of-hair' -H 'Content-Type: application/json' "$api/bookings" \
    -d "{\"service\":\"$service\",\"start\":\"$start\",\"client\":{\"name\":\"Zoë Interop\",\"email\":\"zoe@example.com\"},\"consent\":true}" >/dev/null
done
python3 - "$work/mail" $starts <<'PY'
import email, email.policy, pathlib, sys, time
from datetime import datetime, timezone
folder, starts = pathlib.Path(sys.argv[1]), sys.argv[2:]
wanted = {datetime.fromisoformat(s.replace("Z", "+00:00")) for s in starts}
deadline, seen = time.time() + 20, {}
while time.time() < deadline and set(seen) != wanted:
    for path in folder.glob("*.eml"):
        message = email.message_from_bytes(path.read_bytes(), policy=email.policy.default)
        if not (message["To"] and "zoe@example.com" in message["To"]):
            continue
        assert message["Subject"].startswith("Booking confirmed"), message["Subject"]
        text = message.get_body(preferencelist=("plain",)).get_content()
        html = message.get_body(preferencelist=("html",)).get_content()
        assert "House of Hair" in html and "/manage/" in text
        invite = next(p for p in message.walk() if p.get_content_type() == "text/calendar")
        assert invite.get_param("method") == "REQUEST"
        fields = dict(line.split(":", 1) for line in invite.get_content().replace("\r\n ", "").splitlines() if ":" in line)
        dtstart = datetime.strptime(fields["DTSTART"], "%Y%m%dT%H%M%SZ").replace(tzinfo=timezone.utc)
        assert dtstart in wanted, (dtstart, wanted)
        seen[dtstart] = message["Subject"]
    time.sleep(0.3)
if set(seen) != wanted:
    print(f"confirmations missing after 20 s: {sorted(wanted - set(seen))}", file=sys.stderr)
    sys.exit(1)
time.sleep(2)  # anything sent twice would have arrived by now
ids = [email.message_from_bytes(p.read_bytes())["Message-ID"] for p in folder.glob("*.eml")]
ids = [i for i in ids if i]
assert len(ids) == len(set(ids)), f"a message was delivered twice: {ids}"
for subject in seen.values():
    print("confirmation received once:", subject)
PY

echo "== booking worker stops cleanly on SIGTERM"
kill -TERM "$worker_pid"
for _ in $(seq 1 50); do kill -0 "$worker_pid" 2>/dev/null || break; sleep 0.2; done
if kill -0 "$worker_pid" 2>/dev/null; then echo "booking worker did not stop within 10 s" >&2; exit 1; fi
wait "$worker_pid"
grep -q "outbox worker stopped" "$work/worker.log" || { cat "$work/worker.log" >&2; exit 1; }
echo "smtp interop: ok"
