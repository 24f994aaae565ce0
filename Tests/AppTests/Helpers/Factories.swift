import Fluent
import Foundation
import Scheduling
import Testing
import VaporTesting

@testable import App

/// A tenant created for a test, with its admin key.
struct TestTenant {
    let id: UUID
    let slug: String
    let apiKey: String

    var headers: HTTPHeaders { ["X-Tenant": slug] }
    var adminHeaders: HTTPHeaders { ["X-Tenant": slug, "Authorization": "Bearer \(apiKey)"] }
}

enum Factory {
    static func tenant(
        _ app: Application, slug: String = "salon", timezone: String = "Europe/London", kind: TenantKind = .appointments,
        minNoticeMinutes: Int = 0
    ) async throws -> TestTenant {
        let created = try await TenantProvisioning.create(
            .init(slug: slug, name: "Test \(slug)", timezone: timezone, kind: kind), on: app.db)
        let tenant = try await Tenant.find(created.tenantID, on: app.db)!
        tenant.minNoticeMinutes = minNoticeMinutes
        try await tenant.update(on: app.db)
        return TestTenant(id: created.tenantID, slug: slug, apiKey: created.apiKey)
    }

    @discardableResult
    static func service(
        _ app: Application, tenant: TestTenant, name: String = "Cut", minutes: Int = 60, before: Int = 0, after: Int = 0,
        active: Bool = true
    ) async throws -> Service {
        let service = Service(
            tenantID: tenant.id, name: name, durationMinutes: minutes, priceCents: 3500, bufferBeforeMinutes: before,
            bufferAfterMinutes: after, active: active)
        try await service.create(on: app.db)
        return service
    }

    /// A staff member performing `services`, working `hours` (default Mon-Sat 09:00-17:00).
    @discardableResult
    static func staff(
        _ app: Application, tenant: TestTenant, name: String = "Alex", services: [Service],
        hours: [Weekday: [(String, String)]]? = nil, active: Bool = true
    ) async throws -> Staff {
        let staff = Staff(tenantID: tenant.id, name: name, active: active)
        try await staff.create(on: app.db)
        try await CatalogQueries.replaceLinks(
            staffID: staff.requireID(), with: try services.map { try $0.requireID() }, on: app.db, tenant: tenant.id)
        let spec =
            hours
            ?? Dictionary(uniqueKeysWithValues: Weekday.allCases.filter { $0 != .sunday }.map { ($0, [("09:00", "17:00")]) })
        let weekly = try WeeklyHours(spec.mapValues { $0.map { WallTimeRange($0.0, $0.1)! } })
        try await WeeklyHoursPayload.store(weekly, staffID: staff.requireID(), on: app.db, tenant: tenant.id)
        return staff
    }

    /// A client of `tenant`, stored.
    static func client(_ app: Application, tenant: TestTenant, name: String = "C", email: String = "c@example.com") async throws
        -> App.Client
    {
        let client = App.Client(tenantID: tenant.id, name: name, email: email)
        try await client.create(on: app.db)
        return client
    }

    /// A booking written straight into the table, not through the booking service (for tests of the
    /// database's own guarantees and of what availability reads): from `start` to `end`, blocked
    /// until `blockedUntil` (default `end`). Not yet stored: call `create(on:)`.
    static func booking(
        tenant: TestTenant, service: Service, staff: Staff, client: App.Client, start: Date, end: Date, blockedUntil: Date? = nil,
        status: BookingStatus = .confirmed
    ) throws -> Booking {
        Booking(
            tenantID: tenant.id, serviceID: try service.requireID(), staffID: try staff.requireID(),
            clientID: try client.requireID(),
            startsAt: start, endsAt: end, blockedFrom: start, blockedUntil: blockedUntil ?? end, status: status, notes: "",
            manageTokenHash: UUID().uuidString, contact: client.contact)
    }
}
