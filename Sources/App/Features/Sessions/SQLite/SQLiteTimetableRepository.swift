import Fluent
import FluentSQLiteDriver
import Foundation

/// SQLite: rows read value by value (UUIDs are stored as text, dates as seconds since 1970).
struct SQLiteTimetableRepository: TimetableRepository {
    let db: any Database

    func list(tenant: UUID, from: Date, before: Date, status: SessionStatus?, limit: Int?) async throws -> [SessionRow] {
        var binds: [SQLiteData] = [
            .text(tenant.uuidString), .float(from.timeIntervalSince1970), .float(before.timeIntervalSince1970),
        ]
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
        guard values.count == 12, let id = SQLiteValue.uuid(values[0]), let status = values[11].string.flatMap(SessionStatus.init)
        else { throw DecodingError.dataCorrupted(.init(codingPath: [], debugDescription: "unreadable sessions row")) }
        return SessionRow(
            id: id, title: values[1].string ?? "", description: values[2].string ?? "", instructorID: SQLiteValue.uuid(values[3]),
            location: values[4].string ?? "", startsAt: SQLiteValue.date(values[5]) ?? .distantPast,
            endsAt: SQLiteValue.date(values[6]) ?? .distantPast,
            capacity: values[7].integer ?? 0, booked: values[8].integer ?? 0, priceCents: values[9].integer ?? 0,
            currency: values[10].string ?? "", status: status)
    }

}
