import Fluent
import Foundation
import Logging
import Testing
import VaporTesting

@testable import App

/// The PostgreSQL booking path stays one writing statement, without a transaction around it.
@Suite("Booking repository")
struct BookingRepositoryTests {
    @Test func theBookingPathIssuesOneWritingStatementOnPostgreSQL() async throws {
        try await withTestApp { app in
            let salon = try await Salon.make(app)
            let log = LogCapture()
            let logged = app.databases.database(logger: log.logger, on: app.eventLoopGroup.any())!
            let scope = try await TenantScope.testing(app, tenant: salon.tenant.id, db: logged)
            let command = BookAppointment(
                service: salon.service.id!, staff: salon.alex.id!, start: try Date("2026-12-01T10:00:00Z", strategy: .iso8601),
                client: ContactDetails(name: "Ana", email: "ana@example.com", phone: nil, smsOptIn: false), notes: "")
            let created = try await scope.bookings.create(command, mode: .online)
            #expect(created.booking.clientID == (try await App.Client.query(on: app.db).first()?.requireID()))
            #expect(try await OutboxMessage.query(on: app.db).count() == 3)
            // PostgreSQL's driver logs every statement (SQLiteKit does not, and SQLite's booking is one
            // BEGIN IMMEDIATE write unit anyway, which the concurrency tests exercise).
            guard TestDatabase.postgresURL != nil else { return }
            #expect(log.statements.count >= 3, "statements were not captured: \(log.statements)")
            #expect(log.writes.count == 1, "the PostgreSQL booking path must write with one statement: \(log.writes)")
            #expect(!log.statements.contains { $0.uppercased().hasPrefix("BEGIN") })
        }
    }

    /// A booking for a named staff member leaves overlaps to the database (the exclusion constraint
    /// on PostgreSQL, the trigger on SQLite) instead of reading their bookings first; "anyone" still
    /// reads them to choose who is free.
    @Test func aNamedStaffMembersBookingReadsNoBusyTime() async throws {
        try await withTestApp { app in
            let salon = try await Salon.make(app)
            guard TestDatabase.postgresURL != nil else { return }  // SQLiteKit logs no statements
            func bookingReads(staff: Staff?, start: String, email: String) async throws -> [String] {
                let log = LogCapture()
                let logged = app.databases.database(logger: log.logger, on: app.eventLoopGroup.any())!
                let scope = try await TenantScope.testing(app, tenant: salon.tenant.id, db: logged)
                _ = try await scope.bookings.create(
                    BookAppointment(
                        service: salon.service.id!, staff: staff?.id, start: try Date(start, strategy: .iso8601),
                        client: ContactDetails(name: "Ana", email: email, phone: nil, smsOptIn: false), notes: ""),
                    mode: .online)
                #expect(log.writes.count == 1, "\(log.statements)")
                return log.statements.filter { !log.writes.contains($0) && $0.contains("FROM bookings") }
            }
            #expect(try await bookingReads(staff: salon.alex, start: "2026-12-01T10:00:00Z", email: "a@example.com").isEmpty)
            #expect(try await bookingReads(staff: nil, start: "2026-12-01T12:00:00Z", email: "b@example.com").count == 1)
        }
    }

    /// Without the read, an overlap (buffers included) is still refused: 409 with alternatives, on
    /// both databases, and nothing is stored.
    @Test func aNamedStaffMembersOverlapIsRefusedByTheDatabase() async throws {
        try await withTestApp { app in
            let tenant = try await Factory.tenant(app, slug: "buffers")
            let service = try await Factory.service(app, tenant: tenant, minutes: 30, before: 0, after: 15)
            let alex = try await Factory.staff(app, tenant: tenant, name: "Alex", services: [service])
            func book(_ start: String, _ email: String) async throws -> TestingHTTPResponse {
                try await app.send(
                    .POST, "api/v1/bookings", headers: tenant.headers,
                    json: [
                        "service": service.id!.uuidString, "staff": alex.id!.uuidString, "start": start, "consent": true,
                        "client": ["name": "Ana Silva", "email": email],
                    ])
            }
            #expect(try await book("2026-12-01T10:00:00Z", "a@example.com").status == .created)
            // 10:30 starts when the first appointment ends but inside its 15-minute buffer.
            let inBuffer = try await book("2026-12-01T10:30:00Z", "b@example.com")
            #expect(inBuffer.status == .conflict)
            #expect(!(inBuffer.json["alternatives"] as? [Any] ?? []).isEmpty)
            #expect(try await book("2026-12-01T10:45:00Z", "c@example.com").status == .created)
            #expect(try await Booking.query(on: app.db).count() == 2)
        }
    }
}
