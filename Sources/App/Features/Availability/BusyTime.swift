import Fluent
import FluentSQLiteDriver
import Foundation
import SQLKit
import Scheduling

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
