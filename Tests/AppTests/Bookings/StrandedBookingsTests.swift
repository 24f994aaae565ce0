import Fluent
import Foundation
import Testing
import VaporTesting
@testable import App

/// Owner actions that would silently strand clients answer with the bookings they affect.
@Suite("Owner actions list the bookings they affect")
struct StrandedBookingsTests {
    func book(_ salon: Salon, _ app: Application, _ start: String, _ staff: Staff, _ email: String) async throws -> String {
        let res = try await app.send(.POST, "api/v1/bookings", headers: salon.tenant.headers,
                                     json: salon.bookingBody(start: start, staff: staff, email: email))
        #expect(res.status == .created)
        return try #require(res.json["id"] as? String)
    }

    @Test func aClosureOverBookingsListsThem() async throws {
        try await withTestApp { app in
            let salon = try await Salon.make(app)
            let alexs = try await book(salon, app, "2026-12-01T10:00:00Z", salon.alex, "a@example.com")
            _ = try await book(salon, app, "2026-12-01T10:00:00Z", salon.sam, "b@example.com")
            _ = try await book(salon, app, "2026-12-03T10:00:00Z", salon.alex, "c@example.com")
            let closure = try await app.send(.POST, "api/v1/admin/closures", headers: salon.tenant.adminHeaders, json: [
                "staff": salon.alex.id!.uuidString, "startsAt": "2026-12-01T00:00", "endsAt": "2026-12-02T00:00",
            ])
            #expect(closure.status == .created)
            let affected = closure.json["affectedBookings"] as? [[String: Any]] ?? []
            #expect(affected.map { $0["id"] as? String } == [alexs])
            #expect(affected.first?["localStart"] as? String == "2026-12-01T10:00")
            #expect(affected.first?["clientName"] as? String == "Ana Silva")
            let listed = try await app.send(.GET, "api/v1/admin/closures", headers: salon.tenant.adminHeaders)
            #expect(listed.jsonArray.first?["affectedBookings"] == nil)
        }
    }

    @Test func archivingAStaffMemberListsTheirUpcomingBookings() async throws {
        try await withTestApp { app in
            let salon = try await Salon.make(app)
            let first = try await book(salon, app, "2026-12-01T10:00:00Z", salon.alex, "a@example.com")
            let second = try await book(salon, app, "2026-12-02T10:00:00Z", salon.alex, "b@example.com")
            let res = try await app.send(.DELETE, "api/v1/admin/staff/\(salon.alex.id!)", headers: salon.tenant.adminHeaders)
            #expect(res.status == .ok && res.json["outcome"] as? String == "archived")
            #expect((res.json["affectedBookings"] as? [[String: Any]])?.map { $0["id"] as? String } == [first, second])
            let unbooked = try await Factory.staff(app, tenant: salon.tenant, name: "Kim", services: [salon.service])
            let gone = try await app.send(.DELETE, "api/v1/admin/staff/\(unbooked.id!)", headers: salon.tenant.adminHeaders)
            #expect(gone.json["outcome"] as? String == "deleted" && (gone.json["affectedBookings"] as? [Any])?.isEmpty == true)
        }
    }

    @Test func changingTheTimeZoneListsBookingsInTheirNewLocalTime() async throws {
        try await withTestApp { app in
            let salon = try await Salon.make(app)
            let id = try await book(salon, app, "2026-12-01T09:00:00Z", salon.alex, "a@example.com")
            let same = try await app.send(.PATCH, "api/v1/admin/settings", headers: salon.tenant.adminHeaders, json: ["name": "Renamed"])
            #expect(same.status == .ok && same.json["affectedBookings"] == nil)
            let moved = try await app.send(
                .PATCH, "api/v1/admin/settings", headers: salon.tenant.adminHeaders, json: ["timezone": "America/New_York"])
            let affected = moved.json["affectedBookings"] as? [[String: Any]] ?? []
            #expect(affected.map { $0["id"] as? String } == [id])
            #expect(affected.first?["localStart"] as? String == "2026-12-01T04:00")
        }
    }

    @Test func reschedulingToTheSameStartChangesAndQueuesNothing() async throws {
        try await withTestApp { app in
            let salon = try await Salon.make(app)
            let created = try await app.send(.POST, "api/v1/bookings", headers: salon.tenant.headers,
                                             json: salon.bookingBody(start: "2026-12-01T10:00:00Z", staff: salon.alex))
            let before = try await OutboxMessage.query(on: app.db).count()
            let res = try await app.send(
                .POST, "api/v1/bookings/\(created.json["id"] as! String)/reschedule", headers: salon.tenant.headers,
                json: ["start": "2026-12-01T10:00:00Z", "token": created.json["manageToken"] as! String])
            #expect(res.status == .ok && res.json["start"] as? String == "2026-12-01T10:00:00Z")
            #expect(try await OutboxMessage.query(on: app.db).count() == before)
            #expect(try await OutboxMessage.query(on: app.db).filter(\.$status == .cancelled).count() == 0)
        }
    }
}
