import Fluent
import FluentSQLiteDriver
import Foundation

/// SQLite: rows read value by value (UUIDs are stored as text, dates as seconds since 1970).
struct SQLiteTimetableRepository: TimetableRepository {
    let db: any Database

    func list(tenant: UUID, from: Date, before: Date, status: SessionStatus?, limit: Int?) async throws -> [SessionRow] {
        var binds: [SQLiteData] = [.text(tenant.uuidString), .float(from.timeIntervalSince1970), .float(before.timeIntervalSince1970)]
        if let status { binds.append(.text(status.rawValue)) }
        binds.append(.integer(limit ?? Int(Int32.max)))
        return try await rows(
            """
            SELECT \(SessionRow.columnList) FROM sessions
            WHERE tenant_id = ? AND starts_at >= ? AND starts_at < ?\(status == nil ? "" : " AND status = ?")
            ORDER BY starts_at, id LIMIT ?
            """, binds)
    }

    func find(_ id: UUID, tenant: UUID) async throws -> SessionRow? {
        try await rows(
            "SELECT \(SessionRow.columnList) FROM sessions WHERE id = ? AND tenant_id = ?",
            [.text(id.uuidString), .text(tenant.uuidString)]
        ).first
    }

    private func rows(_ sql: String, _ binds: [SQLiteData]) async throws -> [SessionRow] {
        guard let sqlite = db as? any SQLiteDatabase else { throw UnsupportedDatabase() }
        return try await sqlite.query(sql, binds).map(Self.session)
    }

    /// One row of `SessionRow.columnList`, by position.
    private static func session(_ row: SQLiteRow) throws -> SessionRow {
        let values = row.columns.map(\.data)
        guard values.count == 12, let id = uuid(values[0]), let status = values[11].string.flatMap(SessionStatus.init)
        else { throw DecodingError.dataCorrupted(.init(codingPath: [], debugDescription: "unreadable sessions row")) }
        return SessionRow(
            id: id, title: values[1].string ?? "", description: values[2].string ?? "", instructorID: uuid(values[3]),
            location: values[4].string ?? "", startsAt: date(values[5]), endsAt: date(values[6]),
            capacity: values[7].integer ?? 0, booked: values[8].integer ?? 0, priceCents: values[9].integer ?? 0,
            currency: values[10].string ?? "", status: status)
    }

    private static func uuid(_ value: SQLiteData) -> UUID? {
        guard case .text(let text) = value else { return nil }
        return UUID(text: text)
    }

    private static func date(_ value: SQLiteData) -> Date {
        switch value {
        case .float(let seconds): Date(timeIntervalSince1970: seconds)
        case .integer(let seconds): Date(timeIntervalSince1970: TimeInterval(seconds))
        default: .distantPast
        }
    }
}
