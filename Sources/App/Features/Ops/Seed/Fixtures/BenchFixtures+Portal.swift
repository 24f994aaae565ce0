import Fluent
import Foundation
import Scheduling
import Vapor

extension BenchFixtures {
    /// The portal's side of the synthetic salon for `bench pages`: an owner signed in (the session
    /// cookie) and the day with the most bookings, for the calendar's day view.
    package struct PortalDay: Sendable {
        package let cookie: String
        package let date: String
        package let bookings: Int
        package let email: String
        package let password: String
    }

    package static func portalDay(_ tenant: SlotsTenant, on app: Application, now: Date) async throws -> PortalDay {
        let password = Passwords.generate()
        let email = "owner@\(tenant.slug).example"
        let created = try await UserProvisioning.create(
            .init(tenantID: tenant.tenant.id, email: email, role: .owner, password: password), on: app.db,
            threadPool: app.threadPool)
        guard let user = try await User.find(created.userID, on: app.db) else {
            throw Abort(.internalServerError, reason: "benchmark owner was not stored")
        }
        let session = try await PortalSessions.start(for: user, now: now, on: app.db)
        let zone = tenant.tenant.timeZone
        let starts = try await Booking.query(on: app.db, tenant: tenant.tenant.id).filter(\.$status ~~ BookingStatus.active)
            .field(\.$startsAt).all().map(\.startsAt)
        let perDay = Dictionary(grouping: starts, by: { zone.wallClock(at: $0).date }).mapValues(\.count)
        guard let busiest = perDay.max(by: { ($0.value, $1.key) < ($1.value, $0.key) }) else {
            throw Abort(.internalServerError, reason: "benchmark tenant has no bookings")
        }
        return PortalDay(
            cookie: "\(PortalCookie.name)=\(session.token)", date: busiest.key.description, bookings: busiest.value,
            email: email, password: password)
    }
}
