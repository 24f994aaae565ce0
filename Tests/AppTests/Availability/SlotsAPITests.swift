import Fluent
import Foundation
import Testing
import VaporTesting

@testable import App

@Suite("Slots API")
struct SlotsAPITests {
    func slots(_ res: TestingHTTPResponse) -> [[String: Any]] { res.json["slots"] as? [[String: Any]] ?? [] }
    func starts(_ res: TestingHTTPResponse) -> [String] { slots(res).compactMap { $0["start"] as? String } }

    @Test func listsSlotsWithTheZoneNameSortedByStart() async throws {
        try await withTestApp { app in
            let t = try await Factory.tenant(app)
            let cut = try await Factory.service(app, tenant: t, minutes: 60)
            let alex = try await Factory.staff(app, tenant: t, services: [cut])
            try await app.testing().test(
                .GET, "api/v1/slots?service=\(cut.id!)&from=2026-12-01&to=2026-12-01", headers: t.headers
            ) { res in
                #expect(res.status == .ok)
                #expect(res.headers.contentType == .json)
                #expect(res.headers.first(name: .cacheControl) == "no-store")
                #expect(res.json["timezone"] as? String == "Europe/London")
                #expect(slots(res).count == 29)  // 09:00 ... 16:00 every 15 minutes
                #expect(
                    slots(res).first as NSDictionary? == [
                        "start": "2026-12-01T09:00:00Z", "end": "2026-12-01T10:00:00Z", "staff": [alex.id!.uuidString],
                    ] as NSDictionary)
                #expect(starts(res).last == "2026-12-01T16:00:00Z")
                #expect(starts(res) == starts(res).sorted())
            }
        }
    }

    @Test func anyStaffListsWhoCanTakeEachStartAndStaffFilters() async throws {
        try await withTestApp { app in
            let t = try await Factory.tenant(app)
            let cut = try await Factory.service(app, tenant: t, minutes: 60)
            let alex = try await Factory.staff(
                app, tenant: t, name: "Alex", services: [cut], hours: [.tuesday: [("09:00", "11:00")]])
            let sam = try await Factory.staff(
                app, tenant: t, name: "Sam", services: [cut], hours: [.tuesday: [("10:00", "12:00")]])
            try await Factory.staff(app, tenant: t, name: "Jo", services: [], hours: [.tuesday: [("09:00", "17:00")]])
            let path = "api/v1/slots?service=\(cut.id!)&from=2026-12-01&to=2026-12-01"
            try await app.testing().test(.GET, path, headers: t.headers) { res in
                #expect(
                    starts(res) == [
                        "2026-12-01T09:00:00Z", "2026-12-01T09:15:00Z", "2026-12-01T09:30:00Z",
                        "2026-12-01T09:45:00Z", "2026-12-01T10:00:00Z", "2026-12-01T10:15:00Z",
                        "2026-12-01T10:30:00Z", "2026-12-01T10:45:00Z", "2026-12-01T11:00:00Z",
                    ])
                let at10 = slots(res).first { $0["start"] as? String == "2026-12-01T10:00:00Z" }
                #expect(Set(at10?["staff"] as? [String] ?? []) == [alex.id!.uuidString, sam.id!.uuidString])
            }
            try await app.testing().test(.GET, path + "&staff=\(sam.id!)", headers: t.headers) { res in
                #expect(starts(res).first == "2026-12-01T10:00:00Z")
                #expect(slots(res).allSatisfy { $0["staff"] as? [String] == [sam.id!.uuidString] })
            }
        }
    }

    @Test func bookingsClosuresNoticeAndOpeningHoursAreRespected() async throws {
        try await withTestApp { app in
            let t = try await Factory.tenant(app)
            let cut = try await Factory.service(app, tenant: t, minutes: 60, after: 15)
            let alex = try await Factory.staff(app, tenant: t, services: [cut])
            let client = try await Factory.client(app, tenant: t)
            let start = try Date("2026-12-01T11:00:00Z", strategy: .iso8601)
            try await Factory.booking(
                tenant: t, service: cut, staff: alex, client: client, start: start, end: start + 3600, blockedUntil: start + 4500
            ).create(on: app.db)
            try await app.testing().test(
                .POST, "api/v1/admin/closures", headers: t.adminHeaders.json,
                body: jsonBody(["startsAt": "2026-12-01T14:00", "endsAt": "2026-12-01T17:00"])
            ) { _ in }
            try await app.testing().test(
                .PUT, "api/v1/admin/opening-hours", headers: t.adminHeaders.json,
                body: jsonBody(["tue": [["09:30", "18:00"]]])
            ) { res in #expect(res.status == .ok) }
            try await app.testing().test(
                .GET, "api/v1/slots?service=\(cut.id!)&from=2026-12-01&to=2026-12-01", headers: t.headers
            ) { res in
                // Opening 09:30; busy 11:00-12:15; closed from 14:00; each start needs 75 minutes.
                #expect(
                    starts(res) == [
                        "2026-12-01T09:30:00Z", "2026-12-01T09:45:00Z",
                        "2026-12-01T12:15:00Z", "2026-12-01T12:30:00Z", "2026-12-01T12:45:00Z",
                    ])
            }
            // Minimum notice from the tenant policy: now is 2026-11-30T08:00Z; 26 hours' notice starts at 10:00 on the 1st.
            try await app.testing().test(
                .PATCH, "api/v1/admin/settings", headers: t.adminHeaders.json,
                body: jsonBody(["minNoticeMinutes": 26 * 60])
            ) { res in #expect(res.status == .ok) }
            try await app.testing().test(
                .GET, "api/v1/slots?service=\(cut.id!)&from=2026-12-01&to=2026-12-01", headers: t.headers
            ) { res in
                #expect(starts(res).first == "2026-12-01T12:15:00Z")
            }
        }
    }

    @Test func dstDaysKeepWallClockHoursThroughTheAPI() async throws {
        try await withTestApp(now: try Date("2026-10-20T00:00:00Z", strategy: .iso8601)) { app in
            let t = try await Factory.tenant(app, timezone: "America/New_York")
            let cut = try await Factory.service(app, tenant: t, minutes: 60)
            try await Factory.staff(
                app, tenant: t, services: [cut], hours: [.sunday: [("09:00", "17:00")], .saturday: [("09:00", "17:00")]])
            // Saturday 2026-10-31 is EDT (UTC-4); Sunday 2026-11-01 is EST (UTC-5) after the fall-back.
            try await app.testing().test(
                .GET, "api/v1/slots?service=\(cut.id!)&from=2026-10-31&to=2026-11-01", headers: t.headers
            ) { res in
                #expect(res.json["timezone"] as? String == "America/New_York")
                let all = starts(res)
                #expect(all.count == 58)
                #expect(all.first == "2026-10-31T13:00:00Z")
                #expect(all.contains("2026-11-01T14:00:00Z"))
                #expect(all.last == "2026-11-01T21:00:00Z")
            }
        }
    }

    @Test(arguments: [
        ("", "service is required (a service id)"),
        ("service=abc", "service must be a service id"),
        ("service=SVC&staff=abc", "staff must be a staff id"),
        ("service=SVC&from=2026-13-01", "from must be a date like 2026-12-01"),
        ("service=SVC&from=2026-12-01&to=tomorrow", "to must be a date like 2026-12-07"),
        ("service=SVC&from=2026-12-05&to=2026-12-01", "from must not be after to"),
        ("service=SVC&from=2026-12-01&to=2027-03-03", "to must be at most 92 days after from (inclusive)"),
    ])
    func badParametersAre422NamingTheParameter(query: String, reason: String) async throws {
        try await withTestApp { app in
            let t = try await Factory.tenant(app)
            let cut = try await Factory.service(app, tenant: t)
            let path = "api/v1/slots?" + query.replacingOccurrences(of: "SVC", with: cut.id!.uuidString)
            try await app.testing().test(.GET, path, headers: t.headers) { res in
                res.expectErrorShape(.unprocessableEntity)
                #expect(res.reason == reason)
            }
        }
    }

    @Test func ninetyTwoDaysIsTheLongestRange() async throws {
        try await withTestApp { app in
            let t = try await Factory.tenant(app)
            let cut = try await Factory.service(app, tenant: t)
            try await app.testing().test(
                .GET, "api/v1/slots?service=\(cut.id!)&from=2026-12-01&to=2027-03-02", headers: t.headers
            ) { res in
                #expect(res.status == .ok)
            }
        }
    }

    @Test func unknownServiceOrStaffIs404AndUnqualifiedStaffIs422() async throws {
        try await withTestApp { app in
            let t = try await Factory.tenant(app)
            let cut = try await Factory.service(app, tenant: t)
            let retired = try await Factory.service(app, tenant: t, name: "Old", active: false)
            let jo = try await Factory.staff(app, tenant: t, name: "Jo", services: [])
            let base = "api/v1/slots?from=2026-12-01&to=2026-12-01&service="
            try await app.testing().test(.GET, base + UUID().uuidString, headers: t.headers) { res in
                res.expectErrorShape(.notFound)
            }
            try await app.testing().test(.GET, base + retired.id!.uuidString, headers: t.headers) { res in
                res.expectErrorShape(.notFound)
            }
            try await app.testing().test(.GET, base + "\(cut.id!)&staff=\(UUID())", headers: t.headers) { res in
                res.expectErrorShape(.notFound)
            }
            try await app.testing().test(.GET, base + "\(cut.id!)&staff=\(jo.id!)", headers: t.headers) { res in
                res.expectErrorShape(.unprocessableEntity)
            }
        }
    }

    /// Busy time is read only around the dates asked for; a booking late the day before whose buffer
    /// runs past midnight must still block the next morning, and one ending at midnight must not.
    @Test func aBufferRunningPastMidnightBlocksTheNextMorning() async throws {
        try await withTestApp { app in
            let t = try await Factory.tenant(app)
            let late = try await Factory.service(app, tenant: t, minutes: 60, after: 240)
            let alex = try await Factory.staff(
                app, tenant: t, services: [late], hours: [.tuesday: [("20:00", "23:59")], .wednesday: [("00:00", "06:00")]])
            let client = try await Factory.client(app, tenant: t)
            // Tuesday 22:00-23:00 London (UTC in December), blocked until Wednesday 03:00.
            let start = try Date("2026-12-01T22:00:00Z", strategy: .iso8601)
            try await Factory.booking(
                tenant: t, service: late, staff: alex, client: client, start: start, end: start + 3600,
                blockedUntil: start + 5 * 3600
            ).create(on: app.db)
            try await app.testing().test(
                .GET, "api/v1/slots?service=\(late.id!)&from=2026-12-02&to=2026-12-02&staff=\(alex.id!)", headers: t.headers
            ) { res in
                // Each start needs 5 hours (60 + 240 minutes) inside 00:00-06:00: the starts that fit (00:00-01:00) are all taken.
                #expect(starts(res) == [])
            }
            let wednesdayOnly = try await Factory.service(app, tenant: t, name: "Short", minutes: 30)
            try await CatalogQueries.replaceLinks(
                staffID: alex.requireID(), with: [late.requireID(), wednesdayOnly.requireID()], on: app.db, tenant: t.id)
            try await app.testing().test(
                .GET, "api/v1/slots?service=\(wednesdayOnly.id!)&from=2026-12-02&to=2026-12-02&staff=\(alex.id!)",
                headers: t.headers
            ) { res in
                #expect(starts(res).first == "2026-12-02T03:00:00Z")
            }
        }
    }
}
