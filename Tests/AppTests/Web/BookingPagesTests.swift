import Fluent
import Foundation
import Testing
import VaporTesting

@testable import App

/// `/book`: service → staff → day and time → details → the manage page, as plain links and forms.
@Suite("Booking pages")
struct BookingPagesTests {
    func details(_ salon: Salon, staff: Staff? = nil, start: String) -> [(String, String)] {
        [("service", salon.service.id!.uuidString), ("staff", staff?.id!.uuidString.lowercased() ?? "any"), ("start", start)]
    }

    let ana: [(String, String)] = [
        ("name", "Ana Silva"), ("email", "Ana@Example.com"), ("phone", "+44 7700 900123"), ("notes", "Fringe please"),
        ("consent", "yes"),
    ]

    @Test func stepsLeadFromServiceToTimes() async throws {
        try await withTestApp { app in
            let salon = try await Salon.make(app)
            let service = salon.service.id!.uuidString.lowercased()
            let services = try await app.page("t/salon/book")
            #expect(services.main.contains("/t/salon/book?service=\(service)"))
            let staff = try await app.page("t/salon/book?service=\(service)")
            let names = staff.main.matches(of: /<strong>([^<]+)<\/strong>/).map { String($0.1) }
            #expect(names == ["Anyone available", "Alex", "Sam"])
            // The picker opens on the first day with a free time: today (Monday 30 November) from 09:00.
            let times = try await app.page("t/salon/book?service=\(service)&staff=any")
            #expect(times.main.contains("Times are in London time."))
            #expect(times.main.contains("aria-current=\"date\" data-date=\"2026-11-30\""))
            #expect(times.main.contains("Times on Monday 30 November"))
            #expect(
                times.main.contains("<h3>Morning</h3>") && times.main.contains("<h3>Afternoon</h3>")
                    && !times.main.contains("<h3>Evening</h3>"))
            #expect(times.main.contains("29 times available on Monday 30 November"))
            #expect(times.main.contains("/t/salon/book/details?service=\(service)&staff=any&start=2026-11-30T09:00:00Z"))
            // Sunday is closed: not listed as a day.
            #expect(!times.main.contains("data-date=\"2026-12-06\""))
            // Fourteen days are listed, then a link to later dates.
            #expect(times.main.matches(of: /data-date="/).count == 14)
            #expect(times.main.contains("Later dates"))
        }
    }

    @Test func anEmptyDayAndAFullyBookedMonthSaySo() async throws {
        try await withTestApp { app in
            let salon = try await Salon.make(app)
            let service = salon.service.id!.uuidString.lowercased()
            let sunday = try await app.page("t/salon/book?service=\(service)&staff=any&date=2026-12-06")
            #expect(sunday.main.contains("No free times on Sunday 6 December. Please choose another day."))
            // The business is closed for the next four weeks: no day to offer, and a way on.
            let closure = ClosureService.make(
                tenantID: salon.tenant.id, staffID: nil, from: .init(iso: "2026-11-30T00:00")!,
                to: .init(iso: "2026-12-28T00:00")!,
                zone: .gmt, reason: "Refit")
            try await closure.create(on: app.db)
            let closed = try await app.page("t/salon/book?service=\(service)&staff=any")
            #expect(closed.main.contains("There are no free times in these four weeks."))
            #expect(closed.main.contains("from=2026-12-28"))
            #expect(closed.main.contains("No free times in these four weeks"))
        }
    }

    @Test func bookingMakesTheBookingAndOpensItsPage() async throws {
        try await withTestApp { app in
            let salon = try await Salon.make(app)
            let form = try await app.page(
                "t/salon/book/details?service=\(salon.service.id!)&staff=any&start=2026-12-02T10:00:00Z")
            #expect(form.main.contains("Wednesday 2 December 2026 at 10:00"))
            #expect(form.main.contains("Anyone available"))
            #expect(form.main.contains("name=\"website\""), "the honeypot is there")
            let res = try await app.postForm("t/salon/book/details", details(salon, start: "2026-12-02T10:00:00Z") + ana)
            #expect(res.status == .seeOther)
            #expect(res.location.hasPrefix("/t/salon/manage/") && res.location.hasSuffix("?done=booked"))
            let booking = try #require(try await Booking.query(on: app.db, tenant: salon.tenant.id).first())
            #expect(
                booking.contactEmail == "ana@example.com" && booking.contactPhone == "+447700900123"
                    && booking.notes == "Fringe please")
            let page = try await app.page(String(res.location.dropFirst()))
            #expect(page.main.contains("Booking confirmed") && page.main.contains("Wednesday 2 December 2026, 10:00 to 11:00"))
            #expect(page.main.contains("calendar.ics"))
        }
    }

    @Test func mistakesAreShownNextToTheFieldsWithEverythingKept() async throws {
        try await withTestApp { app in
            let salon = try await Salon.make(app)
            let res = try await app.postForm(
                "t/salon/book/details",
                details(salon, start: "2026-12-02T10:00:00Z") + [
                    ("name", ""), ("email", "ana@"), ("phone", "12"), ("notes", "Keep me"),
                ])
            #expect(res.status == .unprocessableEntity)
            let main = res.main
            #expect(main.contains("There is a problem"))
            for message in [
                "Enter your name", "Enter an email address like name@example.com", "Enter a phone number like",
                "Tick the box to agree",
            ] {
                #expect(main.contains(message), "\(message)")
            }
            #expect(main.contains("<a href=\"#name\">Enter your name</a>"), "the summary links to the field")
            #expect(main.contains("aria-invalid=\"true\" aria-describedby=\"name-error\""))
            #expect(main.contains("value=\"ana@\"") && main.contains(">Keep me</textarea>"))
            #expect(try await Booking.query(on: app.db).count() == 0)
        }
    }

    @Test func crossSitePostsAndBotsAreRefused() async throws {
        try await withTestApp { app in
            let salon = try await Salon.make(app)
            let fields = details(salon, start: "2026-12-02T10:00:00Z") + ana
            let noToken = try await app.postForm("t/salon/book/details", fields, token: nil)
            #expect(noToken.status == .forbidden && noToken.main.contains("send it again"))
            let wrongToken = try await app.postForm("t/salon/book/details", fields, token: String(repeating: "x", count: 43))
            #expect(wrongToken.status == .forbidden)
            let otherSite = try await app.postForm(
                "t/salon/book/details", fields, headers: ["Origin": "https://evil.example", "Host": "localhost:8080"])
            #expect(otherSite.status == .forbidden)
            let bot = try await app.postForm("t/salon/book/details", fields + [("website", "http://spam.example")])
            #expect(bot.status == .badRequest)
            #expect(try await Booking.query(on: app.db).count() == 0)
            // The same site, and a manage page's `Origin: null`, pass.
            let same = try await app.postForm(
                "t/salon/book/details", fields, headers: ["Origin": "http://localhost:8080", "Host": "localhost:8080"])
            #expect(same.status == .seeOther)
        }
    }

    @Test func aTimeTakenMeanwhileOffersTheNearestWithTheFormKept() async throws {
        try await withTestApp { app in
            let salon = try await Salon.make(app)
            let taken = try await app.send(
                .POST, "api/v1/bookings", headers: salon.tenant.headers,
                json: salon.bookingBody(start: "2026-12-02T10:00:00Z", staff: salon.alex))
            #expect(taken.status == .created)
            let res = try await app.postForm(
                "t/salon/book/details", details(salon, staff: salon.alex, start: "2026-12-02T10:00:00Z") + ana)
            #expect(res.status == .conflict)
            let main = res.main
            #expect(main.contains("That time is no longer free"))
            #expect(
                main.contains(
                    "Sorry, Wednesday 2 December 2026 at 10:00 was taken a moment ago. These are the nearest free times with Alex:"
                ))
            let offered = main.matches(of: /name="start" value="([^"]+)"/).map { String($0.1) }
            #expect(offered == ["2026-12-02T09:00:00Z", "2026-12-02T11:00:00Z", "2026-12-02T11:15:00Z"])
            #expect(main.contains(">Wed 2 Dec, 09:00</button>"), "short labels")
            // Alex was chosen: Sam is free at the very time, offered as "anyone".
            #expect(main.contains("name=\"startWithAnyone\" value=\"2026-12-02T10:00:00Z\">Wed 2 Dec, 10:00"))
            #expect(
                main.contains("value=\"Ana Silva\"") && main.contains(">Fringe please</textarea>") && main.contains("checked"))
            // Choosing one books it with the same details.
            let again = try await app.postForm("t/salon/book/details", details(salon, staff: salon.alex, start: offered[1]) + ana)
            #expect(again.status == .seeOther)
        }
    }

    @Test func changingTheTimeUsesTheSamePickerAndKeepsWhatWasTyped() async throws {
        try await withTestApp { app in
            let salon = try await Salon.make(app)
            let change = try await app.postForm("t/salon/book/change-time", details(salon, start: "2026-12-02T10:00:00Z") + ana)
            // The usual picker, on the day being changed, with that time marked.
            #expect(change.status == .seeOther)
            #expect(
                change.location.hasPrefix("/t/salon/book?service=") && change.location.contains("date=2026-12-02")
                    && change.location.contains("current=2026-12-02T10:00:00Z") && change.location.hasSuffix("#times"))
            let cookie = try #require(change.headers.setCookie?[BookingDraft.cookieName])
            #expect(cookie.isHTTPOnly && cookie.sameSite == .lax && cookie.maxAge == BookingDraft.lifetime)
            #expect(!change.location.contains("Ana") && !change.location.contains("Fringe"), "no details in the address")
            let pickerPath = String(change.location.dropFirst().split(separator: "#")[0])
            let drafted = ["Cookie": "\(BookingDraft.cookieName)=\(cookie.string)"]
            let picker = try await app.page(pickerPath, headers: HTTPHeaders(drafted.map { ($0.key, $0.value) }))
            #expect(picker.main.contains("Times on Wednesday 2 December") && picker.main.contains("Your details are kept"))
            #expect(!(try await app.page(pickerPath)).main.contains("Your details are kept"), "not said without the cookie")
            #expect(
                picker.main.contains(
                    "aria-current=\"true\">10:00<span class=\"visually-hidden\"> on Wednesday 2 December (your current choice)"))
            #expect(picker.main.contains("Later dates"), "the same picker goes on past two weeks")
            // Another time: the details come back from the client's own cookie.
            let path = "t/salon/book/details?service=\(salon.service.id!)&staff=any&start=2026-12-03T14:00:00Z"
            let resumed = try await app.page(path, headers: HTTPHeaders(drafted.map { ($0.key, $0.value) }))
            #expect(
                resumed.main.contains("Thursday 3 December 2026 at 14:00") && resumed.main.contains(">Fringe please</textarea>"))
            #expect(resumed.main.contains("value=\"Ana Silva\"") && !resumed.main.contains("There is a problem"))
            // Another business's form on the same host never shows them.
            let other = try await Salon.make(app, slug: "other")
            let elsewhere = try await app.page(
                "t/other/book/details?service=\(other.service.id!)&staff=any&start=2026-12-03T14:00:00Z",
                headers: HTTPHeaders(drafted.map { ($0.key, $0.value) }))
            #expect(elsewhere.status == .ok && !elsewhere.main.contains("Ana Silva") && !elsewhere.main.contains("checked"))
            // Without the cookie, the form is empty; a cookie that is not ours is ignored.
            #expect(!(try await app.page(path)).main.contains("Ana Silva"))
            let forged = try await app.page(path, headers: ["Cookie": "\(BookingDraft.cookieName)=not-base64-json"])
            #expect(forged.status == .ok && !forged.main.contains("Ana Silva"))
            // Booking forgets the draft.
            let booked = try await app.postForm(
                "t/salon/book/details", details(salon, start: "2026-12-03T14:00:00Z") + ana,
                headers: HTTPHeaders(drafted.map { ($0.key, $0.value) }))
            #expect(booked.status == .seeOther && booked.headers.setCookie?[BookingDraft.cookieName]?.string == "")
        }
    }

    @Test func theDeadlineToChangeIsShownBeforeBooking() async throws {
        try await withTestApp { app in
            let salon = try await Salon.make(app)
            // The test clock is Monday 30 November 2026, 08:00 London; the cut-off is 24 hours.
            let later = try await app.page(
                "t/salon/book/details?service=\(salon.service.id!)&staff=any&start=2026-12-04T10:00:00Z")
            #expect(later.main.contains("You can change or cancel online until Thursday 3 December 2026 at 10:00 (London time)."))
            let soon = try await app.page(
                "t/salon/book/details?service=\(salon.service.id!)&staff=any&start=2026-11-30T15:00:00Z")
            #expect(
                soon.main.contains("notice warn")
                    && soon.main.contains(
                        "This is less than 24 hours away: once booked, it cannot be changed or cancelled online.")
            )
        }
    }

    @Test func aMistypedEmailDomainGetsASuggestionAndTheClientChooses() async throws {
        try await withTestApp { app in
            let salon = try await Salon.make(app)
            var typo = ana
            typo[1] = ("email", "ana@gmial.com")
            let asked = try await app.postForm("t/salon/book/details", details(salon, start: "2026-12-02T10:00:00Z") + typo)
            #expect(asked.status == .ok && asked.main.contains("Did you mean <strong>ana@gmail.com</strong>?"))
            #expect(
                asked.main.contains("name=\"emailChecked\" value=\"ana@gmial.com\"")
                    && asked.main.contains("No, ana@gmial.com is right"))
            #expect(try await Booking.query(on: app.db).count() == 0, "nothing booked until the client answers")
            // "Use ana@gmail.com" books with the suggestion.
            let fixed = try await app.postForm(
                "t/salon/book/details", details(salon, start: "2026-12-02T10:00:00Z") + typo + [("useEmail", "ana@gmail.com")])
            #expect(fixed.status == .seeOther)
            #expect(try await Booking.query(on: app.db).first()?.contactEmail == "ana@gmail.com")
            // "No, … is right" keeps the address as typed.
            let kept = try await app.postForm(
                "t/salon/book/details", details(salon, start: "2026-12-02T12:00:00Z") + typo + [("emailChecked", "ana@gmial.com")]
            )
            #expect(kept.status == .seeOther)
            #expect(try await Booking.query(on: app.db).filter(\.$contactEmail == "ana@gmial.com").count() == 1)
            // The same on a class's form.
            let studio = try await Factory.tenant(app, slug: "studio", kind: .sessions)
            let session = try await StudioFactory.session(app, tenant: studio, capacity: 5)
            let classPath = "t/studio/sessions/\(session.id!.uuidString.lowercased())"
            let enrol = try await app.postForm(classPath, [("name", "Bea"), ("email", "bea@hotmail.co"), ("consent", "yes")])
            #expect(enrol.status == .ok && enrol.main.contains("Did you mean <strong>bea@hotmail.com</strong>?"))
        }
    }

    @Test func aFormSentTwiceBooksOnce() async throws {
        try await withTestApp { app in
            let salon = try await Salon.make(app)
            let form = try await app.page(
                "t/salon/book/details?service=\(salon.service.id!)&staff=any&start=2026-12-02T10:00:00Z")
            let once = try #require(form.main.firstMatch(of: /name="_once" value="([A-Za-z0-9_-]+)"/)?.1)
            let fields = details(salon, start: "2026-12-02T10:00:00Z") + ana + [("_once", String(once))]
            let first = try await app.postForm("t/salon/book/details", fields)
            let second = try await app.postForm("t/salon/book/details", fields)
            #expect(first.status == .seeOther && second.status == .seeOther)
            #expect(first.location == second.location, "the second send goes to the booking the first made")
            #expect(try await Booking.query(on: app.db).count() == 1, "'anyone available' did not book a second stylist")
            // The same form with other details is not a second booking either.
            let edited = try await app.postForm(
                "t/salon/book/details", details(salon, start: "2026-12-02T11:00:00Z") + ana + [("_once", String(once))])
            #expect(edited.status == .unprocessableEntity && edited.main.contains("This form was already sent"))
            // A form that was not acted on (a time taken) may be sent again.
            _ = try await app.send(
                .POST, "api/v1/bookings", headers: salon.tenant.headers,
                json: salon.bookingBody(start: "2026-12-02T12:00:00Z", staff: salon.alex))
            let retry = [("_once", "retry-form-id-0123456789")]
            let taken = try await app.postForm(
                "t/salon/book/details", details(salon, staff: salon.alex, start: "2026-12-02T12:00:00Z") + ana + retry)
            #expect(taken.status == .conflict)
            let chosen = try await app.postForm(
                "t/salon/book/details", details(salon, staff: salon.alex, start: "2026-12-02T13:00:00Z") + ana + retry)
            #expect(chosen.status == .seeOther)
            // The same for a place in a class.
            let studio = try await Factory.tenant(app, slug: "studio", kind: .sessions)
            let session = try await StudioFactory.session(app, tenant: studio, capacity: 5)
            let enrol = [
                ("name", "Bea"), ("email", "bea@example.com"), ("consent", "yes"), ("_once", "enrol-form-id-0123456789"),
            ]
            let a = try await app.postForm("t/studio/sessions/\(session.id!)", enrol)
            let b = try await app.postForm("t/studio/sessions/\(session.id!)", enrol)
            #expect(a.location == b.location && a.location.hasSuffix("?done=enrolled"))
            #expect(try await Enrollment.query(on: app.db).count() == 1)
        }
    }

    @Test func textMessagesAreOfferedOnlyWhenTheBusinessSendsThem() async throws {
        try await withTestApp { app in
            let salon = try await Salon.make(app)
            let path = "t/salon/book/details?service=\(salon.service.id!)&staff=any&start=2026-12-02T10:00:00Z"
            #expect(!(try await app.page(path)).main.contains("smsOptIn"))
            let tenant = try #require(try await Tenant.find(salon.tenant.id, on: app.db))
            tenant.smsEnabled = true
            try await tenant.update(on: app.db)
            #expect(try await app.page(path).main.contains("Text me about this booking"))
            let res = try await app.postForm(
                "t/salon/book/details", details(salon, start: "2026-12-02T10:00:00Z") + ana + [("smsOptIn", "yes")])
            #expect(res.status == .seeOther)
            #expect(try await Booking.query(on: app.db).first()?.contactSMSOptIn == true)
        }
    }

    @Test func aCutOrAlteredLinkIsAFriendly404() async throws {
        try await withTestApp { app in
            _ = try await Salon.make(app)
            let res = try await app.page("t/salon/book/details?service=nope&start=soon")
            #expect(res.status == .notFound && res.main.contains("This link is incomplete"))
            let unknown = try await app.page("t/salon/book?service=\(UUID())")
            #expect(unknown.status == .notFound && unknown.main.contains("Service not found"))
        }
    }
}
