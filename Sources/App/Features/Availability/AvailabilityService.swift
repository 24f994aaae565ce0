import Fluent
import Foundation
import FluentSQLiteDriver
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
        /// A booking whose own time does not count as busy (the one being rescheduled).
        var excludingBooking: UUID? = nil
    }

    static let maxRangeDays = 92

    static func slots(
        _ query: Query, tenant: Tenant, now: Date, on db: any Database, cache: CatalogCache,
        adjust: (inout AvailabilityRequest) -> Void = { _ in }
    ) async throws -> [Slot] {
        guard var request = try await request(for: query, tenant: tenant, now: now, on: db, cache: cache) else { return [] }
        adjust(&request)
        return SlotFinder.slots(for: request)
    }

    /// Builds the engine's request for the query from the tenant's catalog snapshot and the staff's
    /// busy time (the one query per request); `nil` when nobody performs the service.
    static func request(for query: Query, tenant: Tenant, now: Date, on db: any Database, cache: CatalogCache) async throws
        -> AvailabilityRequest?
    {
        let tenantID = try tenant.requireID()
        let catalog = try await cache.snapshot(for: tenant, now: now, on: db)
        guard let service = catalog.services[query.serviceID], service.active else {
            throw APIError.notFound("No bookable service with that id.")
        }
        var staffIDs = catalog.performers[query.serviceID] ?? []
        if let chosen = query.staffID {
            guard staffIDs.contains(chosen) else {
                guard catalog.allStaff.contains(chosen) else { throw APIError.notFound("No staff member with that id.") }
                throw APIError.unprocessable("staff does not perform this service (or is not taking bookings)")
            }
            staffIDs = [chosen]
        }
        guard !staffIDs.isEmpty else { return nil }
        let zone = tenant.timeZone

        // A window wide enough for any offset and buffer around the local dates asked for.
        let windowStart = LocalDateTime(date: query.from.adding(days: -1), time: WallTime(minutes: 0)!).instant(in: zone)
        let windowEnd = LocalDateTime(date: query.to.adding(days: 2), time: WallTime(minutes: 0)!).instant(in: zone)
        let closures = catalog.closures.filter { $0.span.end > windowStart && $0.span.start < windowEnd }
        let busy = try await BusyTime.load(
            staffIDs: staffIDs, from: windowStart, to: windowEnd, excluding: query.excludingBooking, on: db, tenant: tenantID)

        let schedules = staffIDs.map { id in
            StaffSchedule(
                id: id, hours: catalog.hours.staff[id] ?? .closed,
                closures: closures.filter { $0.staffID == id }.map(\.span), busy: busy[id] ?? [])
        }
        return AvailabilityRequest(
            from: query.from, to: query.to, timeZone: zone, now: now, policy: service.policy(under: tenant.policy),
            service: service.timing, staff: schedules, openingHours: catalog.hours.opening,
            businessClosures: closures.filter { $0.staffID == nil }.map(\.span))
    }
}

/// The spans during which staff members are held by active bookings (buffers included).
enum BusyTime {
    private struct Row: Decodable {
        let id: UUID
        let staff_id: UUID
        let blocked_from: Date
        let blocked_until: Date
    }

    /// Reads only the needed columns: this is the hot query of availability (thousands of rows for a
    /// busy month), so SQLite rows are read directly rather than through `Codable` (measured: 16 ms → see
    /// docs/benchmarks.md).
    static func load(
        staffIDs: [UUID], from: Date, to: Date, excluding: UUID? = nil, on db: any Database, tenant: UUID
    ) async throws -> [UUID: [Span]] {
        if let sqlite = db as? any SQLiteDatabase {
            return try await loadSQLite(staffIDs: staffIDs, from: from, to: to, excluding: excluding, on: sqlite, tenant: tenant)
        }
        guard !staffIDs.isEmpty, let sql = db as? any SQLDatabase else { return [:] }
        let rows = try await sql.select()
            .columns("id", "staff_id", "blocked_from", "blocked_until")
            .from(Booking.schema)
            .where("tenant_id", .equal, tenant)
            .where("staff_id", .in, staffIDs)
            .where("status", .in, BookingStatus.active.map(\.rawValue))
            .where("blocked_until", .greaterThan, from)
            .where("blocked_from", .lessThan, to)
            .all(decoding: Row.self)
        var result: [UUID: [Span]] = [:]
        for row in rows where row.id != excluding {
            if let span = Span(start: row.blocked_from, end: row.blocked_until) { result[row.staff_id, default: []].append(span) }
        }
        return result
    }
}

extension BusyTime {
    /// The SQLite fast path: SQLite concatenates each staff member's spans into one text value
    /// (`from:until,...` in whole seconds: booked times are whole minutes), so a busy month arrives as one row per staff member instead of
    /// thousands of row objects. Fluent stores UUIDs as text (`uuidString`) and dates as seconds since 1970.
    fileprivate static func loadSQLite(
        staffIDs: [UUID], from: Date, to: Date, excluding: UUID?, on sqlite: any SQLiteDatabase, tenant: UUID
    ) async throws -> [UUID: [Span]] {
        guard !staffIDs.isEmpty else { return [:] }
        let staffByText = Dictionary(uniqueKeysWithValues: staffIDs.map { ($0.uuidString, $0) })
        let placeholders = Array(repeating: "?", count: staffIDs.count).joined(separator: ", ")
        let rows = try await sqlite.query(
            """
            SELECT staff_id, group_concat(CAST(blocked_from AS INTEGER) || ':' || CAST(blocked_until AS INTEGER), ',') AS spans
            FROM bookings
            WHERE tenant_id = ? AND staff_id IN (\(placeholders)) AND status IN ('pending', 'confirmed')
              AND blocked_until > ? AND blocked_from < ?\(excluding == nil ? "" : " AND id <> ?")
            GROUP BY staff_id
            """,
            [.text(tenant.uuidString)] + staffIDs.map { .text($0.uuidString) }
                + [.float(from.timeIntervalSince1970), .float(to.timeIntervalSince1970)]
                + (excluding.map { [.text($0.uuidString)] } ?? []))
        var result: [UUID: [Span]] = [:]
        for row in rows {
            guard case .text(let staffText)? = row.column("staff_id"), let staff = staffByText[staffText],
                case .text(let spans)? = row.column("spans")
            else { continue }
            var list: [Span] = []
            for pair in spans.split(separator: ",") {
                guard let colon = pair.firstIndex(of: ":"), let start = Double(pair[..<colon]),
                    let end = Double(pair[pair.index(after: colon)...]),
                    let span = Span(start: Date(timeIntervalSince1970: start), end: Date(timeIntervalSince1970: end))
                else { continue }
                list.append(span)
            }
            result[staff] = list
        }
        return result
    }
}
