#!/usr/bin/env python3
"""End-to-end tests of the public website in a real browser (Debian's chromium and chromium-driver,
PyPI's selenium, and the axe-core 4.x that PyPI's axe-playwright-python ships), against a running `booking serve` on a fresh SQLite
database with the demo data. Each journey runs once with JavaScript on and once with it off:

  book an appointment -> reschedule it and cancel it through its manage page;
  enrol in a class; join a full class's waitlist;
  ask for the my-bookings link and open it (read from the outbox's development mail folder).
  the owner's portal: sign in (a wrong password first), see the day, open a booking, cancel it with
  a message and find the message in the client's email, book a phone-in from an empty time in the
  day view and see the public site stop offering it, sign out.

Every page visited is checked with axe-core 4.x and the WCAG 2.0-2.2 A/AA rules (no violation of any
impact), must not scroll sideways at 320 CSS px nor at 200 % zoom, and, with JavaScript on, the
browser console must show no error. With JavaScript on, the month calendar is also driven by keyboard. Screenshots of each step at 390x844 and 1280x800 go to
SCREENSHOT_DIR (default ./screenshots/, which .gitignore names).

Usage: scripts/browser/site_test.py BOOKING_BINARY [PORT]"""
import datetime, email, glob, importlib.util, json, os, re, sys, time, traceback, urllib.parse, urllib.request
from zoneinfo import ZoneInfo

import harness
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.common.exceptions import StaleElementReferenceException, WebDriverException
from selenium.webdriver.support.ui import WebDriverWait

AXE_SOURCE = open(os.path.join(os.path.dirname(importlib.util.find_spec("axe_playwright_python").origin), "axe.min.js")).read()
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]

binary = os.path.abspath(sys.argv[1])
port = int(sys.argv[2]) if len(sys.argv) > 2 else 18471
shots = os.path.abspath(os.environ.get("SCREENSHOT_DIR", "screenshots"))
os.makedirs(shots, exist_ok=True)
server, work = harness.serve(binary, port, "nbne-browser-")
mail_dir = os.path.join(work, "mail")
# The salon on its own host name (browsers resolve *.localhost to loopback); the studio by path.
SALON = f"http://house-of-hair.localhost:{port}"
STUDIO = f"http://127.0.0.1:{port}/t/mind-department"
failures = []
audits = {"js": 0, "nojs": 0}


def api(method, url, body=None, headers=None):
    request = urllib.request.Request(url, method=method, data=json.dumps(body).encode() if body is not None else None,
                                     headers={"Content-Type": "application/json", **(headers or {})})
    with urllib.request.urlopen(request, timeout=20) as response:
        return response.status, json.loads(response.read() or b"null")


def replaced(element):
    """A wait condition: `element`'s document has been replaced. Like `expected_conditions.staleness_of`, but Chrome
    sometimes answers a look at a node of the document being replaced with "Node with given id does
    not belong to the document" (a plain WebDriverException, not a stale-element one): that counts too
    (a CI run stopped on it)."""
    def check(_):
        try:
            element.is_enabled()
            return False
        except StaleElementReferenceException:
            return True
        except WebDriverException as error:
            if "does not belong to the document" in str(error):
                return True
            raise
    return check


def browser(javascript):
    return harness.browser(javascript, log_console=True)


def audit(driver):
    """axe-core 4.x (the file PyPI's axe-playwright-python ships) run with the WCAG 2.0-2.2 A and AA
    tags; every violation counts, whatever its impact."""
    driver.execute_script(AXE_SOURCE)
    return driver.execute_async_script(
        "var done = arguments[arguments.length - 1];"
        "axe.run(document, {runOnly: {type: 'tag', values: arguments[0]}}).then(done, function (e) { done({violations: [{id: 'axe-error', impact: 'error', help: String(e), nodes: []}]}); });",
        AXE_TAGS)


def auditor():
    """A JavaScript-enabled browser that never loads site.js: axe-core needs JavaScript to run, so
    the markup a visitor without JavaScript sees (the day list, above all) is audited here."""
    driver = browser(True)
    driver.execute_cdp_cmd("Network.enable", {})
    driver.execute_cdp_cmd("Network.setBlockedURLs", {"urls": ["*/assets/site.js*"]})
    return driver


