#!/usr/bin/env bash
# The website in a real browser: installs Debian's chromium and chromium-driver and PyPI's selenium
# and axe-playwright-python's axe-core 4.x when missing, then runs scripts/browser/site_test.py against a fresh
# `booking serve` (JavaScript on and off; axe-core and the console checked on every page).
# Screenshots of each step at 390x844 and 1280x800 go to ./screenshots/ (named in .gitignore).
# Usage: scripts/browser-tests.sh [BOOKING_BINARY] [PORT]
set -euo pipefail

binary="${1:-.build/debug/booking}"
port="${2:-18471}"

if ! command -v chromium >/dev/null || ! command -v chromedriver >/dev/null; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get install -y -qq chromium chromium-driver >/dev/null 2>&1 \
    || { apt-get update -qq && apt-get install -y -qq chromium chromium-driver; }
fi
pip_install() {
  python3 -m pip install -q --disable-pip-version-check "$@" >/dev/null 2>&1 \
    || python3 -m pip install -q --disable-pip-version-check --break-system-packages "$@"
}
pip_install selenium
# A real iCalendar parser for the portal's calendar feed.
pip_install icalendar
# Only for its axe.min.js (axe-core 4.x, with the WCAG 2.2 rules); Playwright itself is not needed.
pip_install --no-deps axe-playwright-python

SCREENSHOT_DIR="${SCREENSHOT_DIR:-screenshots}" python3 scripts/browser/site_test.py "$binary" "$port"
