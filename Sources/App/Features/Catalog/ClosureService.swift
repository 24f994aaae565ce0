import Fluent
import Foundation
import Scheduling

/// Closures (time off): the rules for entering one, and how wall time becomes instants, shared by
/// the admin API, the seed and time-zone changes.
enum ClosureService {
    /// Time off to add: from and to in the tenant's wall time, checked at the edge
    /// (`AdminClosuresController.ClosureInput.command`).
    struct Add: Sendable {
        var staff: UUID?
        var from: LocalDateTime
        var to: LocalDateTime
        var reason: String
    }

    /// Stores a closure; returns it with the upcoming bookings it lies over (they stay booked until
    /// the business moves or cancels them).
    static func create(_ command: Add, tenant: TenantContext, now: Date, on db: any Database) async throws
        -> (Closure, affected: [AffectedBooking])
    {
        if let staff = command.staff {
            try await CatalogQueries.requireExisting(Staff.self, ids: [staff], field: "staff", on: db, tenant: tenant.id)
        }
        let closure = make(
            tenantID: tenant.id, staffID: command.staff, from: command.from, to: command.to, zone: tenant.timeZone,
            reason: command.reason)
        try await closure.create(on: db)
        return (closure, try await AffectedBookings.overlapping(closure, zone: tenant.timeZone, now: now, on: db))
    }

    /// The upcoming bookings a closure would lie over, before it is stored (the portal lists them
    /// first, to keep or cancel each).
    static func affected(by command: Add, tenant: TenantContext, now: Date, on db: any Database) async throws
        -> [AffectedBooking]
    {
        let closure = make(
            tenantID: tenant.id, staffID: command.staff, from: command.from, to: command.to, zone: tenant.timeZone,
            reason: command.reason)
        return try await AffectedBookings.overlapping(closure, zone: tenant.timeZone, now: now, on: db)
    }

    static func delete(_ id: UUID?, on db: any Database, tenant: UUID) async throws {
        guard let closure = try await Closure.find(id, on: db, tenant: tenant) else {
            throw CatalogError.closureNotFound
        }
        try await closure.delete(on: db)
    }

    static func make(
        tenantID: UUID, staffID: UUID?, from: LocalDateTime, to: LocalDateTime, zone: TimeZone, reason: String
    ) -> Closure {
        Closure(
            tenantID: tenantID, staffID: staffID, startsAt: from.instant(in: zone), endsAt: to.instant(in: zone),
            startsLocal: from.description, endsLocal: to.description, reason: reason)
    }

    /// Recomputes every closure's instants from its wall time, after the tenant's zone changed.
    static func reanchor(tenantID: UUID, zone: TimeZone, on db: any Database) async throws {
        for closure in try await Closure.query(on: db, tenant: tenantID).all() {
            guard let from = LocalDateTime(iso: closure.startsLocal), let to = LocalDateTime(iso: closure.endsLocal) else {
                continue
            }
            closure.startsAt = from.instant(in: zone)
            closure.endsAt = to.instant(in: zone)
            try await closure.update(on: db)
        }
    }
}
