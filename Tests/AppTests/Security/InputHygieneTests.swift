import Fluent
import Foundation
import Testing
import VaporTesting

@testable import App

/// Control characters, bidi overrides, lax JSON and out-of-range dates are refused with a 422 (or a
/// 400 for malformed JSON) naming what is wrong, on both databases (PostgreSQL refuses NUL bytes).
@Suite("Input hygiene")
struct InputHygieneTests {
    static let hostile: [(String, String)] = [
        ("NUL", "A\u{0}B"), ("bidi override", "Ana\u{202E}txt.exe"), ("ESC", "A\u{1B}[31mB"), ("BEL", "A\u{07}"),
        ("CR", "A\rB"), ("LF", "A\nB"), ("C1", "A\u{85}B"), ("isolate", "A\u{2066}B"), ("DEL", "A\u{7F}"),
    ]

    @Test func clientNamesEmailsAndPhonesRefuseControlCharacters() async throws {
        try await withTestApp { app in
            let salon = try await Salon.make(app)
            for (label, value) in Self.hostile {
                for field in ["name", "email", "phone"] {
                    var body = salon.bookingBody(start: "2026-12-01T10:00:00Z")
                    var client = ["name": "Ana", "email": "ana@example.com", "phone": "+44 7700 900123"]
                    client[field] = field == "email" ? "an\(value)a@example.com" : value
                    body["client"] = client
                    let res = try await app.send(.POST, "api/v1/bookings", headers: salon.tenant.headers, json: body)
                    res.expectErrorShape(.unprocessableEntity)
                    #expect(res.reason.contains("client.\(field)"), "\(label) in \(field): \(res.reason)")
                }
            }
            #expect(try await Booking.query(on: app.db).count() == 0)
            #expect(try await App.Client.query(on: app.db).count() == 0)
        }
    }

