import Fluent
import Foundation
import Testing
import VaporTesting

@testable import App

@Suite("Admin catalog API")
struct AdminCatalogTests {
    @Test func servicesCanBeCreatedUpdatedListedAndDeleted() async throws {
        try await withTestApp { app in
            let t = try await Factory.tenant(app)
            let alex = try await Factory.staff(app, tenant: t, services: [])
            var serviceID = ""
            try await app.testing().test(
                .POST, "api/v1/admin/services", headers: t.adminHeaders.json,
                body: jsonBody([
                    "name": "Colour", "durationMinutes": 120, "priceCents": 9500, "bufferBeforeMinutes": 10,
                    "bufferAfterMinutes": 15, "staff": [alex.id!.uuidString],
                ])
            ) { res in
                #expect(res.status == .created)
                #expect(res.json["name"] as? String == "Colour")
                #expect(res.json["bufferAfterMinutes"] as? Int == 15)
                #expect(res.json["staff"] as? [String] == [alex.id!.uuidString])
                #expect(res.json["active"] as? Bool == true)
                serviceID = res.json["id"] as? String ?? ""
            }
            try await app.testing().test(
                .PATCH, "api/v1/admin/services/\(serviceID)", headers: t.adminHeaders.json,
                body: jsonBody(["priceCents": 9900, "slotIntervalMinutes": 30, "staff": []])
            ) { res in
                #expect(res.status == .ok)
                #expect(res.json["priceCents"] as? Int == 9900)
                #expect(res.json["slotIntervalMinutes"] as? Int == 30)
                #expect(res.json["staff"] as? [String] == [])
                #expect(res.json["name"] as? String == "Colour")
            }
            // Left out, an override stays; sent as null, it goes back to the business's policy.
            try await app.testing().test(
                .PATCH, "api/v1/admin/services/\(serviceID)", headers: t.adminHeaders.json, body: jsonBody(["name": "Colour"])
            ) { res in
                #expect(res.json["slotIntervalMinutes"] as? Int == 30)
            }
            try await app.testing().test(
                .PATCH, "api/v1/admin/services/\(serviceID)", headers: t.adminHeaders.json,
                body: ByteBuffer(string: #"{"slotIntervalMinutes": null}"#)
            ) { res in
                #expect(res.status == .ok && res.json["slotIntervalMinutes"] == nil)
            }
            try await app.testing().test(.GET, "api/v1/admin/services", headers: t.adminHeaders) { res in
                #expect(res.jsonArray.count == 1)
            }
            try await app.testing().test(.DELETE, "api/v1/admin/services/\(serviceID)", headers: t.adminHeaders) { res in
                #expect(res.status == .noContent)
            }
            try await app.testing().test(.GET, "api/v1/admin/services/\(serviceID)", headers: t.adminHeaders) { res in
                res.expectErrorShape(.notFound)
            }
        }
    }

    @Test func serviceValidationNamesEveryBadField() async throws {
        try await withTestApp { app in
            let t = try await Factory.tenant(app)
            try await app.testing().test(
                .POST, "api/v1/admin/services", headers: t.adminHeaders.json,
                body: jsonBody([
                    "name": "X", "durationMinutes": 2, "priceCents": -1, "bufferAfterMinutes": 999, "currency": "pounds",
                    "slotIntervalMinutes": 3, "maxAdvanceDays": 400,
                ])
            ) { res in
                res.expectErrorShape(.unprocessableEntity)
                for field in [
                    "durationMinutes", "priceCents", "bufferAfterMinutes", "currency", "slotIntervalMinutes", "maxAdvanceDays",
                ] {
                    #expect(res.reason.contains(field), "missing \(field) in \(res.reason)")
                }
            }
            try await app.testing().test(
                .POST, "api/v1/admin/services", headers: t.adminHeaders.json,
                body: jsonBody(["name": "X", "durationMinutes": 30, "staff": [UUID().uuidString]])
            ) { res in
                res.expectErrorShape(.unprocessableEntity)
                #expect(res.reason == "staff contains an id that does not exist for this tenant")
            }
        }
    }

    @Test func bookedServicesAndStaffAreArchivedNotDeleted() async throws {
        try await withTestApp { app in
            let t = try await Factory.tenant(app)
            let service = try await Factory.service(app, tenant: t)
            let alex = try await Factory.staff(app, tenant: t, services: [service])
            let client = try await Factory.client(app, tenant: t)
            try await Factory.booking(
                tenant: t, service: service, staff: alex, client: client, start: testNow, end: testNow + 3600
            )
            .create(on: app.db)
            try await app.testing().test(.DELETE, "api/v1/admin/services/\(service.id!)", headers: t.adminHeaders) { res in
                #expect(res.status == .noContent)
            }
            try await app.testing().test(.DELETE, "api/v1/admin/staff/\(alex.id!)", headers: t.adminHeaders) { res in
                #expect(res.status == .ok)
                #expect(res.json["outcome"] as? String == "archived")
            }
            #expect(try await Service.find(service.id, on: app.db)?.active == false)
            #expect(try await Staff.find(alex.id, on: app.db)?.active == false)
            #expect(try await Booking.query(on: app.db).count() == 1)
            try await app.testing().test(.GET, "api/v1/services", headers: t.headers) { res in #expect(res.jsonArray.isEmpty) }
            try await app.testing().test(.GET, "api/v1/staff", headers: t.headers) { res in #expect(res.jsonArray.isEmpty) }
        }
    }

    @Test func publicCatalogShowsOnlyActiveItemsAndPublicFields() async throws {
        try await withTestApp { app in
            let t = try await Factory.tenant(app)
            let cut = try await Factory.service(app, tenant: t, name: "Cut", minutes: 45)
            try await Factory.service(app, tenant: t, name: "Retired", active: false)
            let alex = try await Factory.staff(app, tenant: t, services: [cut])
            try await Factory.staff(app, tenant: t, name: "Gone", services: [cut], active: false)
            try await app.testing().test(.GET, "api/v1/services", headers: t.headers) { res in
                #expect(res.jsonArray.count == 1)
                let service = res.jsonArray[0]
                #expect(Set(service.keys) == ["id", "name", "description", "durationMinutes", "priceCents", "currency", "staff"])
                #expect(service["durationMinutes"] as? Int == 45)
                #expect(service["staff"] as? [String] == [alex.id!.uuidString])
            }
            try await app.testing().test(.GET, "api/v1/staff", headers: t.headers) { res in
                #expect(res.jsonArray.count == 1)
                #expect(Set(res.jsonArray[0].keys) == ["id", "name", "services"])
            }
        }
    }

    @Test func staffAndWeeklyHoursRoundTrip() async throws {
        try await withTestApp { app in
            let t = try await Factory.tenant(app)
            let cut = try await Factory.service(app, tenant: t)
            var staffID = ""
            try await app.testing().test(
                .POST, "api/v1/admin/staff", headers: t.adminHeaders.json,
                body: jsonBody(["name": "Sam", "email": "Sam@Salon.example", "services": [cut.id!.uuidString]])
            ) { res in
                #expect(res.status == .created)
                #expect(res.json["email"] as? String == "sam@salon.example")
                #expect(res.json["services"] as? [String] == [cut.id!.uuidString])
                staffID = res.json["id"] as? String ?? ""
            }
            let hours: [String: Any] = ["tue": [["13:30", "18:00"], ["09:00", "12:30"]], "sat": [["10:00", "16:00"]]]
            try await app.testing().test(
                .PUT, "api/v1/admin/staff/\(staffID)/hours", headers: t.adminHeaders.json, body: jsonBody(hours)
            ) { res in
                #expect(res.status == .ok)
            }
            try await app.testing().test(.GET, "api/v1/admin/staff/\(staffID)/hours", headers: t.adminHeaders) { res in
                #expect(
                    res.json as NSDictionary == [
                        "tue": [["09:00", "12:30"], ["13:30", "18:00"]], "sat": [["10:00", "16:00"]],
                    ] as NSDictionary)
            }
            try await app.testing().test(.GET, "api/v1/admin/opening-hours", headers: t.adminHeaders) { res in
                #expect(res.json.isEmpty)  // none set: unbounded
            }
            try await app.testing().test(
                .PUT, "api/v1/admin/opening-hours", headers: t.adminHeaders.json,
                body: jsonBody(["mon": [["08:00", "20:00"]]])
            ) { res in #expect(res.status == .ok) }
            try await app.testing().test(.GET, "api/v1/admin/opening-hours", headers: t.adminHeaders) { res in
                #expect(res.json as NSDictionary == ["mon": [["08:00", "20:00"]]] as NSDictionary)
            }
            try await app.testing().test(
                .PATCH, "api/v1/admin/staff/\(staffID)", headers: t.adminHeaders.json, body: jsonBody(["active": false])
            ) { res in
                #expect(res.json["active"] as? Bool == false)
                #expect(res.json["name"] as? String == "Sam")
            }
        }
    }

    @Test(arguments: [
        (#"{"mon": [["09:00", "12:00"], ["11:00", "13:00"]]}"#, "mon: the ranges 09:00-12:00 and 11:00-13:00 overlap"),
        (#"{"funday": [["09:00", "12:00"]]}"#, "funday is not a weekday (use mon, tue, wed, thu, fri, sat, sun)"),
        (#"{"mon": [["12:00", "09:00"]]}"#, "mon range 12:00-09:00 ends before it starts"),
        (#"{"mon": [["9am", "5pm"]]}"#, "mon has a time that is not HH:MM (00:00 to 24:00): 9am-5pm"),
        (#"{"mon": [["09:00"]]}"#, #"mon ranges must be ["HH:MM", "HH:MM"] pairs"#),
    ])
    func invalidHoursAreRefused(body: String, reason: String) async throws {
        try await withTestApp { app in
            let t = try await Factory.tenant(app)
            let alex = try await Factory.staff(app, tenant: t, services: [], hours: [.monday: [("09:00", "17:00")]])
            try await app.testing().test(
                .PUT, "api/v1/admin/staff/\(alex.id!)/hours", headers: t.adminHeaders.json, body: ByteBuffer(string: body)
            ) { res in
                res.expectErrorShape(.unprocessableEntity)
                #expect(res.reason == reason)
            }
            // The stored hours are untouched.
            try await app.testing().test(.GET, "api/v1/admin/staff/\(alex.id!)/hours", headers: t.adminHeaders) { res in
                #expect(res.json as NSDictionary == ["mon": [["09:00", "17:00"]]] as NSDictionary)
            }
        }
    }

    @Test func closuresAreEnteredInLocalTimeAndStoredAsInstants() async throws {
        try await withTestApp { app in
            let t = try await Factory.tenant(app)
            let alex = try await Factory.staff(app, tenant: t, services: [])
            var closureID = ""
            try await app.testing().test(
                .POST, "api/v1/admin/closures", headers: t.adminHeaders.json,
                body: jsonBody([
                    "staff": alex.id!.uuidString, "startsAt": "2027-07-01T14:00", "endsAt": "2027-07-01T17:00",
                    "reason": "Dentist",
                ])
            ) { res in
                #expect(res.status == .created)
                #expect(res.json["startsAt"] as? String == "2027-07-01T14:00")
                #expect(res.json["startsAtUtc"] as? String == "2027-07-01T13:00:00Z")
                #expect(res.json["endsAtUtc"] as? String == "2027-07-01T16:00:00Z")
                closureID = res.json["id"] as? String ?? ""
            }
            try await app.testing().test(.GET, "api/v1/admin/closures", headers: t.adminHeaders) { res in
                #expect(res.jsonArray.count == 1)
            }
            try await app.testing().test(.DELETE, "api/v1/admin/closures/\(closureID)", headers: t.adminHeaders) { res in
                #expect(res.status == .noContent)
            }
            try await app.testing().test(.GET, "api/v1/admin/closures", headers: t.adminHeaders) { res in
                #expect(res.jsonArray.isEmpty)
            }
        }
    }

    @Test(arguments: [
        (
            ["startsAt": "2026-12-24", "endsAt": "2026-12-27T00:00"],
            "startsAt must be a local date and time like 2026-12-24T09:00"
        ),
        (["startsAt": "2026-12-27T00:00", "endsAt": "2026-12-24T00:00"], "endsAt must be after startsAt"),
        (["startsAt": "2026-12-24T00:00", "endsAt": "2028-01-24T00:00"], "endsAt must be within 366 days of startsAt"),
        (
            ["startsAt": "2026-12-24T00:00", "endsAt": "2026-12-25T00:00", "staff": "00000000-0000-0000-0000-000000000000"],
            "staff contains an id that does not exist for this tenant"
        ),
    ])
    func invalidClosuresAreRefused(body: [String: String], reason: String) async throws {
        try await withTestApp { app in
            let t = try await Factory.tenant(app)
            try await app.testing().test(.POST, "api/v1/admin/closures", headers: t.adminHeaders.json, body: jsonBody(body)) {
                res in
                res.expectErrorShape(.unprocessableEntity)
                #expect(res.reason == reason)
            }
        }
    }

    @Test func settingsValidateAndAZoneChangeReanchorsClosures() async throws {
        try await withTestApp { app in
            let t = try await Factory.tenant(app)
            try await app.testing().test(
                .POST, "api/v1/admin/closures", headers: t.adminHeaders.json,
                body: jsonBody(["startsAt": "2026-12-24T00:00", "endsAt": "2026-12-25T00:00"])
            ) { res in #expect(res.status == .created) }
            try await app.testing().test(
                .PATCH, "api/v1/admin/settings", headers: t.adminHeaders.json,
                body: jsonBody([
                    "timezone": "Mars/Olympus", "slotIntervalMinutes": 1, "brandColour": "pink", "contactEmail": "nope",
                ])
            ) { res in
                res.expectErrorShape(.unprocessableEntity)
                for field in ["timezone", "slotIntervalMinutes", "brandColour", "contactEmail"] {
                    #expect(res.reason.contains(field))
                }
            }
            try await app.testing().test(
                .PATCH, "api/v1/admin/settings", headers: t.adminHeaders.json,
                body: jsonBody([
                    "timezone": "America/New_York", "slotIntervalMinutes": 30, "minNoticeMinutes": 60, "maxAdvanceDays": 90,
                    "features": ["sms": true], "brandColour": "#AA3366",
                ])
            ) { res in
                #expect(res.status == .ok)
                #expect(res.json["timezone"] as? String == "America/New_York")
                #expect(res.json["slotIntervalMinutes"] as? Int == 30)
                let tenant = res.json["tenant"] as? [String: Any]
                #expect((tenant?["features"] as? [String: Bool])?["sms"] == true)
                #expect((tenant?["branding"] as? [String: Any])?["brandColour"] as? String == "#aa3366")
            }
            try await app.testing().test(.GET, "api/v1/admin/closures", headers: t.adminHeaders) { res in
                #expect(res.jsonArray.first?["startsAtUtc"] as? String == "2026-12-24T05:00:00Z")
            }
        }
    }

    @Test func tenantsCannotReadOrChangeEachOthersCatalog() async throws {
        try await withTestApp { app in
            let a = try await Factory.tenant(app, slug: "tenant-a")
            let b = try await Factory.tenant(app, slug: "tenant-b")
            let bService = try await Factory.service(app, tenant: b, name: "B only")
            let bStaff = try await Factory.staff(app, tenant: b, name: "B staff", services: [bService])
            let closure = ClosureService.make(
                tenantID: b.id, staffID: nil, from: .init(iso: "2026-12-24T00:00")!, to: .init(iso: "2026-12-25T00:00")!,
                zone: .gmt, reason: "")
            try await closure.create(on: app.db)
            let requests: [(HTTPMethod, String, [String: Any]?)] = [
                (.GET, "api/v1/admin/services/\(bService.id!)", nil),
                (.PATCH, "api/v1/admin/services/\(bService.id!)", ["name": "Stolen"]),
                (.DELETE, "api/v1/admin/services/\(bService.id!)", nil),
                (.GET, "api/v1/admin/staff/\(bStaff.id!)", nil),
                (.PATCH, "api/v1/admin/staff/\(bStaff.id!)", ["name": "Stolen"]),
                (.DELETE, "api/v1/admin/staff/\(bStaff.id!)", nil),
                (.GET, "api/v1/admin/staff/\(bStaff.id!)/hours", nil),
                (.PUT, "api/v1/admin/staff/\(bStaff.id!)/hours", [:]),
                (.DELETE, "api/v1/admin/closures/\(closure.id!)", nil),
                (.GET, "api/v1/slots?service=\(bService.id!)&from=2026-12-01&to=2026-12-01", nil),
            ]
            for (method, path, body) in requests {
                try await app.testing().test(method, path, headers: a.adminHeaders.json, body: body.map(jsonBody)) { res in
                    res.expectErrorShape(.notFound)
                }
            }
            // Linking B's staff to A's service is refused too.
            try await app.testing().test(
                .POST, "api/v1/admin/services", headers: a.adminHeaders.json,
                body: jsonBody(["name": "A", "durationMinutes": 30, "staff": [bStaff.id!.uuidString]])
            ) { res in res.expectErrorShape(.unprocessableEntity) }
            try await app.testing().test(.GET, "api/v1/admin/closures", headers: a.adminHeaders) { res in
                #expect(res.jsonArray.isEmpty)
            }
            #expect(try await Service.find(bService.id, on: app.db)?.name == "B only")
            #expect(try await Staff.find(bStaff.id, on: app.db)?.active == true)
            #expect(try await WorkingHours.query(on: app.db, tenant: b.id).count() == 6)
            #expect(try await Closure.query(on: app.db, tenant: b.id).count() == 1)
        }
    }
}
