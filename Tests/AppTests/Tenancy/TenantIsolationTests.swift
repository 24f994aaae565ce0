import Fluent
import Foundation
import Testing
import VaporTesting
@testable import App

/// Tenant A can neither read nor change tenant B's bookings, sessions or clients through any route.
@Suite("Tenant isolation")
struct TenantIsolationTests {
    @Test func bookingsSessionsAndClientsOfAnotherTenantAreInvisible() async throws {
        try await withTestApp { app in
            let a = try await Salon.make(app, slug: "tenant-a")
            let b = try await Salon.make(app, slug: "tenant-b")
            let bBooking = try await app.send(.POST, "api/v1/bookings", headers: b.tenant.headers,
                                              json: b.bookingBody(start: "2026-12-02T10:00:00Z", email: "secret@example.com"))
            let bID = bBooking.json["id"] as! String, bToken = bBooking.json["manageToken"] as! String
            let bSession = try await StudioFactory.session(app, tenant: b.tenant, capacity: 5)
            let bEnrol = try await app.send(.POST, "api/v1/sessions/\(bSession.id!)/enrollments", headers: b.tenant.headers,
                                            json: ["client": ["name": "S", "email": "s@example.com"], "consent": true])
            let eID = bEnrol.json["id"] as! String, eToken = bEnrol.json["manageToken"] as! String

            let publicRoutes: [(HTTPMethod, String, [String: Any]?)] = [
                (.GET, "api/v1/bookings/\(bID)?token=\(bToken)", nil),
                (.POST, "api/v1/bookings/\(bID)/cancel", ["token": bToken]),
                (.POST, "api/v1/bookings/\(bID)/reschedule", ["token": bToken, "start": "2026-12-02T12:00:00Z"]),
                (.GET, "api/v1/sessions/\(bSession.id!)", nil),
                (.POST, "api/v1/sessions/\(bSession.id!)/enrollments", ["client": ["name": "X", "email": "x@example.com"], "consent": true]),
                (.GET, "api/v1/enrollments/\(eID)?token=\(eToken)", nil),
                (.POST, "api/v1/enrollments/\(eID)/cancel", ["token": eToken]),
            ]
            for (method, path, body) in publicRoutes {
                let res = try await app.send(method, path, headers: a.tenant.headers, json: body)
                #expect(res.status == .notFound, "\(method) \(path): \(res.status)")
            }
            let adminRoutes: [(HTTPMethod, String, [String: Any]?)] = [
                (.GET, "api/v1/admin/bookings/\(bID)", nil),
                (.PATCH, "api/v1/admin/bookings/\(bID)", ["status": "cancelled"]),
                (.PATCH, "api/v1/admin/sessions/\(bSession.id!)", ["title": "Hijacked"]),
                (.POST, "api/v1/admin/sessions/\(bSession.id!)/cancel", nil),
                (.GET, "api/v1/admin/sessions/\(bSession.id!)/enrollments", nil),
                (.GET, "api/v1/admin/sessions/\(bSession.id!)/enrollments.csv", nil),
            ]
            for (method, path, body) in adminRoutes {
                let res = try await app.send(method, path, headers: a.tenant.adminHeaders, json: body)
                #expect(res.status == .notFound, "\(method) \(path): \(res.status)")
            }
            // B's bookings and clients never appear in A's lists or exports.
            let list = try await app.send(.GET, "api/v1/admin/bookings?q=secret", headers: a.tenant.adminHeaders)
            #expect(list.json["total"] as? Int == 0)
            let csv = try await app.send(.GET, "api/v1/admin/bookings.csv", headers: a.tenant.adminHeaders)
            #expect(!csv.body.string.contains("secret@example.com"))
            let sessions = try await app.send(.GET, "api/v1/admin/sessions?from=2026-12-01&to=2026-12-31", headers: a.tenant.adminHeaders)
            #expect(sessions.jsonArray.isEmpty)
            // A booking through A for B's service or staff is refused.
            var crossed = a.bookingBody(start: "2026-12-02T11:00:00Z")
            crossed["service"] = b.service.id!.uuidString
            let cross = try await app.send(.POST, "api/v1/bookings", headers: a.tenant.headers, json: crossed)
            cross.expectErrorShape(.notFound)
            // Nothing of B's changed.
            let stored = try await Booking.find(UUID(uuidString: bID), on: app.db)!
            #expect(stored.status == .confirmed && ISOTimestamp.string(from: stored.startsAt) == "2026-12-02T10:00:00Z")
            let session = try await ClassSession.find(bSession.id, on: app.db)!
            #expect(session.status == .scheduled && session.title == "Yoga" && session.booked == 1)
            #expect(try await Customer.query(on: app.db, tenant: a.tenant.id).count() == 0)
        }
    }
}
