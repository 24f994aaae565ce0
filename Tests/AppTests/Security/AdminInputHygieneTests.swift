import Fluent
import Foundation
import SQLKit
import Scheduling
import Testing
import VaporTesting

@testable import App

/// Every string the admin API takes follows the public fields' rule (`JSONTextRule`): a NUL or a
/// bidirectional override is a 422 naming the field, on both databases, and nothing is stored.
@Suite("Admin input hygiene")
struct AdminInputHygieneTests {
    static let settingsFields = [
        "name", "timezone", "brandColour", "logoUrl", "contactEmail", "reminders", "address", "phone", "paymentNote",
        "privacyNotice",
        "terms",
    ]

    /// Regression: a NUL in `timezone` or `logoUrl` gave a 500 on PostgreSQL, and on SQLite was
    /// stored and re-anchored every closure as if the zone had no daylight saving.
    @Test func everySettingRefusesControlCharacters() async throws {
        try await withTestApp { app in
            let t = try await Factory.tenant(app)
            let valid: [String: String] = [
                "name": "Salon", "timezone": "Europe/London", "brandColour": "#123456", "logoUrl": "https://example.com/logo.png",
                "contactEmail": "owner@example.com", "reminders": "24h", "address": "1 High St", "phone": "+44 191 496 0000",
                "paymentNote": "Pay by card at the desk", "privacyNotice": "Notice", "terms": "Terms",
            ]
            let before = try await app.send(.GET, "api/v1/admin/settings", headers: t.adminHeaders).body.string
            for field in Self.settingsFields {
                for hostile in ["\u{0}", "\u{202E}", "\u{1B}", "\u{85}"] {
                    let res = try await app.send(
                        .PATCH, "api/v1/admin/settings", headers: t.adminHeaders, json: [field: valid[field]! + hostile])
                    res.expectErrorShape(.unprocessableEntity)
                    #expect(res.reason.hasPrefix(field + " must not contain control characters"), "\(field): \(res.reason)")
                }
            }
            #expect(try await app.send(.GET, "api/v1/admin/settings", headers: t.adminHeaders).body.string == before)
        }
    }

    @Test func nestedAndListedStringsAreNamedByTheirPath() async throws {
        try await withTestApp { app in
            let t = try await Factory.tenant(app)
            let key = try await app.send(.POST, "api/v1/admin/api-keys", headers: t.adminHeaders, json: ["name": "desk\u{0}"])
            key.expectErrorShape(.unprocessableEntity)
            #expect(key.reason.hasPrefix("name must not contain"))
            let closure = try await app.send(
                .POST, "api/v1/admin/closures", headers: t.adminHeaders,
                json: ["startsAt": "2026-12-24T09:00\u{0}", "endsAt": "2026-12-24T12:00", "reason": "Xmas"])
            closure.expectErrorShape(.unprocessableEntity)
            #expect(closure.reason.hasPrefix("startsAt must not contain"))
            let session = try await app.send(
                .POST, "api/v1/admin/sessions", headers: t.adminHeaders,
                json: [
                    "title": "Yoga", "startsAt": "2026-12-01T18:30", "durationMinutes": 60, "capacity": 5,
                    "repeat": ["weekdays": ["tue", "th\u{2066}u"], "until": "2026-12-31"],
                ])
            session.expectErrorShape(.unprocessableEntity)
            #expect(session.reason.hasPrefix("repeat.weekdays[1] must not contain"), "\(session.reason)")
            // An escaped backslash followed by `u` is ordinary text.
            let plain = try await app.send(.POST, "api/v1/admin/api-keys", headers: t.adminHeaders, json: ["name": "C:\\users"])
            #expect(plain.status == .created)
        }
    }

    /// The repair migration puts closures back where their wall time says, in the tenant's zone
    /// (here: a closure left anchored as if London had no summer time).
    @Test func theRepairMigrationReanchorsClosuresInTheTenantsZone() async throws {
        try await withTestApp { app in
            let t = try await Factory.tenant(app)
            let from = try #require(LocalDateTime(iso: "2027-06-01T10:00")),
                to = try #require(LocalDateTime(iso: "2027-06-01T12:00"))
            let closure = ClosureService.make(tenantID: t.id, staffID: nil, from: from, to: to, zone: .gmt, reason: "Dentist")
            try await closure.create(on: app.db)
            try await RepairTenantZonesAndClosures().prepare(on: app.db)
            let repaired = try #require(try await Closure.find(closure.id, on: app.db))
            #expect(ISOTimestamp.string(from: repaired.startsAt) == "2027-06-01T09:00:00Z")
            #expect(ISOTimestamp.string(from: repaired.endsAt) == "2027-06-01T11:00:00Z")
            #expect(RepairTenantZonesAndClosures.plain("Europe/London\u{0}junk") == "Europe/London")
        }
    }

    /// A closure wholly inside the hour the clocks skip would close nothing (both ends fall on the
    /// change): it is refused, saying why. One that spans the gap is kept.
    @Test func aClosureInsideTheSpringForwardGapIsRefused() async throws {
        try await withTestApp { app in
            let t = try await Factory.tenant(app)
            let res = try await app.send(
                .POST, "api/v1/admin/closures", headers: t.adminHeaders,
                json: ["startsAt": "2027-03-28T01:10", "endsAt": "2027-03-28T01:20", "reason": "Gap"])
            res.expectErrorShape(.unprocessableEntity)
            #expect(res.reason.contains("clocks go forward"), "\(res.reason)")
            let spanning = try await app.send(
                .POST, "api/v1/admin/closures", headers: t.adminHeaders,
                json: ["startsAt": "2027-03-28T01:10", "endsAt": "2027-03-28T03:00", "reason": "Night"])
            #expect(spanning.status == .created)
        }
    }
}
