import Fluent
import Foundation
import SQLKit
import Scheduling

/// Answers "which start times can be booked?" for one service of one tenant: loads hours, closures
/// and bookings in a handful of indexed queries, then asks the pure `SlotFinder`.
/// The booking flow calls the same function to check that a requested start is really offered.
enum AvailabilityService {
    struct Query {
        var serviceID: UUID
        var staffID: UUID?
        var from: LocalDate
        var to: LocalDate
    }

    static let maxRangeDays = 92

    static func slots(_ query: Query, tenant: Tenant, now: Date, on db: any Database) async throws -> [Slot] {
        guard let request = try await request(for: query, tenant: tenant, now: now, on: db) else { return [] }
        return SlotFinder.slots(for: request)
    }

    /// Loads everything the engine needs for the query; `nil` when nobody performs the service.
    static func request(for query: Query, tenant: Tenant, now: Date, on db: any Database) async throws
        -> AvailabilityRequest?
    {
        let tenantID = try tenant.requireID()
        guard let service = try await Service.find(query.serviceID, on: db, tenant: tenantID), service.active else {
            throw APIError.notFound("No bookable service with that id.")
        }
        let staff = try await qualifiedStaff(for: service, staffID: query.staffID, on: db, tenant: tenantID)
        guard !staff.isEmpty else { return nil }
        let staffIDs = try staff.map { try $0.requireID() }
        let zone = tenant.timeZone

        // A window wide enough for any offset and buffer around the local dates asked for.
        let windowStart = LocalDateTime(date: query.from.adding(days: -1), time: WallTime(minutes: 0)!).instant(in: zone)
        let windowEnd = LocalDateTime(date: query.to.adding(days: 2), time: WallTime(minutes: 0)!).instant(in: zone)

        let hoursRows = try await WorkingHours.query(on: db, tenant: tenantID)
            .group(.or) { $0.filter(\.$staffID ~~ staffIDs).filter(\.$staffID == nil) }
            .all()
        let closures = try await Closure.query(on: db, tenant: tenantID)
            .filter(\.$endsAt > windowStart).filter(\.$startsAt < windowEnd)
            .group(.or) { $0.filter(\.$staffID ~~ staffIDs).filter(\.$staffID == nil) }
            .all()
        let busy = try await BusyTime.load(staffIDs: staffIDs, from: windowStart, to: windowEnd, on: db, tenant: tenantID)

        let hoursByStaff = Dictionary(grouping: hoursRows.filter { $0.staffID != nil }, by: { $0.staffID! })
        let openingRows = hoursRows.filter { $0.staffID == nil }
        let schedules = staff.map { member -> StaffSchedule in
            let id = member.id!
            return StaffSchedule(
                id: id,
                hours: (hoursByStaff[id] ?? []).weeklyHours(),
                closures: closures.filter { $0.staffID == id }.map(\.span),
                busy: busy[id] ?? [])
        }
        return AvailabilityRequest(
            from: query.from, to: query.to, timeZone: zone, now: now,
            policy: service.policy(under: tenant.policy), service: service.timing, staff: schedules,
            openingHours: openingRows.isEmpty ? nil : openingRows.weeklyHours(),
            businessClosures: closures.filter { $0.staffID == nil }.map(\.span))
    }

    /// The active staff who perform the service: all of them, or the one asked for.
    static func qualifiedStaff(for service: Service, staffID: UUID?, on db: any Database, tenant: UUID) async throws -> [Staff] {
        let candidates = try await CatalogQueries.activeStaff(performing: service.requireID(), on: db, tenant: tenant)
        guard let staffID else { return candidates }
        guard let chosen = candidates.first(where: { $0.id == staffID }) else {
            if try await Staff.find(staffID, on: db, tenant: tenant) == nil {
                throw APIError.notFound("No staff member with that id.")
            }
            throw APIError.unprocessable("staff does not perform this service (or is not taking bookings)")
        }
        return [chosen]
    }
}

/// The spans during which staff members are held by active bookings (buffers included).
enum BusyTime {
    private struct Row: Decodable {
        let staff_id: UUID
        let blocked_from: Date
        let blocked_until: Date
    }

    /// Reads only the three needed columns with SQLKit: this is the hot query of availability.
    static func load(staffIDs: [UUID], from: Date, to: Date, on db: any Database, tenant: UUID) async throws -> [UUID: [Span]] {
        guard let sql = db as? any SQLDatabase else { return [:] }
        let rows = try await sql.select()
            .columns("staff_id", "blocked_from", "blocked_until")
            .from(Booking.schema)
            .where("tenant_id", .equal, tenant)
            .where("staff_id", .in, staffIDs)
            .where("status", .in, BookingStatus.active.map(\.rawValue))
            .where("blocked_until", .greaterThan, from)
            .where("blocked_from", .lessThan, to)
            .all(decoding: Row.self)
        var result: [UUID: [Span]] = [:]
        for row in rows {
            if let span = Span(start: row.blocked_from, end: row.blocked_until) { result[row.staff_id, default: []].append(span) }
        }
        return result
    }
}
