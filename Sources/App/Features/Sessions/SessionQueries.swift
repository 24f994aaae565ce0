import Fluent
import Scheduling
import Vapor

/// Queries shared by the public and admin sessions APIs.
enum SessionQueries {
    /// The `from`/`to` query (local dates, inclusive) as an absolute range; default the next 14 days.
    static func dateRange(_ req: Request, tenant: TenantContext, now: Date) throws -> (start: Date, end: Date) {
        var problems = FieldProblems()
        let zone = tenant.timeZone
        let range = DateRangeQuery.parse(
            QueryParameters(req), today: zone.wallClock(at: now).date, defaultDays: 14, maxDays: 366, into: &problems)
        try problems.throwIfAny()
        let midnight = WallTime(minutes: 0)!
        return (
            LocalDateTime(date: range!.from, time: midnight).instant(in: zone),
            LocalDateTime(date: range!.to.adding(days: 1), time: midnight).instant(in: zone)
        )
    }

    /// Responses with waitlist counts, using one grouped query.
    static func responses(_ sessions: [SessionRow], on db: any Database, tenant: UUID) async throws -> [SessionResponse] {
        let waitlist = try await SessionWaitlists.counts(sessions.map(\.id), tenant: tenant, on: db)
        return sessions.map { SessionResponse($0, waitlist: waitlist[$0.id] ?? 0) }
    }

    /// `responses` as the JSON body the API answers with, through the app's configured encoder (the
    /// same bytes as returning them as `Content`).
    static func json(_ responses: [SessionResponse]) throws -> ByteBuffer {
        var body = ByteBuffer()
        var headers = HTTPHeaders()
        try ContentConfiguration.global.requireEncoder(for: .json).encode(responses, to: &body, headers: &headers)
        return body
    }

    /// The same for sessions an admin write has just saved.
    static func responses(_ sessions: [ClassSession], on db: any Database, tenant: UUID) async throws -> [SessionResponse] {
        try await responses(sessions.map(SessionRow.init), on: db, tenant: tenant)
    }
}
