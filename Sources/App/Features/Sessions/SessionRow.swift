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

    init(
        id: UUID, title: String, description: String, instructorID: UUID?, location: String, startsAt: Date, endsAt: Date,
        capacity: Int, booked: Int, priceCents: Int, currency: String, status: SessionStatus
    ) {
        self.id = id
        self.title = title
        self.description = description
        self.instructorID = instructorID
        self.location = location
        self.startsAt = startsAt
        self.endsAt = endsAt
        self.capacity = capacity
        self.booked = booked
        self.priceCents = priceCents
        self.currency = currency
        self.status = status
    }

    /// The columns every timetable read selects, in this order (PostgreSQL decodes by position).
    static let columnList =
        "id, title, description, instructor_id, location, starts_at, ends_at, capacity, booked, price_cents, currency, status"
}

/// Reads sessions for showing them into `SessionRow`s, one query each, without `Codable`: SQLite
/// reads its rows' values directly, PostgreSQL decodes a prepared statement's binary rows by
/// position. (Through SQLKit's `Decodable` rows, decoding was 13 % of the class list's CPU.)
protocol TimetableRepository: Sendable {
    /// Sessions starting in `[from, before)`, soonest first; only `status` ones when given.
    func list(tenant: UUID, from: Date, before: Date, status: SessionStatus?, limit: Int?) async throws -> [SessionRow]
    /// One session of the tenant, in any status.
    func find(_ id: UUID, tenant: UUID) async throws -> SessionRow?
}

/// How many clients wait for a place in sessions.
enum SessionWaitlists {
    /// How many clients wait for a place in each of the sessions (absent: none), in one grouped query.
    static func counts(_ sessions: [UUID], tenant: UUID, on db: any Database) async throws -> [UUID: Int] {
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
