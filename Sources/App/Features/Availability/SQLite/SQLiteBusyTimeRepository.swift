import Fluent
import FluentSQLiteDriver
import Foundation
import Scheduling

/// SQLite: one grouped query whose rows are read directly, without `Codable`.
struct SQLiteBusyTimeRepository: BusyTimeRepository {
    let db: any Database

    func spans(staff staffIDs: [UUID], from: Date, to: Date, excluding: UUID?, tenant: UUID) async throws -> [UUID: [Span]] {
        guard !staffIDs.isEmpty else { return [:] }
        guard let sqlite = db as? any SQLiteDatabase else { throw UnsupportedDatabase() }
        return try await Self.loadSQLite(
            staffIDs: staffIDs, earliestStart: Self.earliestStart(before: from), from: from, to: to, excluding: excluding,
            on: sqlite,
            tenant: tenant)
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
                + [
                    .float(earliestStart.timeIntervalSince1970), .float(to.timeIntervalSince1970),
                    .float(from.timeIntervalSince1970),
                ]
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
