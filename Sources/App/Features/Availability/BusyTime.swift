import Fluent
import FluentPostgresDriver
import FluentSQLiteDriver
import Foundation
import Scheduling

/// The spans during which staff members are held by active bookings (buffers included).
///
/// This is the one query availability runs per request, over possibly thousands of bookings, so the
/// database aggregates each staff member's spans (whole seconds; booked times are whole minutes) and
/// a busy month arrives as one row per staff member instead of thousands of decoded rows (measured:
/// Codable row decoding was 7% of all CPU under load). PostgreSQL sends two bigint arrays; SQLite
/// one text value `from:until,...`.
///
/// A booking blocks at most `ServiceTiming.maxBlockedMinutes`, so `blocked_from` is bounded on both
/// sides and the index scan reads only the window's bookings, not every earlier one of the staff.
enum BusyTime {
    static func load(
        staffIDs: [UUID], from: Date, to: Date, excluding: UUID? = nil, on db: any Database, tenant: UUID
    ) async throws -> [UUID: [Span]] {
        guard !staffIDs.isEmpty else { return [:] }
        let earliestStart = from.addingTimeInterval(-TimeInterval(ServiceTiming.maxBlockedMinutes * 60))
        if let sqlite = db as? any SQLiteDatabase {
            return try await loadSQLite(staffIDs: staffIDs, earliestStart: earliestStart, from: from, to: to, excluding: excluding, on: sqlite, tenant: tenant)
        }
        let statement = PostgresBusySpans(
            tenant: tenant, staff: staffIDs, earliestStart: earliestStart, before: to, after: from,
            excluding: excluding ?? PostgresBusySpans.noBooking)
        guard let rows = try await db.preparedRows(statement) else { throw UnsupportedDatabase() }
        var result: [UUID: [Span]] = [:]
        for case let (staff, starts?, ends?) in rows {
            result[staff] = zip(starts, ends).compactMap { start, end in
                Span(start: Date(timeIntervalSince1970: TimeInterval(start)), end: Date(timeIntervalSince1970: TimeInterval(end)))
            }
        }
        return result
    }

    /// The PostgreSQL query, prepared (see `PreparedStatements`).
    private struct PostgresBusySpans: PostgresPreparedStatement {
        static let name = "nbne_busy_spans"
        /// Stands for "no booking to exclude" (no booking has the all-zero id).
        static let noBooking = UUID(uuid: (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0))
        /// One aggregate per staff member (a `LATERAL` subquery comparing the staff id with `=`), so
        /// even the generic plan PostgreSQL settles on for a prepared statement scans the btree index
        /// over (tenant, staff, blocked_from) tightly. (With `staff_id = ANY($2)` the generic plan chose
        /// the exclusion constraint's GiST index on the tenant alone: 15 ms instead of 0.1 ms.) Spans
        /// arrive as two bigint arrays in the same order, decoded in binary without any text parsing.
        static let sql = """
            SELECT s.staff_id, b.starts, b.ends
            FROM unnest($2::uuid[]) AS s(staff_id) CROSS JOIN LATERAL (
                SELECT array_agg(CAST(EXTRACT(EPOCH FROM blocked_from) AS bigint) ORDER BY blocked_from, blocked_until) AS starts,
                       array_agg(CAST(EXTRACT(EPOCH FROM blocked_until) AS bigint) ORDER BY blocked_from, blocked_until) AS ends
                FROM bookings
                WHERE tenant_id = $1 AND staff_id = s.staff_id AND status IN \(BookingStatus.activeSQLList)
                  AND blocked_from > $3 AND blocked_from < $4 AND blocked_until > $5 AND id <> $6
                  AND tstzrange(blocked_from, blocked_until, '[)') && tstzrange($5, $4, '[)')
            ) AS b
            """
        typealias Row = (UUID, [Int]?, [Int]?)

        let tenant: UUID
        let staff: [UUID]
        let earliestStart: Date
        let before: Date
        let after: Date
        let excluding: UUID

        func makeBindings() -> PostgresBindings {
            var bindings = PostgresBindings(capacity: 6)
            bindings.append(tenant)
            bindings.append(staff)
            bindings.append(earliestStart)
            bindings.append(before)
            bindings.append(after)
            bindings.append(excluding)
            return bindings
        }

        func decodeRow(_ row: PostgresRow) throws -> Row { try row.decode(Row.self) }
    }

    /// SQLite stores UUIDs as text (`uuidString`) and dates as seconds since 1970; rows are read
    /// directly, without `Codable`.
    private static func loadSQLite(
        staffIDs: [UUID], earliestStart: Date, from: Date, to: Date, excluding: UUID?, on sqlite: any SQLiteDatabase, tenant: UUID
    ) async throws -> [UUID: [Span]] {
        let staffByText = Dictionary(uniqueKeysWithValues: staffIDs.map { ($0.uuidString, $0) })
        let placeholders = Array(repeating: "?", count: staffIDs.count).joined(separator: ", ")
        let rows = try await sqlite.query(
            """
            SELECT staff_id, group_concat(CAST(blocked_from AS INTEGER) || ':' || CAST(blocked_until AS INTEGER), ',') AS spans
            FROM bookings
            WHERE tenant_id = ? AND staff_id IN (\(placeholders)) AND status IN \(BookingStatus.activeSQLList)
              AND blocked_from > ? AND blocked_from < ? AND blocked_until > ?\(excluding == nil ? "" : " AND id <> ?")
            GROUP BY staff_id
            """,
            [.text(tenant.uuidString)] + staffIDs.map { .text($0.uuidString) }
                + [.float(earliestStart.timeIntervalSince1970), .float(to.timeIntervalSince1970), .float(from.timeIntervalSince1970)]
                + (excluding.map { [.text($0.uuidString)] } ?? []))
        var result: [UUID: [Span]] = [:]
        for row in rows {
            guard case .text(let staffText)? = row.column("staff_id"), let staff = staffByText[staffText],
                case .text(let spans)? = row.column("spans")
            else { continue }
            result[staff] = parse(spans)
        }
        return result
    }

    /// Parses `from:until,from:until,...` (seconds since 1970).
    static func parse(_ text: String) -> [Span] {
        var spans: [Span] = []
        for pair in text.split(separator: ",") {
            guard let colon = pair.firstIndex(of: ":"), let start = Double(pair[..<colon]),
                let end = Double(pair[pair.index(after: colon)...]),
                let span = Span(start: Date(timeIntervalSince1970: start), end: Date(timeIntervalSince1970: end))
            else { continue }
            spans.append(span)
        }
        return spans
    }
}
