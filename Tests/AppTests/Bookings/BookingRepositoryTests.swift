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
}
