import Fluent
import Foundation
import SQLKit

/// A session as pages and the public API show it: plain values read straight from its row, without
/// decoding a Fluent model (reflection over property wrappers cost the class list 39 % of its CPU).
struct SessionRow: Sendable {
    let id: UUID
    let title: String
    let description: String
    let instructorID: UUID?
    let location: String
    let startsAt: Date
    let endsAt: Date
    let capacity: Int
    let booked: Int
    let priceCents: Int
    let currency: String
    let status: SessionStatus

    /// Seats not yet taken.
    var placesLeft: Int { max(0, capacity - booked) }

    /// The same values from a model an admin write has just saved.
    init(_ session: ClassSession) throws {
        id = try session.requireID()
        title = session.title
        description = session.description
        instructorID = session.instructorID
        location = session.location
        startsAt = session.startsAt
        endsAt = session.endsAt
        capacity = session.capacity
        booked = session.booked
        priceCents = session.priceCents
        currency = session.currency
        status = session.status
    }

    fileprivate static let columns = [
        "id", "title", "description", "instructor_id", "location", "starts_at", "ends_at", "capacity", "booked",
        "price_cents", "currency", "status",
    ]

    fileprivate init(row: any SQLRow) throws {
        id = try row.decode(column: "id", as: UUID.self)
        title = try row.decode(column: "title", as: String.self)
        description = try row.decode(column: "description", as: String.self)
        instructorID = try row.decode(column: "instructor_id", as: UUID?.self)
        location = try row.decode(column: "location", as: String.self)
        startsAt = try row.decode(column: "starts_at", as: Date.self)
        endsAt = try row.decode(column: "ends_at", as: Date.self)
        capacity = try row.decode(column: "capacity", as: Int.self)
        booked = try row.decode(column: "booked", as: Int.self)
        priceCents = try row.decode(column: "price_cents", as: Int.self)
        currency = try row.decode(column: "currency", as: String.self)
        status = try row.decode(column: "status", as: SessionStatus.self)
    }
}

/// The read queries behind the timetable: one query each, rows read into `SessionRow`s.
enum SessionRows {
    /// Which sessions a list holds, by start: `after` excludes its instant (has not started),
    /// `from` includes it (a date range).
    enum Lower {
        case after(Date)
        case from(Date)
    }

    /// Sessions starting in the range, soonest first; only `status` ones when given.
    static func list(
        tenant: UUID, starting lower: Lower, before end: Date, status: SessionStatus?, limit: Int? = nil, on db: any Database
    ) async throws -> [SessionRow] {
        var query = try sql(db).select().columns(SessionRow.columns.map { SQLColumn($0) }).from(ClassSession.schema)
            .where("tenant_id", .equal, tenant)
        switch lower {
        case .after(let instant): query = query.where("starts_at", .greaterThan, instant)
        case .from(let instant): query = query.where("starts_at", .greaterThanOrEqual, instant)
        }
        query = query.where("starts_at", .lessThan, end)
        if let status { query = query.where("status", .equal, status.rawValue) }
        query = query.orderBy("starts_at").orderBy("id")
        if let limit { query = query.limit(limit) }
        return try await query.all().map(SessionRow.init(row:))
    }

    /// One session of the tenant, in any status.
    static func find(_ id: UUID, tenant: UUID, on db: any Database) async throws -> SessionRow? {
        try await sql(db).select().columns(SessionRow.columns.map { SQLColumn($0) }).from(ClassSession.schema)
            .where("id", .equal, id).where("tenant_id", .equal, tenant).first().map(SessionRow.init(row:))
    }

    /// How many clients wait for a place in each of the sessions (absent: none), in one grouped query.
    static func waitlistCounts(_ sessions: [UUID], tenant: UUID, on db: any Database) async throws -> [UUID: Int] {
        guard !sessions.isEmpty else { return [:] }
        let rows = try await sql(db).select().column("session_id").column(
            SQLFunction("COUNT", args: SQLLiteral.all), as: "waiting"
        )
        .from(Enrollment.schema)
        .where("tenant_id", .equal, tenant).where("session_id", .in, sessions)
        .where("status", .equal, EnrollmentStatus.waitlisted.rawValue)
        .groupBy("session_id").all()
        var counts: [UUID: Int] = [:]
        for row in rows {
            counts[try row.decode(column: "session_id", as: UUID.self)] = try row.decode(column: "waiting", as: Int.self)
        }
        return counts
    }

    private static func sql(_ db: any Database) throws -> any SQLDatabase {
        guard let sql = db as? any SQLDatabase else { throw UnsupportedDatabase() }
        return sql
    }
}
