"""What the browser scripts share: a fresh `booking serve` on SQLite with the demo data (mail written
to a folder, the salon reachable as house-of-hair.localhost), and headless Chromium through Debian's
chromedriver, with or without JavaScript."""
import os, subprocess, sys, tempfile, time, urllib.request

from selenium import webdriver
from selenium.webdriver.chrome.options import Options
from selenium.webdriver.chrome.service import Service


def serve(binary, port, prefix):
    """Starts the server in a new temporary folder and waits for /health. Returns (server, folder)."""
    work = tempfile.mkdtemp(prefix=prefix)
    env = dict(os.environ, DATABASE_URL=f"sqlite://{work}/db.sqlite", DEV_MAIL_DIR=os.path.join(work, "mail"),
               BASE_DOMAIN="localhost")
    env.pop("SMTP_HOST", None)
    server = subprocess.Popen([os.path.abspath(binary), "serve", "--port", str(port)], cwd=work, env=env,
                              stdout=open(f"{work}/server.log", "w"), stderr=subprocess.STDOUT)
    for _ in range(240):
        try:
            if urllib.request.urlopen(f"http://127.0.0.1:{port}/health", timeout=2).status == 200:
                return server, work
        except OSError:
            time.sleep(0.25)
    server.terminate()
    sys.exit("server did not start: " + open(f"{work}/server.log").read()[-3000:])


def browser(javascript, log_console=False):
    """Headless Chromium at 390x844 that resolves *.localhost to loopback; JavaScript off on request."""
    options = Options()
    for argument in ["--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=390,844",
                     "--host-resolver-rules=MAP *.localhost 127.0.0.1"]:
        options.add_argument(argument)
    if not javascript:
        options.add_experimental_option("prefs", {"profile.managed_default_content_settings.javascript": 2})
    if log_console:
        options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    chromedriver = "/usr/bin/chromedriver" if os.path.exists("/usr/bin/chromedriver") else None
    return webdriver.Chrome(options=options, service=Service(chromedriver) if chromedriver else None)
