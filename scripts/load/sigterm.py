#!/usr/bin/env python3
"""SIGTERM with requests in flight: starts `booking serve` on a fresh SQLite file (or DATABASE_URL),
sends N concurrent slot requests, SIGTERMs the server while they run, and reports every answer.
Passes when no request got a 5xx or a reset. Loopback only; bounded (about 30 s at most).
Usage: scripts/load/sigterm.py BOOKING_BINARY [PORT] [REQUESTS]"""
import concurrent.futures, datetime, http.client, json, os, signal, subprocess, sys, tempfile, time

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

with concurrent.futures.ThreadPoolExecutor(max_workers=count) as pool:
    futures = [pool.submit(one, i) for i in range(count)]
    time.sleep(0.15)
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
sys.exit(1 if failures or code != 0 else 0)
