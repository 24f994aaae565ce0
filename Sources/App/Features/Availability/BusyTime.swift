import Fluent
import FluentSQLiteDriver
import Foundation
import SQLKit
import Scheduling

/// The spans during which staff members are held by active bookings (buffers included).
///
/// This is the one query availability runs per request, over possibly thousands of bookings, so the
/// database concatenates each staff member's spans into one text value (`from:until,...` in whole
/// seconds; booked times are whole minutes) and a busy month arrives as one row per staff member
/// instead of thousands of decoded rows (measured: Codable row decoding was 7% of all CPU under load).
enum BusyTime {
    private struct Row: Decodable {
        let staff_id: UUID
        let spans: String
    }

    static func load(
        staffIDs: [UUID], from: Date, to: Date, excluding: UUID? = nil, on db: any Database, tenant: UUID
    ) async throws -> [UUID: [Span]] {
        guard !staffIDs.isEmpty else { return [:] }
        if let sqlite = db as? any SQLiteDatabase {
            return try await loadSQLite(staffIDs: staffIDs, from: from, to: to, excluding: excluding, on: sqlite, tenant: tenant)
        }
        guard let sql = db as? any SQLDatabase else { return [:] }
        let excludingClause: SQLQueryString = excluding.map { "AND id <> \(bind: $0)" } ?? ""
        let rows = try await sql.raw(
            """
            SELECT staff_id, string_agg(
                CAST(EXTRACT(EPOCH FROM blocked_from) AS bigint) || ':' || CAST(EXTRACT(EPOCH FROM blocked_until) AS bigint), ','
            ) AS spans
            FROM bookings
            WHERE tenant_id = \(bind: tenant) AND staff_id IN (\(binds: staffIDs)) AND status IN ('pending', 'confirmed')
              AND blocked_until > \(bind: from) AND blocked_from < \(bind: to) \(excludingClause)
            GROUP BY staff_id
            """
        ).all(decoding: Row.self)
        var result: [UUID: [Span]] = [:]
        for row in rows { result[row.staff_id] = parse(row.spans) }
        return result
    }

    /// SQLite stores UUIDs as text (`uuidString`) and dates as seconds since 1970; rows are read
    /// directly, without `Codable`.
    private static func loadSQLite(
        staffIDs: [UUID], from: Date, to: Date, excluding: UUID?, on sqlite: any SQLiteDatabase, tenant: UUID
    ) async throws -> [UUID: [Span]] {
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
