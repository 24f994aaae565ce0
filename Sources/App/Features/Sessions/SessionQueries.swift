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
        return (LocalDateTime(date: range!.from, time: midnight).instant(in: zone),
                LocalDateTime(date: range!.to.adding(days: 1), time: midnight).instant(in: zone))
    }

    /// Responses with waitlist counts, using one grouped query.
    static func responses(_ sessions: [ClassSession], on db: any Database, tenant: UUID) async throws -> [SessionResponse] {
        let ids = sessions.compactMap(\.id)
        var waitlist: [UUID: Int] = [:]
        if !ids.isEmpty {
            for row in try await Enrollment.query(on: db, tenant: tenant).filter(\.$sessionID ~~ ids)
                .filter(\.$status == .waitlisted).field(\.$sessionID).all()
            {
                waitlist[row.sessionID, default: 0] += 1
            }
        }
        return try sessions.map { try SessionResponse($0, waitlist: waitlist[$0.id!] ?? 0) }
    }
}
