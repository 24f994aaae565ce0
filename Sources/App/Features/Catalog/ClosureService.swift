import Fluent
import Scheduling
import Vapor

/// Closures (time off): the rules for entering one, and how wall time becomes instants, shared by
/// the admin API, the seed and time-zone changes.
enum ClosureService {
    /// `{"staff"?, "startsAt", "endsAt", "reason"?}` in the tenant's wall time.
    struct Input: Content {
        var staff: UUID?
        var startsAt: String
        var endsAt: String
        var reason: String?
    }

    /// Validates and stores a closure; returns it with the upcoming bookings it lies over (they stay
    /// booked until the business moves or cancels them).
    static func create(
        _ input: Input, tenant: TenantContext, now: Date, on db: any Database
    ) async throws -> (Closure, affected: [AffectedBooking]) {
        var problems = FieldProblems()
        let start = LocalDateTime(iso: input.startsAt)
        let end = LocalDateTime(iso: input.endsAt)
        if start == nil { problems.add("startsAt", "must be a local date and time like 2026-12-24T09:00") }
        if end == nil { problems.add("endsAt", "must be a local date and time like 2026-12-27T00:00") }
        if let start, let end {
            if end <= start {
                problems.add("endsAt", "must be after startsAt")
            } else if end.instant(in: tenant.timeZone) <= start.instant(in: tenant.timeZone) {
                // Both ends lie in the hour skipped when the clocks go forward: the closure would
                // close nothing, so say so rather than store an empty one.
                problems.add(
                    "endsAt",
                    "and startsAt both fall in the hour skipped when the clocks go forward on \(start.date), so nothing would be closed; "
                        + "choose times outside it")
            }
            if start.date.days(until: end.date) > 366 { problems.add("endsAt", "must be within 366 days of startsAt") }
            // A closure may have begun already (time off that is under way), but not ended; neither
            // end may lie beyond the planning window.
            PlanningWindow.check(start, "startsAt", zone: tenant.timeZone, now: now, mustBeFuture: false, into: &problems)
            PlanningWindow.check(end, "endsAt", zone: tenant.timeZone, now: now, into: &problems)
        }
        problems.requireText(input.reason, "reason", max: 200, required: false)
        try problems.throwIfAny()
        if let staff = input.staff {
            try await CatalogQueries.requireExisting(Staff.self, ids: [staff], field: "staff", on: db, tenant: tenant.id)
        }
        let closure = make(
            tenantID: tenant.id, staffID: input.staff, from: start!, to: end!, zone: tenant.timeZone, reason: input.reason ?? "")
        try await closure.create(on: db)
        return (closure, try await AffectedBookings.overlapping(closure, zone: tenant.timeZone, now: now, on: db))
    }

    static func delete(_ id: UUID?, on db: any Database, tenant: UUID) async throws {
        guard let closure = try await Closure.find(id, on: db, tenant: tenant) else {
            throw APIError.notFound("No closure with that id.")
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