class Journey:
    def __init__(self, javascript):
        self.javascript = javascript
        self.mode = "js" if javascript else "nojs"
        self.driver = browser(javascript)
        self.auditor = None if javascript else auditor()
        self.step = 0
        self.checked = set()

    def fail(self, message):
        failures.append(f"[{self.mode}] {message} (at {self.driver.current_url})")
        print("FAIL", failures[-1])

    def look(self, name, get_page=True):
        """Screenshots at both sizes, axe-core, and (with JS on) the console. `get_page`: the page can
        be fetched again by its address (not the answer to a form), so the no-JS run audits it too."""
        self.step += 1
        driver = self.driver
        for width, height in [(390, 844), (1280, 800)]:
            driver.set_window_size(width, height)
            driver.save_screenshot(os.path.join(shots, f"{self.mode}-{self.step:02d}-{name}-{width}.png"))
        # Nothing scrolls sideways on a 320 px phone, nor at 200 % zoom of a 390 px one (195 CSS px).
        for label, width, height, scale in [("320", 320, 700, 1), ("zoom200", 195, 422, 2)]:
            driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                                   {"width": width, "height": height, "deviceScaleFactor": scale, "mobile": True})
            time.sleep(0.1)
            overflow = driver.execute_script(
                "return [document.documentElement.scrollWidth, window.innerWidth]")
            if overflow[0] > overflow[1]:
                driver.save_screenshot(os.path.join(shots, f"{self.mode}-{self.step:02d}-{name}-{label}.png"))
                self.fail(f"{name} scrolls sideways at {label}: {overflow[0]} px wide in a {overflow[1]} px window")
            if name in ("home", "days", "times", "classes", "class", "details", "confirmed"):
                driver.save_screenshot(os.path.join(shots, f"{self.mode}-{self.step:02d}-{name}-{label}.png"))
        driver.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})
        driver.set_window_size(390, 844)
        page = re.sub(r"/manage/[^/?]+|/my-bookings/[^/?]+", "/<token>", driver.current_url.split("?")[0])
        if page not in self.checked and (self.javascript or get_page):
            self.checked.add(page)
            audited = driver
            if not self.javascript:
                # The same address, fetched again without site.js in a browser that can run axe.
                audited = self.auditor
                audited.get(driver.current_url)
            results = audit(audited)
            audits[self.mode] += 1
            for violation in results["violations"]:
                nodes = "; ".join(n["html"][:120] for n in violation["nodes"][:3])
                self.fail(f"axe {violation['impact']} {violation['id']} on {name}: {violation['help']} [{nodes}]")
        if self.javascript:
            for entry in driver.get_log("browser"):
                # A form sent back with what to fix answers 422 (409 when the time was taken, 404 for
                # a wrong link, 401 for a wrong password) on purpose; Chrome notes that status in the console. Any other error fails.
                intended = re.search(r"status of (401|404|409|422) ", entry["message"]) and entry["message"].startswith(driver.current_url.split("?")[0])
                if entry["level"] == "SEVERE" and not intended:
                    self.fail(f"console error on {name}: {entry['message']}")
        if "Something went wrong" in driver.find_element(By.TAG_NAME, "body").text:
            self.fail(f"error page on {name}")

    def go(self, url):
        self.driver.get(url)

    def click_link(self, text):
        self.navigating(lambda: self.driver.find_element(By.PARTIAL_LINK_TEXT, text))

    def css(self, selector):
        return self.driver.find_elements(By.CSS_SELECTOR, selector)

    def h1(self):
        return self.driver.find_element(By.TAG_NAME, "h1").text

    def fill(self, values):
        for field, value in values.items():
            element = self.driver.find_element(By.ID, field)
            if element.get_attribute("type") == "checkbox":
                if element.is_selected() != bool(value):
                    element.click()
            else:
                element.clear()
                element.send_keys(value)

    def navigating(self, find):
        """Clicks what `find()` returns, which loads a new page, and waits until it has. The element is
        looked up again if the click lands while the document is being replaced (seen once in CI:
        "Node with given id does not belong to the document")."""
        for attempt in range(3):
            old = self.driver.find_element(By.TAG_NAME, "html")
            try:
                find().click()
            except (StaleElementReferenceException, WebDriverException) as error:
                if attempt == 2 or not ("stale" in str(error).lower() or "does not belong to the document" in str(error)):
                    raise
                time.sleep(0.5)
                continue
            WebDriverWait(self.driver, 15).until(replaced(old))
            WebDriverWait(self.driver, 15).until(lambda d: d.execute_script("return document.readyState") == "complete")
            return

    def submit(self, label):
        self.navigating(lambda: self.driver.find_element(By.XPATH, f"//button[contains(normalize-space(.), '{label}')]"))

    def heading_text(self, element_id):
        return self.driver.execute_script(f"var e = document.getElementById('{element_id}'); return e ? e.textContent : ''")

    def wait_for(self, condition, what, timeout=10):
        try:
            WebDriverWait(self.driver, timeout).until(lambda _: condition())
        except Exception:
            self.fail(f"timed out waiting for {what}")

    def expect(self, condition, message):
        if not condition:
            self.fail(message)

    # -- journeys

    def book_reschedule_cancel(self, email_address):
        self.go(SALON + "/")
        self.look("home")
        self.expect("House of Hair" in self.h1(), "the home page names the salon")
        self.click_link("Book")
        self.look("services")
        self.click_link("Cut & finish")
        self.look("staff")
        self.expect(self.css(".list a")[0].text.startswith("Anyone available"), "'Anyone available' comes first")
        self.click_link("Anyone available")
        self.look("days")
        days_url = self.driver.current_url
        if self.javascript:
            self.keyboard_chooses_a_day()
            self.go(days_url)
            # The month calendar replaces the list; choose the third free day in it.
            self.wait_for(lambda: len(self.css(".calendar td button:not([aria-disabled])")) > 0, "the month calendar")
            days = self.css(".calendar td button:not([aria-disabled])")
            self.expect(not self.css(".days")[0].is_displayed(), "the day list is hidden behind the calendar")
            target = days[min(2, len(days) - 1)]
            chosen = target.get_attribute("aria-label").split(",")[0]
            target.click()
            self.wait_for(lambda: chosen in self.heading_text("times-heading"), "the chosen day's times")
            announced = self.driver.execute_script(
                "return [...document.querySelectorAll('[aria-live]')].map(e => e.textContent).join(' ')")
            self.expect("available on " + chosen in announced, f"the live region announces the times ({announced!r})")
        else:
            self.navigating(lambda: self.css(".days a")[2])
        self.look("times")
        self.navigating(lambda: self.css(".times a")[0])
        self.look("details")
        # A mistake first: the error summary links to the field, and what was typed is kept.
        self.fill({"name": "Ana Lopez", "email": "not-an-email", "notes": "Fringe please"})
        self.submit("Confirm booking")
        self.look("details-error", get_page=False)
        self.expect("There is a problem" in self.driver.page_source, "an error summary")
        self.expect(self.driver.find_element(By.ID, "name").get_attribute("value") == "Ana Lopez", "the name is kept")
        # A slip in the email's domain: a suggestion, shown before anything is booked.
        local = email_address.split("@")[0]
        self.fill({"email": f"{local}@gmial.com", "phone": "+44 7700 900123", "consent": True})
        self.submit("Confirm booking")
        self.look("email-suggestion", get_page=False)
        self.expect(f"Did you mean {local}@gmail.com" in self.driver.find_element(By.TAG_NAME, "main").text, "an email suggestion")
        # Change the time with the same picker, and come back with the details kept.
        self.submit("Change time")
        self.look("change-time", get_page=False)
        self.expect(self.css(".times a[aria-current]"), "the time being changed is marked")
        self.expect("Your details are kept" in self.driver.page_source, "the picker says the details are kept")
        self.navigating(lambda: [a for a in self.css(".times a") if not a.get_attribute("aria-current")][0])
        self.expect(self.driver.find_element(By.ID, "notes").get_attribute("value") == "Fringe please", "notes kept across 'Change time'")
        self.fill({"email": email_address})
        self.expect("change or cancel online" in self.driver.page_source or "cannot be changed or cancelled online" in self.driver.page_source,
                    "the change deadline beside Confirm booking")
        if self.javascript:
            # A page the browser restores on Back (its back-forward cache) keeps its script state: a
            # form marked sent must be sendable again. Chrome keeps no `no-store` page in that cache,
            # so the restore is simulated with the event it fires.
            resent = self.driver.execute_script(
                "var f = document.querySelector('form[data-once]'); f.dataset.sent = '1'; f.setAttribute('aria-busy', 'true');"
                "window.dispatchEvent(new PageTransitionEvent('pageshow', {persisted: true}));"
                "return [f.dataset.sent || '', f.getAttribute('aria-busy') || ''];")
            self.expect(resent == ["", ""], f"a form restored on Back can be sent again ({resent!r})")
        self.submit("Confirm booking")
        self.look("confirmed")
        self.expect("Booking confirmed" in self.driver.page_source, "the confirmation banner")
        self.expect(email_address in self.driver.find_element(By.TAG_NAME, "main").text, "the confirmation names the email address")
        self.expect("Pay at the salon" in self.driver.page_source and "Open in a map" in self.driver.page_source,
                    "the confirmation says where and how to pay")
        manage_url = self.driver.current_url.split("?")[0]
        ics = self.css("a[href$='calendar.ics']")
        self.expect(ics, "an Add to calendar link")
        # Reschedule through the same picker, keeping the staff member.
        self.click_link("Change the time")
        self.look("reschedule")
        if self.javascript:
            self.wait_for(lambda: len(self.css(".calendar td button:not([aria-disabled])")) > 1, "the reschedule calendar")
            days = self.css(".calendar td button:not([aria-disabled])")
            target = days[-1]
            chosen = target.get_attribute("aria-label").split(",")[0]
            target.click()
            self.wait_for(lambda: chosen in self.heading_text("times-heading"), "the new day's times")
        else:
            self.navigating(lambda: self.css(".days a")[-1])
        self.navigating(lambda: self.css(".times a")[0])
        self.look("reschedule-confirm")
        self.submit("Move my booking")
        self.look("moved")
        self.expect("Booking moved" in self.driver.page_source, "the moved banner")
        # Cancel: asks first, then says so and offers to book again.
        self.click_link("Cancel booking")
        self.look("cancel-confirm")
        self.expect("Cancel this booking?" in self.h1(), "cancel asks to confirm")
        self.submit("Yes, cancel it")
        self.look("cancelled")
        self.expect("Cancelled" in self.driver.page_source and self.css("a.button"), "cancelled, with 'Book again'")
        self.go(manage_url + "nope")
        self.look("unknown-link")
        self.expect("could not find that booking" in self.h1(), "an unknown link is a friendly 404")

    def keyboard_chooses_a_day(self):
        """The month calendar is one Tab stop (a grid); arrow keys move between days; Enter on a day
        shows its times and leaves focus at most three Tab presses before the first time."""
        self.wait_for(lambda: len(self.css(".calendar td button:not([aria-disabled])")) > 1, "the month calendar")
        # Named by its month; days without times say which day and why (no strike-through).
        name = self.driver.execute_script(
            "var g = document.querySelector('.calendar [role=grid]'); var h = document.getElementById(g.getAttribute('aria-labelledby'));"
            "return h ? h.textContent : ''")
        self.expect(re.match(r"^[A-Z][a-z]+ \d{4}$", name or ""), f"the calendar grid is named by its month ({name!r})")
        quiet = self.driver.execute_script(
            "return [...document.querySelectorAll('.calendar td button[aria-disabled]')].map(b => b.getAttribute('aria-label'))")
        self.expect(quiet and all(re.match(r"^[A-Z][a-z]+day \d+ [A-Z][a-z]+, (closed|no free times|not bookable online)$", l) for l in quiet),
                    f"days without times say the day and why ({quiet[:3]!r})")
        self.expect(any(l.endswith(", closed") for l in quiet or []), "a day the salon is closed says so")
        stops = self.driver.execute_script("return document.querySelectorAll('.calendar [role=grid] [tabindex=\"0\"]').length")
        self.expect(stops == 1, f"the calendar grid has one Tab stop ({stops})")
        self.driver.execute_script("document.querySelector('.calendar [role=grid] [tabindex=\"0\"]').focus()")
        start = self.driver.execute_script("return document.activeElement.dataset.date")
        keys = ActionChains(self.driver)
        target = None
        for _ in range(14):
            keys.send_keys(Keys.ARROW_RIGHT).perform()
            time.sleep(0.1)
            now = self.driver.execute_script("var e = document.activeElement; return [e.dataset.date || '', e.getAttribute('aria-disabled')]")
            if now[0] and now[0] != start and now[1] != "true":
                target = now[0]
                break
        self.expect(target, "arrow keys reach a day with free times")
        if not target:
            return
        ActionChains(self.driver).send_keys(Keys.ENTER).perform()
        self.wait_for(lambda: self.driver.execute_script("return document.activeElement.id") == "times-heading"
                      and target in (self.driver.current_url or ""), "focus on the chosen day's times")
        presses = 0
        while presses < 3 and not self.driver.execute_script("return !!document.activeElement.closest('.times')"):
            ActionChains(self.driver).send_keys(Keys.TAB).perform()
            presses += 1
            time.sleep(0.05)
        self.expect(self.driver.execute_script("return !!document.activeElement.closest('.times')"),
                    "the first time is reached in at most three Tab presses after choosing a day")
        top = self.driver.execute_script("return document.getElementById('times').getBoundingClientRect().top")
        self.expect(0 <= top < 844, f"the times are in view after choosing a day (top {top})")

    def enrol_and_waitlist(self, email_address):
        self.go(STUDIO + "/")
        self.look("studio-home")
        self.click_link("See all classes")
        self.look("classes")
        # The first class with places: enrol.
        self.navigating(lambda: [a for a in self.css(".list a") if "places left" in a.text or "place left" in a.text][0])
        self.look("class")
        self.fill({"name": "Bea Smith", "email": email_address, "consent": True})
        self.submit("Book my place")
        self.look("enrolled")
        self.expect("Place booked" in self.driver.page_source, "the enrolment confirmation")
        # A full class: the form joins the waitlist.
        self.go(STUDIO + "/sessions/" + FULL_SESSION)
        self.look("full-class")
        self.expect("Join the waitlist" in self.driver.page_source, "a full class offers the waitlist")
        self.fill({"name": "Bea Smith", "email": email_address, "consent": True})
        self.submit("Join the waitlist")
        self.look("waitlisted")
        self.expect("You are on the waitlist" in self.driver.page_source, "the waitlist confirmation")
        self.expect("number" in self.driver.page_source, "the waitlist position")

    def my_bookings(self, email_address):
        before = set(glob.glob(os.path.join(mail_dir, "*.eml")))
        self.go(STUDIO + "/my-bookings")
        self.look("my-bookings")
        self.fill({"email": email_address})
        self.submit("Email me a link")
        self.look("my-bookings-sent", get_page=False)
        self.expect("Check your email" in self.driver.page_source, "the same answer page")
        link = None
        for _ in range(60):
            for path in set(glob.glob(os.path.join(mail_dir, "*.eml"))) - before:
                message = email.message_from_bytes(open(path, "rb").read())
                if message["To"] and email_address in message["To"] and "Your bookings" in (message["Subject"] or ""):
                    text = next(p for p in message.walk() if p.get_content_type() == "text/plain").get_payload(decode=True).decode()
                    link = re.search(r"http://\S+/my-bookings/\S+", text).group(0)
            if link:
                break
            time.sleep(0.5)
        if not link:
            self.fail("no my-bookings email arrived")
            return
        self.go(link.replace("http://127.0.0.1:8080", f"http://127.0.0.1:{port}"))
        self.look("my-bookings-list")
        self.expect(len(self.css(".list a")) >= 2, "the list shows the place and the waitlist place")
        self.navigating(lambda: self.css(".list a")[0])
        self.look("my-bookings-manage")
        self.expect("Your" in self.h1(), "a listed item opens its manage page")

    def portal(self):
        """The owner's side: sign in (a wrong password first), see the day, open a booking, cancel it
        with a message and find the message in the client's email, sign out."""
        self.go(SALON + "/admin")
        self.look("portal-sign-in")
        self.expect(self.h1() == "Sign in", "the portal asks a stranger to sign in")
        self.click_link("Forgotten your password?")
        self.look("portal-forgot-password")
        self.go(SALON + "/admin")
        self.fill({"email": "owner@houseofhair.example", "password": "not the password"})
        self.submit("Sign in")
        self.look("portal-sign-in-refused", get_page=False)
        self.expect("do not match an account" in self.driver.page_source, "a wrong password is refused beside the field")
        self.fill({"password": OWNER_PASSWORD})
        self.submit("Sign in")
        if self.auditor:
            sign_in(self.auditor)
        self.expect(self.h1().startswith("Today"), "signing in opens Today")
        self.look("portal-today")
        # The first of the next days with a booking, then its first booking.
        self.navigating(lambda: [a for a in self.css(".days a") if not re.search(r"\b0 bookings", a.text)][0])
        self.look("portal-day")
        self.navigating(lambda: self.css(".agenda a")[0])
        self.look("portal-booking")
        client = self.driver.find_element(By.CSS_SELECTOR, "a[href^='mailto:']").text
        words = f"Sorry, we are closed that morning ({self.mode}). Any other time this week is yours."
        before = set(glob.glob(os.path.join(mail_dir, "*.eml")))
        self.fill({"message": words})
        self.submit("Cancel the booking and tell the client")
        self.look("portal-cancelled")
        self.expect("Cancelled. The client has been told." in self.driver.page_source, "the cancellation is confirmed")
        found = self.email_quoting(client, "Cancelled", words, before)
        self.expect(found, f"the cancellation email to {client} quotes the business's message")
        self.phone_in()
        self.catalog()
        self.click_link("Move to another time")
        self.look("portal-reschedule")
        self.expect(self.css("#times a"), "the reschedule page offers free times")
        self.navigating(lambda: self.driver.find_element(By.CSS_SELECTOR, 'nav[aria-label="Portal"] a[href$="/admin/bookings"]'))
        self.look("portal-bookings")
        self.business_page("/admin/activity")
        self.look("portal-activity")
        self.navigating(lambda: self.driver.find_element(By.CSS_SELECTOR, ".signed-in a"))
        self.look("portal-account")
        self.expect(self.h1() == "Your account", "the signed-in name opens the account page")
        self.calendar_feed()
        self.submit("Sign out")
        self.look("portal-signed-out")
        self.expect("You have signed out." in self.driver.page_source, "signing out says so")
        self.go(SALON + "/admin")
        self.expect(self.h1() == "Sign in", "after signing out the portal asks to sign in again")

    def catalog(self):
        """The owner's catalog: a new service appears on the public site; a staff member's hours
        change the public times; a two-week holiday lists the booking it lies over, cancels it with
        the owner's message, and its days vanish from the public picker."""
        salon_api = f"http://127.0.0.1:{port}/t/house-of-hair/api/v1"
        here = self.driver.current_url
        self.business_page("/admin/services")
        self.look("portal-services")
        self.click_link("Add a service")
        self.submit("Add the service")
        self.look("portal-service-refused", get_page=False)
        self.expect("Name must not be empty" in self.driver.page_source, "an empty service form says what to fill in")
        name = f"Scalp massage ({self.mode})"
        self.fill({"name": name, "durationMinutes": "25", "price": "20", "staff-1": True})
        self.submit("Add the service")
        self.look("portal-service-added")
        self.expect("The service is added." in self.driver.page_source, "the new service is saved")
        service = self.driver.current_url.split("/admin/services/")[1].split("?")[0]
        self.expect(name in urllib.request.urlopen(f"http://127.0.0.1:{port}/t/house-of-hair/", timeout=10).read().decode()
                    .replace("&#40;", "(").replace("&#41;", ")"), "the new service is on the public home page")

        # The first staff member (who performs it): their hours on a Wednesday two weeks ahead.
        self.business_page("/admin/staff")
        self.look("portal-staff")
        self.navigating(lambda: self.css(".list a.choice")[0])
        self.look("portal-staff-member")
        staff = self.driver.current_url.split("/admin/staff/")[1].split("?")[0]
        self.click_link("Weekly hours")
        self.look("portal-staff-hours")
        today = datetime.date.today()
        wednesday = today + datetime.timedelta(days=14 + (2 - today.weekday()) % 7)
        def starts(day):
            _, answer = api("GET", f"{salon_api}/slots?service={service}&staff={staff}&from={day}&to={day}")
            return [slot["start"][11:16] for slot in answer["slots"]]
        self.expect(any(t < "10:00" or t > "10:35" for t in starts(wednesday)), "the staff member works beyond 10:00-11:00 on Wednesdays")
        typed = {key: self.driver.find_element(By.ID, key).get_attribute("value") for key in ("wed-1-start", "wed-1-end", "wed-2-start", "wed-2-end")}
        opened = self.driver.find_element(By.ID, "wed-open").is_selected()
        set_value = "document.getElementById(arguments[0]).value = arguments[1]"
        for key, value in {"wed-1-start": "10:00", "wed-1-end": "11:00", "wed-2-start": "", "wed-2-end": ""}.items():
            self.driver.execute_script(set_value, key, value)
        self.fill({"wed-open": True})
        self.submit("Save the hours")
        self.look("portal-staff-hours-saved")
        self.expect("The hours are saved." in self.driver.page_source, "the hours are saved")
        changed = starts(wednesday)
        self.expect(changed and all("10:00" <= t <= "10:35" for t in changed), f"Wednesday's public times follow the new hours: {changed}")
        for key, value in typed.items():
            self.driver.execute_script(set_value, key, value)
        self.fill({"wed-open": opened})
        self.submit("Save the hours")

        # A booking with them on the Tuesday after, then a two-week holiday over it.
        tuesday = wednesday + datetime.timedelta(days=6)
        first = api("GET", f"{salon_api}/slots?service={service}&staff={staff}&from={tuesday}&to={tuesday}")[1]["slots"][0]["start"]
        client = f"holiday-{self.mode}@example.com"
        api("POST", f"{salon_api}/bookings", {"service": service, "staff": staff, "start": first, "consent": True,
                                              "client": {"name": "Holly Day", "email": client}})
        before = set(glob.glob(os.path.join(mail_dir, "*.eml")))
        self.business_page("/admin/time-off")
        self.look("portal-time-off")
        self.driver.find_element(By.CSS_SELECTOR, f"#who option[value='{staff}']").click()
        for key, value in {"fromDate": str(tuesday), "toDate": str(tuesday + datetime.timedelta(days=13))}.items():
            self.driver.execute_script(set_value, key, value)
        self.fill({"reason": "Holiday"})
        self.submit("Check the bookings")
        self.look("portal-time-off-review", get_page=False)
        decision = [li for li in self.css(".decisions li") if "Holly Day" in li.text]
        self.expect(decision, "the review lists the booking the holiday lies over")
        if decision:
            decision[0].find_element(By.CSS_SELECTOR, "input[value=cancel]").click()
        words = f"Sorry, we are away those two weeks ({self.mode})."
        self.fill({"message": words})
        self.submit("Add the time off")
        self.look("portal-time-off-added")
        self.expect("1 booking cancelled" in self.driver.page_source, "the chosen booking is cancelled")
        self.expect(not any(starts(tuesday + datetime.timedelta(days=n)) for n in range(14)), "the holiday's days offer no times")
        self.expect(self.email_quoting(client, "Cancelled", words, before), f"the cancellation email to {client} quotes the message")
        public = f"http://127.0.0.1:{port}/t/house-of-hair/book?service={service}&staff={staff}&date={tuesday}"
        self.expect("data-start=" not in urllib.request.urlopen(public, timeout=10).read().decode(), "the public picker offers nothing that day")
        # The holiday removed again, so the other run finds the salon as it was.
        starting = f"{tuesday.strftime('%A')} {tuesday.day} {tuesday.strftime('%B')} {tuesday.year} to"
        entry = [li for li in self.css(".agenda-item") if starting in li.text]
        self.expect(entry, "the holiday is listed as booked off")
        if entry:
            self.navigating(lambda: entry[0].find_element(By.TAG_NAME, "button"))
            self.expect("The time off is removed" in self.driver.page_source, "the holiday is removed")
        self.logo()
        self.go(here)

    def classes(self):
        """The studio owner's classes: a weekly series made in one form, a place taken on the public
        site and seen on the roster, and attendance marked on yesterday's class."""
        self.go(STUDIO + "/admin/sign-in")
        self.fill({"email": "owner@minddepartment.example", "password": STUDIO_OWNER_PASSWORD})
        self.submit("Sign in")
        self.navigating(lambda: self.driver.find_element(By.CSS_SELECTOR, 'nav[aria-label="Portal"] a[href$="/admin/classes"]'))
        self.look("portal-classes")
        self.click_link("Add a class")
        self.look("portal-class-new")
        first = datetime.date.today() + datetime.timedelta(days=10)
        title = f"Stretch and breathe ({self.mode})"
        set_value = "document.getElementById(arguments[0]).value = arguments[1]"
        self.fill({"title": title, "capacity": "6", "price": "9", "count": "3"})
        for key, value in {"date": str(first), "time": "12:15"}.items():
            self.driver.execute_script(set_value, key, value)
        self.driver.find_element(By.CSS_SELECTOR, "#repeats option[value=weekly]").click()
        self.fill({f"weekdays-{first.weekday() + 1}": True})
        self.submit("Add the class")
        self.look("portal-classes-added")
        self.expect("3 classes are added" in self.driver.page_source, "a weekly series of three is added")
        self.navigating(lambda: [a for a in self.css(".agenda a") if a.text == title][0])
        class_page = self.driver.current_url.split("?")[0]
        session = class_page.rsplit("/", 1)[1]
        # A place taken on the public site appears on the roster.
        self.go(f"{STUDIO}/sessions/{session}")
        self.fill({"name": "Rosa Stretch", "email": f"rosa-{self.mode}@example.com", "consent": True})
        self.submit("Book my place")
        self.expect("Place booked" in self.driver.page_source, "the place in the new class is booked")
        self.go(class_page)
        self.look("portal-class")
        self.expect("Rosa Stretch" in self.driver.page_source and "1 of 6 taken" in self.driver.page_source, "the roster shows the new place")
        # Yesterday's class: who came.
        yesterday = datetime.date.today() - datetime.timedelta(days=1)
        self.go(f"{STUDIO}/admin/classes?from={yesterday}")
        self.navigating(lambda: [a for a in self.css(".agenda a") if a.text == "Evening meditation"][0])
        boxes = self.css("input[name='attended[]']")
        self.expect(len(boxes) == 4, "yesterday's class lists its four enrolled clients")
        for box in boxes[:3]:
            if not box.is_selected():
                box.click()
        self.submit("Save attendance")
        self.look("portal-class-attendance")
        self.expect("Attendance is saved." in self.driver.page_source and self.driver.page_source.count("Did not come") == 1,
                    "three came and one did not")
        self.submit("Sign out")

    def logo(self):
        """An SVG is refused beside the field; a PNG is uploaded and shown in the public header."""
        self.business_page("/admin/settings")
        self.look("portal-settings")
        svg = os.path.join(work, "logo.svg")
        open(svg, "w").write('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>')
        self.driver.find_element(By.ID, "logo").send_keys(svg)
        self.submit("Upload the logo")
        self.look("portal-settings-logo-refused", get_page=False)
        self.expect("SVG files are not accepted" in self.driver.page_source, "an SVG logo is refused with a reason")
        png = os.path.join(work, "logo.png")
        open(png, "wb").write(png_bytes(240, 60))
        self.driver.find_element(By.ID, "logo").send_keys(png)
        self.submit("Upload the logo")
        self.look("portal-settings-logo")
        self.expect("The logo is uploaded" in self.driver.page_source, "the logo is uploaded")
        self.go(SALON + "/")
        shown = self.driver.execute_script(
            "var i = document.querySelector('.masthead img'); return i ? [i.getAttribute('src'), i.naturalWidth] : null")
        self.expect(shown and "/logo/" in shown[0] and shown[1] == 240, f"the public header shows the uploaded logo: {shown}")

    def calendar_feed(self):
        """The owner's private calendar address, read by a real iCalendar parser (PyPI's icalendar):
        every event has a UID, a SEQUENCE and UTC times, and no client's email address is in it."""
        import icalendar
        first = "Make my calendar address" in self.driver.page_source
        self.submit("Make my calendar address" if first else "Make a new address")
        self.look("portal-calendar-feed", get_page=False)
        url = self.driver.find_element(By.CSS_SELECTOR, ".link code").text
        self.expect(url.endswith("/calendar.ics") and self.css("a[href^='webcal://']"), "the address and a webcal link are shown")
        local = f"http://127.0.0.1:{port}/t/house-of-hair/" + url.split("/t/house-of-hair/", 1)[1]
        text = urllib.request.urlopen(local, timeout=10).read()
        calendar = icalendar.Calendar.from_ical(text)
        events = [part for part in calendar.walk() if part.name == "VEVENT"]
        self.expect(len(events) >= 5, f"the feed has the salon's bookings: {len(events)} events")
        self.expect(all(e.get("UID") and e.get("SEQUENCE") is not None and e.decoded("DTSTART").tzinfo is not None for e in events),
                    "every event has a UID, a SEQUENCE and a UTC start")
        self.expect(b"@example.com" not in text, "no client email address in the feed")

    def business_page(self, suffix):
        """An owner's page of the business, through Business in the navigation."""
        self.navigating(lambda: self.driver.find_element(By.CSS_SELECTOR, 'nav[aria-label="Portal"] a[href$="/admin/business"]'))
        self.look("portal-business")
        self.navigating(lambda: self.driver.find_element(By.CSS_SELECTOR, f'.list a[href$="{suffix}"]'))

    def email_quoting(self, to, subject, words, before):
        """Whether an email to `to` whose subject starts with `subject` and quotes `words` arrives
        (among files not in `before`) within 30 s."""
        for _ in range(60):
            for path in set(glob.glob(os.path.join(mail_dir, "*.eml"))) - before:
                message = email.message_from_bytes(open(path, "rb").read())
                if to in (message["To"] or "") and (message["Subject"] or "").startswith(subject):
                    text = next(p for p in message.walk() if p.get_content_type() == "text/plain").get_payload(decode=True).decode()
                    if words in text:
                        return True
            time.sleep(0.5)
        return False

    def phone_in(self):
        """From an empty time in the day view, book a phone-in; the public site then no longer offers it."""
        self.click_link("Calendar")
        self.look("portal-calendar")
        self.click_link("Next day")
        self.click_link("Next day")
        # Two days on may be a day the salon is closed (from a Friday, the Sunday): go on to one it opens.
        for _ in range(6):
            if self.css("td.free:not(.other) a.free-time"):
                break
            self.click_link("Next day")
        self.look("portal-calendar-day")
        for attempt in range(8):
            free = self.css("td.free:not(.other) a.free-time")
            self.expect(free, "the day view offers free times")
            if not free:
                return
            calendar = self.driver.current_url
            self.navigating(lambda: self.css("td.free:not(.other) a.free-time")[attempt * 3])
            if self.css(".list a.choice"):
                break
            self.go(calendar)  # no service fits just there: another free time
        self.look("portal-phone-in-service")
        self.navigating(lambda: self.css(".list a.choice")[0])
        self.look("portal-phone-in-client")
        query = dict(part.split("=", 1) for part in self.driver.current_url.split("?", 1)[1].split("&"))
        service, staff, start = query["service"], query["staff"], urllib.parse.unquote(query["start"])
        day = datetime.datetime.fromisoformat(start.replace("Z", "+00:00")).astimezone(ZoneInfo("Europe/London")).date()
        public = f"http://127.0.0.1:{port}/t/house-of-hair/book?service={service}&staff={staff}&date={day}"
        offered = lambda: f'data-start="{start}"' in urllib.request.urlopen(public, timeout=10).read().decode()
        self.expect(offered(), f"the public site offers {start} before the phone-in")
        self.fill({"q": "zz-nobody"})
        self.submit("Search")
        self.expect("No client matches" in self.driver.page_source, "a search without a match says so")
        self.fill({"name": "Phone Caller", "email": f"caller-{self.mode}@example.com", "notes": "Called at lunch"})
        self.submit("Book and send the confirmation")
        self.look("portal-phone-in-booked")
        self.expect("Booked. The client gets the usual confirmation." in self.driver.page_source, "the phone-in is booked")
        self.expect(not offered(), f"the public site no longer offers {start}")

    def close(self):
        self.driver.quit()
        if self.auditor:
            self.auditor.quit()


