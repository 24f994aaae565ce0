#!/usr/bin/env python3
"""A booking storm on PostgreSQL with two app servers and two workers, then an SQL audit.

Starts, on loopback only: an SMTP sink (aiosmtpd) that records every Message-ID it accepts, two
`booking serve --no-worker` processes and two `booking worker` processes on one fresh database.
CLIENTS threads book random free (start, staff) pairs of the demo salon through either server for
SECONDS, with optional faults:
  --kill-server     kill -9 one app server a third of the way in, restart it five seconds later
  --smtp-outage S   stop the SMTP sink for S seconds from a quarter of the way in
  --postgres-restart COMMAND   run COMMAND (which restarts PostgreSQL) half-way; the servers must recover alone
Afterwards it waits for the outbox to drain and audits the database:
  - no two active bookings of a staff member overlap;
  - every booking answered 201 is a row;
  - every message already due is sent (reminders due later wait), and the sink received each
    sent message exactly once.
Exits non-zero when any check fails. Bounded: SECONDS + about 5 minutes at most.

Usage: scripts/load/storm.py BINARY DATABASE_URL [--clients 200] [--seconds 60] [--kill-server] [--smtp-outage 60]
                             [--postgres-restart "su postgres -c '.../pg_ctl -D DIR restart -m fast'"]
(needs psql, and aiosmtpd from PyPI.)"""
import argparse, asyncio, collections, datetime, http.client, json, os, random, signal, subprocess, sys, tempfile, threading, time

parser = argparse.ArgumentParser()
parser.add_argument("binary")
parser.add_argument("database_url")
parser.add_argument("--clients", type=int, default=200)
parser.add_argument("--seconds", type=float, default=60)
parser.add_argument("--kill-server", action="store_true")
parser.add_argument("--smtp-outage", type=float, default=0)
parser.add_argument("--postgres-restart", metavar="COMMAND", help="a shell command that restarts PostgreSQL, run half-way")
parser.add_argument("--base-port", type=int, default=18500)
args = parser.parse_args()
args.binary = os.path.abspath(args.binary)

from aiosmtpd.controller import Controller  # noqa: E402

work = tempfile.mkdtemp(prefix="nbne-storm-")
smtp_port = args.base_port
ports = [args.base_port + 1, args.base_port + 2]
received = collections.Counter()
received_lock = threading.Lock()


class Sink:
    async def handle_DATA(self, server, session, envelope):
        for line in envelope.original_content.decode("utf-8", "replace").splitlines():
            if line.lower().startswith("message-id:"):
                with received_lock:
                    received[line.split(":", 1)[1].strip()] += 1
                break
        return "250 OK"


sink = Controller(Sink(), hostname="127.0.0.1", port=smtp_port)
sink.start()
sinks = [sink]

env = dict(os.environ, DATABASE_URL=args.database_url, SMTP_HOST="127.0.0.1", SMTP_PORT=str(smtp_port), SMTP_TLS="none",
           SMTP_FROM="storm@nbne.test", APP_ENV="development")
processes = {}


def start(name, command):
    processes[name] = subprocess.Popen(command, cwd=work, env=env, stdout=open(f"{work}/{name}.log", "a"),
                                       stderr=subprocess.STDOUT)


def request(port, method, path, body=None, headers=None, timeout=15):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    connection.request(method, path, body=json.dumps(body) if body is not None else None,
                       headers={"Content-Type": "application/json", **(headers or {})})
    response = connection.getresponse()
    data = response.read()
    connection.close()
    return response.status, data


def wait_healthy(port, seconds=60):
    deadline = time.time() + seconds
    while time.time() < deadline:
        try:
            if request(port, "GET", "/health")[0] == 200:
                return
        except OSError:
            pass
        time.sleep(0.25)
    raise SystemExit(f"server on {port} did not start")


def psql(sql):
    return subprocess.check_output(["psql", "-At", "-d", args.database_url, "-c", sql], text=True).strip()


# The first server migrates and seeds the demo salon; then the second server and two workers.
start("server0", [args.binary, "serve", "--port", str(ports[0]), "--no-worker"])
wait_healthy(ports[0])
start("server1", [args.binary, "serve", "--port", str(ports[1]), "--no-worker", "--no-demo"])
wait_healthy(ports[1])
start("worker0", [args.binary, "worker"])
start("worker1", [args.binary, "worker"])

tenant = {"X-Tenant": "house-of-hair"}
services = json.loads(request(ports[0], "GET", "/api/v1/services", headers=tenant)[1])
service = services[0]["id"]
today = datetime.date.today()
status, body = request(ports[0], "GET", f"/api/v1/slots?service={service}&from={today}&to={today + datetime.timedelta(days=59)}",
                       headers=tenant)
pairs = [(slot["start"], staff) for slot in json.loads(body)["slots"] for staff in slot["staff"]]
print(f"storm: {len(pairs)} free (start, staff) pairs, {args.clients} clients, {args.seconds:.0f} s, "
      f"kill-server={args.kill_server}, smtp-outage={args.smtp_outage:.0f} s", flush=True)

