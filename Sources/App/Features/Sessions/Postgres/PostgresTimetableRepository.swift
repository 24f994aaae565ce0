import Fluent
import FluentPostgresDriver
import Foundation

/// PostgreSQL: two prepared statements whose binary rows are decoded by position.
struct PostgresTimetableRepository: TimetableRepository {
    let db: any Database

    func list(tenant: UUID, from: Date, before: Date, status: SessionStatus?, limit: Int?) async throws -> [SessionRow] {
        try await db.preparedRows(
            TimetableList(tenant: tenant, from: from, before: before, status: status?.rawValue, limit: limit ?? Int(Int32.max))
        ).map(TimetableRow.session)
    }

    func find(_ id: UUID, tenant: UUID) async throws -> SessionRow? {
        try await db.preparedRows(TimetableSession(id: id, tenant: tenant)).first.map(TimetableRow.session)
    }
}

/// One row of `SessionRow.columnList`.
private enum TimetableRow {
    typealias Values = (UUID, String, String, UUID?, String, Date, Date, Int, Int, Int, String, String)

    static func session(_ values: Values) throws -> SessionRow {
        guard let status = SessionStatus(rawValue: values.11) else {
            throw DecodingError.dataCorrupted(.init(codingPath: [], debugDescription: "unknown session status \(values.11)"))
        }
        return SessionRow(
            id: values.0, title: values.1, description: values.2, instructorID: values.3, location: values.4,
            startsAt: values.5, endsAt: values.6, capacity: values.7, booked: values.8, priceCents: values.9,
            currency: values.10, status: status)
    }
}

/// Sessions starting in a range, optionally of one status (the btree index over tenant and start
/// serves it in the generic plan too).
private struct TimetableList: PostgresPreparedStatement {
    static let name = "nbne_timetable_list"
    static let sql = """
        SELECT \(SessionRow.columnList) FROM sessions
        WHERE tenant_id = $1 AND starts_at >= $2 AND starts_at < $3 AND ($4::text IS NULL OR status = $4)
        ORDER BY starts_at, id LIMIT $5
        """
    typealias Row = TimetableRow.Values

    let tenant: UUID
    let from: Date
    let before: Date
    let status: String?
    let limit: Int

    func makeBindings() -> PostgresBindings {
        var bindings = PostgresBindings(capacity: 5)
        bindings.append(tenant)
        bindings.append(from)
        bindings.append(before)
        if let status { bindings.append(status) } else { bindings.appendNull() }
        bindings.append(limit)
        return bindings
    }

    func decodeRow(_ row: PostgresRow) throws -> Row { try row.decode(Row.self) }
}

private struct TimetableSession: PostgresPreparedStatement {
    static let name = "nbne_timetable_session"
    static let sql = "SELECT \(SessionRow.columnList) FROM sessions WHERE id = $1 AND tenant_id = $2"
    typealias Row = TimetableRow.Values

    let id: UUID
    let tenant: UUID

    func makeBindings() -> PostgresBindings {
        var bindings = PostgresBindings(capacity: 2)
        bindings.append(id)
        bindings.append(tenant)
        return bindings
    }

    func decodeRow(_ row: PostgresRow) throws -> Row { try row.decode(Row.self) }
}