OWNER_PASSWORD = re.search(r"owner@houseofhair.example, password \(shown once\): (\S+)",
                           open(f"{work}/server.log").read()).group(1)
STUDIO_OWNER_PASSWORD = re.search(r"owner@minddepartment.example, password \(shown once\): (\S+)",
                                  open(f"{work}/server.log").read()).group(1)


def png_bytes(width, height):
    """A real PNG of one colour (the browser decodes it), made without any imaging library."""
    import struct, zlib
    rows = b"".join(b"\x00" + bytes([180, 40, 120]) * width for _ in range(height))
    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b"")


def sign_in(driver):
    """Signs a second browser (the no-JavaScript run's auditor) in as the salon's owner."""
    driver.get(SALON + "/admin/sign-in")
    driver.find_element(By.ID, "email").send_keys("owner@houseofhair.example")
    driver.find_element(By.ID, "password").send_keys(OWNER_PASSWORD)
    driver.find_element(By.XPATH, "//button[contains(., 'Sign in')]").click()
    # The heading is read while the sign-in page gives way to Today's: a heading found on the old
    # page may be gone when its text is asked for (seen once in CI), so that is just "not yet".
    heading = lambda d: d.execute_script("var h = document.querySelector('h1'); return h ? h.textContent : ''")
    WebDriverWait(driver, 15).until(lambda d: heading(d).strip().startswith("Today"))


