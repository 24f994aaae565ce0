#!/usr/bin/env python3
"""SIGTERM with requests in flight: starts `booking serve` on a fresh SQLite file (or DATABASE_URL),
sends N concurrent slot requests, and as many more whose clients hang up at once (their handlers go
on without a connection), SIGTERMs the server while they run, and reports every answer. Passes when
no request got a 5xx or a reset and the server stopped cleanly (exit 0: a handler still running
when the database pools closed once stopped the process). Loopback only; bounded (about 30 s at most).
Usage: scripts/load/sigterm.py BOOKING_BINARY [PORT] [REQUESTS]"""
import concurrent.futures, datetime, http.client, json, os, signal, socket, struct, subprocess, sys, tempfile, time

binary = os.path.abspath(sys.argv[1])
port = int(sys.argv[2]) if len(sys.argv) > 2 else 18400
count = int(sys.argv[3]) if len(sys.argv) > 3 else 50
work = tempfile.mkdtemp(prefix="nbne-sigterm-")
env = dict(os.environ)
env.setdefault("DATABASE_URL", f"sqlite://{work}/db.sqlite")
server = subprocess.Popen([binary, "serve", "--port", str(port), "--no-worker"], cwd=work, env=env,
                          stdout=open(f"{work}/server.log", "w"), stderr=subprocess.STDOUT)

def get(path, headers=None, timeout=20):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    connection.request("GET", path, headers=headers or {})
    response = connection.getresponse()
    body = response.read()
    connection.close()
    return response.status, body

for _ in range(120):
    try:
        if get("/health")[0] == 200: break
    except OSError:
        time.sleep(0.25)
else:
    sys.exit("server did not start: " + open(f"{work}/server.log").read()[-2000:])

headers = {"X-Tenant": "house-of-hair"}
service = json.loads(get("/api/v1/services", headers)[1])[0]["id"]
today = datetime.date.today()
path = f"/api/v1/slots?service={service}&from={today}&to={today + datetime.timedelta(days=91)}"

def one(_):
    try:
        status, body = get(path, headers)
        return str(status)
    except Exception as error:  # a reset or a refused connection
        return type(error).__name__

def abandoned(i):
    """Sends a request and hangs up at once (a reset), so its handler runs on without a client."""
    try:
        s = socket.create_connection(("127.0.0.1", port), timeout=5)
        # Half ask for slots, half for a tenant not read yet (its row is read before the handler runs).
        target = f"{path} HTTP/1.1\r\nX-Tenant: house-of-hair" if i % 2 else "/t/mind-department/sessions HTTP/1.1"
        s.sendall(f"GET {target}\r\nHost: x\r\n\r\n".encode())
        s.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        s.close()
    except OSError:
        pass

with concurrent.futures.ThreadPoolExecutor(max_workers=count) as pool:
    futures = [pool.submit(one, i) for i in range(count)]
    time.sleep(0.1)
    for i in range(count):
        abandoned(i)
    time.sleep(0.05)
    server.send_signal(signal.SIGTERM)
    results = [f.result() for f in futures]
code = server.wait(timeout=30)
tally = {r: results.count(r) for r in sorted(set(results))}
print(f"requests={count} answers={tally} server_exit={code}")
bad = [r for r in results if not r.isdigit() or r.startswith("5")]
# Requests sent after the server stopped listening are refused: the client's retry finds the next
# server. Those accepted must all be answered.
refused = results.count("ConnectionRefusedError")
failures = [r for r in bad if r != "ConnectionRefusedError"]
print(f"answered={count - len(bad)} refused_before_accept={refused} failed_in_flight={len(failures)}")
if code != 0:
    print(open(f"{work}/server.log", errors="replace").read()[-3000:])
sys.exit(1 if failures or code != 0 else 0)