    /// Regression: `<`, `>`, `,`, quotes, zero-width and non-Latin characters before the `@` were
    /// accepted, giving `RCPT TO:<a,b@example.com>` and `Reply-To: "A" <<x>@example.com>`.
    @Test func emailAddressesAreDotAtomsBeforeTheAt() async throws {
        let refused = [
            "a,b@example.com", "<x>@example.com", "\"a\"@example.com", "a b@example.com", "a\u{200B}b@example.com",
            "аnа@example.com",
            ".ana@example.com", "ana.@example.com", "a..b@example.com", "a@b@example.com", "ana@example", "ana@exa_mple.com",
            String(repeating: "a", count: 65) + "@example.com",
        ]
        for address in refused { #expect(!Formats.isEmail(address), "\(address.debugDescription)") }
        let accepted = [
            "ana@example.com", "ana.silva+salon@mail.example.co.uk", "o'brien@example.ie", "x!#$%&'*/=?^_`{|}~-@example.com",
        ]
        for address in accepted { #expect(Formats.isEmail(address), "\(address)") }
        try await withTestApp { app in
            let salon = try await Salon.make(app)
            var body = salon.bookingBody(start: "2026-12-01T10:00:00Z")
            body["client"] = ["name": "Ana", "email": "a,b@example.com"]
            let res = try await app.send(.POST, "api/v1/bookings", headers: salon.tenant.headers, json: body)
            res.expectErrorShape(.unprocessableEntity)
            #expect(
                res.reason.contains("client.email is not a valid email address: it may hold only letters, digits"),
                "\(res.reason)")
            #expect(try await Booking.query(on: app.db).count() == 0)
        }
    }

    /// Regression: Foundation's ISO parser stops at a NUL, so `...Z\0` read as a time.
    @Test func timestampsWithAnythingAfterThemAreRefused() {
        #expect(ISOTimestamp.date(from: "2026-12-01T10:00:00Z") != nil)
        #expect(ISOTimestamp.date(from: "2026-12-01T10:00:00.250+01:00") != nil)
        for text in [
            "2026-12-01T10:00:00Z\u{0}", "2026-12-01T10:00:00Z\u{0}junk", "2026-12-01T10:00:00Z ", "2026-12-01T10:00:00Z\n",
        ] {
            #expect(ISOTimestamp.date(from: text) == nil, "\(text.debugDescription)")
        }
    }

    @Test func notesKeepLineBreaksAndTabsButRefuseOtherControls() async throws {
        try await withTestApp { app in
            let salon = try await Salon.make(app)
            var body = salon.bookingBody(start: "2026-12-01T10:00:00Z")
            body["notes"] = "Line one\r\nLine two\tindented"
            #expect(try await app.send(.POST, "api/v1/bookings", headers: salon.tenant.headers, json: body).status == .created)
            body = salon.bookingBody(start: "2026-12-01T11:00:00Z")
            body["notes"] = "nul \u{0} here"
            let res = try await app.send(.POST, "api/v1/bookings", headers: salon.tenant.headers, json: body)
            res.expectErrorShape(.unprocessableEntity)
            #expect(res.reason.contains("notes") && res.reason.contains("U+0000"))
        }
    }

    @Test func catalogNamesRefuseANulByteInsteadOfStoringAnEmptyName() async throws {
        try await withTestApp { app in
            let t = try await Factory.tenant(app)
            let service = try await app.send(
                .POST, "api/v1/admin/services", headers: t.adminHeaders,
                json: [
                    "name": "\u{0}", "durationMinutes": 30, "priceCents": 100,
                ])
            service.expectErrorShape(.unprocessableEntity)
            #expect(service.reason.contains("name"))
            let staff = try await app.send(.POST, "api/v1/admin/staff", headers: t.adminHeaders, json: ["name": "Al\u{202E}ex"])
            staff.expectErrorShape(.unprocessableEntity)
            let search = try await app.send(.GET, "api/v1/admin/bookings?q=a%00b", headers: t.adminHeaders)
            search.expectErrorShape(.unprocessableEntity)
            #expect(try await Service.query(on: app.db).count() == 0)
        }
    }

    @Test func jsonIsStrictAndAnEmptyBodyNamesTheMissingField() async throws {
        try await withTestApp { app in
            let salon = try await Salon.make(app)
            var json = String(
                decoding: try JSONSerialization.data(withJSONObject: salon.bookingBody(start: "2026-12-01T10:00:00Z")),
                as: UTF8.self)
            json.removeLast()
            for lax in [json + ",}", json + " ,\n }"] {
                let res = try await app.send(
                    .POST, "api/v1/bookings", headers: salon.tenant.headers, body: ByteBuffer(string: lax))
                res.expectErrorShape(.badRequest)
                #expect(res.reason.contains("not valid JSON"))
            }
            let list = try await app.send(
                .PUT, "api/v1/admin/opening-hours", headers: salon.tenant.adminHeaders,
                body: ByteBuffer(string: #"{"mon": [["09:00","17:00"],]}"#))
            list.expectErrorShape(.badRequest)
            // A comma inside a string is data, not a trailing comma.
            var body = salon.bookingBody(start: "2026-12-01T10:00:00Z")
            body["notes"] = "tea, ]"
            #expect(try await app.send(.POST, "api/v1/bookings", headers: salon.tenant.headers, json: body).status == .created)

            let empty = try await app.send(.POST, "api/v1/bookings", headers: salon.tenant.headers, body: ByteBuffer())
            empty.expectErrorShape(.unprocessableEntity)
            #expect(empty.reason.contains("is required"), "\(empty.reason)")
            #expect(try await Booking.query(on: app.db).count() == 1)
        }
    }

    @Test func adminBookingListRefusesFromAfterTo() async throws {
        try await withTestApp { app in
            let t = try await Factory.tenant(app)
            for path in [
                "api/v1/admin/bookings?from=2026-12-10&to=2026-12-01", "api/v1/admin/bookings.csv?from=2026-12-10&to=2026-12-01",
            ] {
                let res = try await app.send(.GET, path, headers: t.adminHeaders)
                res.expectErrorShape(.unprocessableEntity)
                #expect(res.reason == "from must not be after to")
            }
        }
    }

    @Test(arguments: [
        ("0001-01-01T00:00", "0001-01-02T00:00", "endsAt must be in the future"),
        (
            "9999-01-01T00:00", "9999-01-02T00:00",
            "startsAt must be within 2 years from today; endsAt must be within 2 years from today"
        ),
        ("2026-11-01T00:00", "2026-11-02T00:00", "endsAt must be in the future"),
    ])
    func closuresOutsideThePlanningWindowAreRefused(startsAt: String, endsAt: String, reason: String) async throws {
        try await withTestApp { app in
            let t = try await Factory.tenant(app)
            let res = try await app.send(
                .POST, "api/v1/admin/closures", headers: t.adminHeaders, json: ["startsAt": startsAt, "endsAt": endsAt])
            res.expectErrorShape(.unprocessableEntity)
            #expect(res.reason == reason)
            #expect(try await Closure.query(on: app.db).count() == 0)
        }
    }

    @Test func aClosureUnderWayMayBeEntered() async throws {
        try await withTestApp { app in
            let t = try await Factory.tenant(app)
            let res = try await app.send(
                .POST, "api/v1/admin/closures", headers: t.adminHeaders,
                json: ["startsAt": "2026-11-29T00:00", "endsAt": "2026-12-02T00:00", "reason": "Sick"])
            #expect(res.status == .created, "\(res.body.string)")
        }
    }
}