created, statuses, lock = [], collections.Counter(), threading.Lock()
stop_at = time.time() + args.seconds


def client(number):
    rng = random.Random(number)
    n = 0
    while time.time() < stop_at:
        start_at, staff = rng.choice(pairs)
        port = rng.choice(ports)
        n += 1
        booking = {"service": service, "staff": staff, "start": start_at, "consent": True,
                   "client": {"name": f"Storm {number}", "email": f"s{number}-{n}@storm.example"}}
        try:
            status, data = request(port, "POST", "/api/v1/bookings", booking, tenant)
            result = str(status)
            if status == 201:
                with lock:
                    created.append(json.loads(data)["id"])
        except Exception as error:  # the killed server's connections
            result = type(error).__name__
            time.sleep(0.2)
        with lock:
            statuses[result] += 1


def smtp_outage():
    time.sleep(args.seconds / 4)
    sinks[-1].stop()
    print(f"fault: SMTP sink stopped for {args.smtp_outage:.0f} s", flush=True)
    time.sleep(args.smtp_outage)
    sinks.append(Controller(Sink(), hostname="127.0.0.1", port=smtp_port))  # a stopped controller cannot restart
    sinks[-1].start()
    print("fault: SMTP sink back", flush=True)


def kill_server():
    time.sleep(args.seconds / 3)
    processes["server1"].send_signal(signal.SIGKILL)
    processes["server1"].wait()
    print("fault: server1 killed with SIGKILL", flush=True)
    time.sleep(5)
    start("server1", [args.binary, "serve", "--port", str(ports[1]), "--no-worker", "--no-demo"])
    wait_healthy(ports[1])
    print("fault: server1 restarted", flush=True)


def restart_postgres():
    time.sleep(args.seconds / 2)
    print("fault: restarting PostgreSQL", flush=True)
    subprocess.run(args.postgres_restart, shell=True, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    print("fault: PostgreSQL back", flush=True)


faults = (([smtp_outage] if args.smtp_outage else []) + ([kill_server] if args.kill_server else [])
          + ([restart_postgres] if args.postgres_restart else []))
threads = [threading.Thread(target=client, args=(i,)) for i in range(args.clients)] + [threading.Thread(target=f) for f in faults]
for thread in threads:
    thread.start()
for thread in threads:
    thread.join()
print(f"answers: {dict(statuses)}; booked (201): {len(created)}", flush=True)

# Let the workers deliver everything (retries after the outage back off up to about a minute).
# Every message but the reminders (due a day before each appointment) must go out now; failed ones
# wait for their retry (backoff from about a minute), so give them a few minutes.
deadline = time.time() + 240
undelivered_sql = "SELECT COUNT(*) FROM outbox_messages WHERE status <> 'sent' AND (kind <> 'reminder' OR due_at <= now())"
while time.time() < deadline and psql(undelivered_sql) != "0":
    time.sleep(1)

failures = []
overlaps = psql("""SELECT COUNT(*) FROM bookings a JOIN bookings b ON a.tenant_id = b.tenant_id AND a.staff_id = b.staff_id
                   AND a.id < b.id AND a.blocked_from < b.blocked_until AND b.blocked_from < a.blocked_until
                   WHERE a.status IN ('pending','confirmed') AND b.status IN ('pending','confirmed')""")
if overlaps != "0":
    failures.append(f"{overlaps} overlapping active bookings")
stored = set(psql("SELECT id FROM bookings").lower().split())
missing = [i for i in created if i.lower() not in stored]
if missing:
    failures.append(f"{len(missing)} bookings answered 201 are not in the database")
outbox = dict(line.split("|") for line in psql("SELECT status, COUNT(*) FROM outbox_messages GROUP BY status").splitlines())
undelivered = psql(undelivered_sql)
if undelivered != "0":  # reminders due later wait, as they should
    failures.append(f"{undelivered} due messages were not delivered: {outbox}")
sent_ids = psql("SELECT id FROM outbox_messages WHERE status = 'sent' AND channel = 'email'").lower().split()
with received_lock:
    by_id = collections.Counter({k.strip("<>").split("@")[0].lower(): v for k, v in received.items()})
never = [i for i in sent_ids if by_id[i] == 0]
twice = [i for i in sent_ids if by_id[i] > 1]
if never:
    failures.append(f"{len(never)} messages marked sent never reached the SMTP server")
if twice:
    failures.append(f"{len(twice)} messages were delivered more than once")
print(f"audit: overlaps={overlaps} created={len(created)} stored={len(stored)} outbox={outbox} "
      f"emails_sent={len(sent_ids)} received={sum(received.values())} duplicates={len(twice)}", flush=True)

for process in processes.values():
    process.send_signal(signal.SIGTERM)
for process in processes.values():
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        process.kill()
try:
    sinks[-1].stop()
except Exception:
    pass
print("PASSED" if not failures else "FAILED: " + "; ".join(failures), flush=True)
sys.exit(1 if failures else 0)