# A full class for the waitlist journeys: of the studio's classes still open to online booking (the
# demo studio closes it 2 hours before a class; 3 leaves room for the run), the one with the fewest
# places, filled through the JSON API (the same service the pages call).
_, sessions = api("GET", STUDIO + "/api/v1/sessions")
open_from = datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(hours=3)
bookable = [s for s in sessions if datetime.datetime.fromisoformat(s["start"].replace("Z", "+00:00")) > open_from]
target = sorted(bookable, key=lambda s: s["remaining"])[0]
FULL_SESSION = target["id"]
for index in range(target["remaining"]):
    api("POST", f"{STUDIO}/api/v1/sessions/{FULL_SESSION}/enrollments",
        {"client": {"name": f"Filler {index}", "email": f"filler{index}@example.com"}, "consent": True})

try:
    for javascript in (True, False):
        journey = Journey(javascript)
        try:
            journey.book_reschedule_cancel(f"ana-{journey.mode}@example.com")
            journey.enrol_and_waitlist(f"bea-{journey.mode}@example.com")
            journey.my_bookings(f"bea-{journey.mode}@example.com")
            journey.portal()
            journey.classes()
        except Exception as error:
            where = traceback.extract_tb(error.__traceback__)
            line = next((f"line {frame.lineno} ({frame.name})" for frame in reversed(where) if frame.filename.endswith("site_test.py")), "")
            journey.fail(f"journey stopped at {line}: {type(error).__name__}: {str(error).splitlines()[0] if str(error) else ''}")
            journey.driver.save_screenshot(os.path.join(shots, f"{journey.mode}-failure.png"))
        finally:
            journey.close()
finally:
    server.terminate()
    server.wait(timeout=30)

log = open(f"{work}/server.log").read()
for secret in re.findall(r"/manage/([A-Za-z0-9_-]{20,})", log) + re.findall(r"/my-bookings/([A-Za-z0-9_-]{20,})", log):
    failures.append(f"a token reached the server log: {secret[:6]}...")
print(f"screenshots in {shots}: {len(glob.glob(os.path.join(shots, '*.png')))}; axe audits: "
      f"{audits['js']} pages with JavaScript, {audits['nojs']} without (site.js blocked)")
if failures:
    print(f"{len(failures)} failure(s):")
    for failure in failures:
        print(" -", failure)
    sys.exit(1)
print("browser tests passed: booking, reschedule, cancel, enrolment, waitlist, my-bookings, the owner's portal; JS on and off; axe and console clean")
