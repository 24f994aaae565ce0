import Fluent
import Foundation
import Testing
import VaporTesting

@testable import App

/// The database itself refuses overlapping active bookings of one staff member (PostgreSQL exclusion
/// constraint, SQLite triggers), whatever the application code does.
@Suite("Database overlap guarantee")
struct OverlapConstraintTests {
    func booking(
        _ t: TestTenant, service: Service, staff: Staff, client: App.Client, from: String, to: String,
        status: BookingStatus = .confirmed
    ) throws -> Booking {
        try Factory.booking(
            tenant: t, service: service, staff: staff, client: client, start: try Date(from, strategy: .iso8601),
            end: try Date(to, strategy: .iso8601), status: status)
    }

    @Test func overlappingActiveBookingsAreRefusedTouchingOnesAccepted() async throws {
        try await withTestApp { app in
            let t = try await Factory.tenant(app)
            let service = try await Factory.service(app, tenant: t)
            let alex = try await Factory.staff(app, tenant: t, services: [service])
            let sam = try await Factory.staff(app, tenant: t, name: "Sam", services: [service])
            let client = try await Factory.client(app, tenant: t)

            try await booking(
                t, service: service, staff: alex, client: client, from: "2026-12-01T09:00:00Z", to: "2026-12-01T12:00:00Z"
            ).create(on: app.db)
            // Touching is fine.
            try await booking(
                t, service: service, staff: alex, client: client, from: "2026-12-01T12:00:00Z", to: "2026-12-01T13:00:00Z"
            ).create(on: app.db)
            // Another staff member at the same time is fine.
            try await booking(
                t, service: service, staff: sam, client: client, from: "2026-12-01T11:00:00Z", to: "2026-12-01T14:00:00Z"
            ).create(on: app.db)
            // A cancelled booking does not hold time.
            try await booking(
                t, service: service, staff: alex, client: client, from: "2026-12-01T11:00:00Z", to: "2026-12-01T14:00:00Z",
                status: .cancelled
            ).create(on: app.db)

            do {
                try await booking(
                    t, service: service, staff: alex, client: client, from: "2026-12-01T11:00:00Z", to: "2026-12-01T14:00:00Z"
                ).create(on: app.db)
                Issue.record("an overlapping booking was stored")
            } catch let error as any DatabaseError {
                #expect(error.isConstraintFailure, "\(error)")
            }
            // Re-activating the cancelled overlapping booking is refused too.
            let cancelled = try await Booking.query(on: app.db, tenant: t.id).filter(\.$status == .cancelled).first()!
            cancelled.status = .confirmed
            do {
                try await cancelled.update(on: app.db)
                Issue.record("an overlapping booking was re-activated")
            } catch let error as any DatabaseError {
                #expect(error.isConstraintFailure, "\(error)")
            }
            #expect(try await Booking.query(on: app.db, tenant: t.id).filter(\.$status == .confirmed).count() == 3)
        }
    }

    /// The migrations spell the active statuses out; this keeps them equal to `BookingStatus.active`.
    @Test func theDatabaseGuaranteeCoversExactlyTheActiveStatuses() async throws {
        try await withTestApp { app in
            let t = try await Factory.tenant(app)
            let service = try await Factory.service(app, tenant: t)
            let alex = try await Factory.staff(app, tenant: t, services: [service])
            let client = try await Factory.client(app, tenant: t)
            try await booking(
                t, service: service, staff: alex, client: client, from: "2026-12-01T09:00:00Z", to: "2026-12-01T10:00:00Z"
            ).create(on: app.db)
            for status in BookingStatus.allCases {
                var refused = false
                do {
                    try await booking(
                        t, service: service, staff: alex, client: client, from: "2026-12-01T09:30:00Z",
                        to: "2026-12-01T10:30:00Z", status: status
                    ).create(on: app.db)
                } catch let error as any DatabaseError where error.isConstraintFailure {
                    refused = true
                }
                #expect(refused == BookingStatus.active.contains(status), "\(status)")
            }
            #expect(BookingStatus.activeSQLList == "('pending', 'confirmed')")
            #expect(try await OverlapAudit.count(on: app.db) == 0)
        }
    }
}
