#!/usr/bin/env python3
"""How much effort a booking takes: from the salon's home page to a confirmed booking, counted in a
real browser (Debian's chromium) against a fresh `booking serve` with the demo data.

  phone, JavaScript on and off: taps and page loads (typing the details is not counted), and where
  the first time is on the screen after choosing a day (below 844 px: out of sight);
  keyboard (JavaScript on): Tab, arrow and Enter/Space presses, and the Tab presses from choosing a
  day to its first time.

The client books "Cut & finish" with anyone, on the third day that has free times, at its first
time. Prints one line per measure; docs/ux.md keeps the numbers before and after a change.

Usage: scripts/browser/ux_measure.py BOOKING_BINARY [PORT]"""
import os, sys, time

import harness
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.support.ui import WebDriverWait

binary = os.path.abspath(sys.argv[1])
port = int(sys.argv[2]) if len(sys.argv) > 2 else 18481
server, work = harness.serve(binary, port, "nbne-ux-")
SALON = f"http://house-of-hair.localhost:{port}"
browser = harness.browser


class Counter:
    """Counts taps (or key presses) and page loads. A page load is seen as a new document: each
    document has its own `performance.timeOrigin`."""

    def __init__(self, driver, javascript):
        self.driver, self.javascript = driver, javascript
        self.taps = self.loads = 0
        self.keys = {"Tab": 0, "arrows": 0, "Enter/Space": 0}
        self.document = None

    def settle(self):
        WebDriverWait(self.driver, 15).until(lambda d: d.execute_script("return document.readyState") == "complete")
        if self.javascript:
            time.sleep(0.4)  # the calendar and a swapped-in day's times
        document = self.driver.execute_script("return performance.timeOrigin")
        if document != self.document:
            self.loads += 1
            self.document = document

    def tap(self, element):
        self.taps += 1
        element.click()
        time.sleep(0.2)
        self.settle()

    def press(self, key, group):
        self.keys[group] += 1
        ActionChains(self.driver).send_keys(key).perform()
        time.sleep(0.05)

    def tab_to(self, matches, limit=150):
        """Tab until the focused element matches; the presses are counted."""
        for _ in range(limit):
            if self.driver.execute_script("var e = document.activeElement; return e && e !== document.body") and matches():
                return True
            self.press(Keys.TAB, "Tab")
        return False

    def activate(self):
        self.press(Keys.ENTER, "Enter/Space")
        time.sleep(0.3)
        self.settle()


def css(driver, selector):
    return [e for e in driver.find_elements(By.CSS_SELECTOR, selector) if e.is_displayed()]


def type_details(driver, who):
    for field, value in {"name": "Ux " + who, "email": f"ux-{who}@example.com"}.items():
        driver.find_element(By.ID, field).send_keys(value)


def by_phone(javascript):
    driver = browser(javascript)
    count = Counter(driver, javascript)
    driver.get(SALON + "/")
    count.settle()
    count.tap(driver.find_element(By.PARTIAL_LINK_TEXT, "Cut & finish"))
    count.tap(driver.find_element(By.PARTIAL_LINK_TEXT, "Anyone available"))
    days = css(driver, ".calendar td button:not([aria-disabled])") if javascript else css(driver, ".days a")
    count.tap(days[2])
    first_time = css(driver, ".times a")[0]
    top = driver.execute_script("return Math.round(arguments[0].getBoundingClientRect().top)", first_time)
    count.tap(first_time)
    type_details(driver, f"phone-{javascript}")
    count.tap(driver.find_element(By.ID, "consent"))
    count.tap(driver.find_element(By.XPATH, "//button[contains(normalize-space(.), 'Confirm booking')]"))
    ok = "Booking confirmed" in driver.page_source
    driver.quit()
    return count, ok, top


def by_keyboard():
    driver = browser(True)
    driver.set_window_size(1280, 800)
    count = Counter(driver, True)
    driver.get(SALON + "/")
    count.settle()
    active = lambda: driver.execute_script("return document.activeElement")
    text = lambda: driver.execute_script("return (document.activeElement.textContent || '') + ' ' + (document.activeElement.getAttribute('aria-label') || '')")
    count.tab_to(lambda: "Cut & finish" in text())
    count.activate()
    count.tab_to(lambda: "Anyone available" in text())
    count.activate()
    # The third free day: Tab into the calendar, then arrows (a grid) or Tab (one stop per day).
    count.tab_to(lambda: driver.execute_script("return !!document.activeElement.closest('.calendar td')"))
    free = [b.get_attribute("data-date") for b in css(driver, ".calendar td button:not([aria-disabled])")]
    target = free[2]
    for _ in range(60):
        if active().get_attribute("data-date") == target:
            break
        grid = driver.execute_script("return !!document.querySelector('.calendar [role=grid]')")
        count.press(Keys.ARROW_RIGHT if grid else Keys.TAB, "arrows" if grid else "Tab")
    count.activate()
    before_tabs = count.keys["Tab"]
    count.tab_to(lambda: driver.execute_script("return !!document.activeElement.closest('.times')"))
    to_first_time = count.keys["Tab"] - before_tabs
    count.activate()
    count.tab_to(lambda: active().get_attribute("id") == "name")
    type_details(driver, "keyboard")
    count.tab_to(lambda: active().get_attribute("id") == "consent")
    count.press(Keys.SPACE, "Enter/Space")
    count.tab_to(lambda: "Confirm booking" in text())
    count.activate()
    ok = "Booking confirmed" in driver.page_source
    driver.quit()
    return count, ok, to_first_time


try:
    for javascript in (True, False):
        count, ok, top = by_phone(javascript)
        print(f"phone, JavaScript {'on' if javascript else 'off'}: {count.taps} taps, {count.loads} page loads"
              f" (home included); after choosing the day the first time's top is at {top} px of an 844 px"
              f" screen{'' if ok else ' -- NOT CONFIRMED'}")
    count, ok, to_first_time = by_keyboard()
    keys = ", ".join(f"{n} {k}" for k, n in count.keys.items())
    print(f"keyboard, JavaScript on: {keys}; {count.loads} page loads; Tab presses from choosing a day to its"
          f" first time: {to_first_time}{'' if ok else ' -- NOT CONFIRMED'}")
finally:
    server.terminate()
    server.wait(timeout=30)
