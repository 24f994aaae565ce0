import Fluent
import Scheduling
import Vapor

/// Admin sessions API: create one-off or weekly sessions, edit, cancel, and the roster (JSON and CSV).
struct AdminSessionsController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get(SiteURL.api(.admin(.sessions)).pathComponents, use: list)
        routes.post(SiteURL.api(.admin(.sessions)).pathComponents, use: create)
        routes.patch(SiteURL.api(.admin(.session(.key))).pathComponents, use: update)
        routes.post(SiteURL.api(.admin(.sessionCancel(.key))).pathComponents, use: cancel)
        routes.post(SiteURL.api(.admin(.sessionCancelSeries(.key))).pathComponents, use: cancelSeries)
        routes.put(SiteURL.api(.admin(.sessionAttendance(.key))).pathComponents, use: attendance)
        routes.get(SiteURL.api(.admin(.sessionEnrollments(.key))).pathComponents, use: roster)
        routes.get(SiteURL.api(.admin(.sessionEnrollmentsCSV(.key))).pathComponents, use: rosterCSV)
    }

    func list(req: Request) async throws -> [SessionResponse] {
        let tenant = try req.tenant
        let range = try SessionQueries.dateRange(req, tenant: tenant, now: req.scope.now)
        let sessions = try await req.scope.timetable.list(
            tenant: tenant.id, from: range.start, before: range.end, status: nil, limit: nil)
        return try await SessionQueries.responses(sessions, on: req.db, tenant: tenant.id)
    }

    /// Creates one session, or one per matching weekday until `repeat.until`, skipping closures.
    func create(req: Request) async throws -> Response {
        let sessions = try await req.scope.sessions.create(
            try req.decodeBody(CreateSessionsRequest.self).command(zone: try req.tenant.timeZone, now: try req.scope.now))
        return try await sessions.map { SessionResponse(try SessionRow($0), waitlist: 0) }.encodeResponse(
            status: .created, for: req)
    }

    func update(req: Request) async throws -> SessionResponse {
        let sessionID = try await find(req).requireID()
        let session = try await req.scope.sessions.update(
            sessionID, with: try req.decodeBody(UpdateSessionRequest.self).command())
        return try await SessionQueries.responses([session], on: req.db, tenant: try req.tenantID)[0]
    }

    /// Cancels the session, closing every enrolment and waitlist place in it (clients told once).
    func cancel(req: Request) async throws -> SessionResponse {
        let session = try await req.scope.sessions.cancel(try await find(req).requireID())
        return try await SessionQueries.responses([session], on: req.db, tenant: try req.tenantID)[0]
    }

    /// What cancelling a series did.
    struct SeriesCancelled: Content {
        let cancelled: Int
    }

    /// Cancels the session and every later one of its weekly series still running (clients told).
    func cancelSeries(req: Request) async throws -> SeriesCancelled {
        SeriesCancelled(cancelled: try await req.scope.sessions.cancelSeries(from: try await find(req).requireID()))
    }

    /// `{"attended": [ids]}`: the enrolled clients who came; every other enrolled client is marked absent.
    struct AttendanceBody: Content {
        var attended: [UUID]
    }

    func attendance(req: Request) async throws -> [RosterEntry] {
        let session = try await find(req)
        let body = try req.decodeBody(AttendanceBody.self)
        guard body.attended.count <= 1000 else { throw APIError.unprocessable("attended must list at most 1000 ids") }
        try await req.scope.sessions.markAttendance(try session.requireID(), attended: Set(body.attended))
        return try await Self.entries(for: session, req: req)
    }

    func roster(req: Request) async throws -> [RosterEntry] {
        try await Self.entries(for: try await find(req), req: req)
    }

    func rosterCSV(req: Request) async throws -> Response {
        try await Self.rosterCSV(try await find(req), req: req)
    }

    /// The roster as CSV (also the portal's download).
    static func rosterCSV(_ session: ClassSession, req: Request) async throws -> Response {
        var writer = CSVWriter()
        writer.row(["id", "status", "name", "email", "phone", "enrolled_at", "attendance"])
        for entry in try await Self.entries(for: session, req: req) {
            writer.row([
                entry.id.uuidString, entry.status.rawValue, entry.name, entry.email, entry.phone ?? "",
                entry.enrolledAt.map(ISOTimestamp.string(from:)) ?? "", entry.attendance?.rawValue ?? "",
            ])
        }
        return writer.response(filename: "roster.csv")
    }

    private static func entries(for session: ClassSession, req: Request) async throws -> [RosterEntry] {
        try await Enrollment.query(on: req.db, tenant: req.tenantID)
            .filter(\.$sessionID == session.requireID()).sort(\.$createdAt).all()
            .map { enrollment in
                RosterEntry(
                    id: try enrollment.requireID(), status: enrollment.status, attendance: enrollment.attendance,
                    name: enrollment.contactName,
                    email: enrollment.contactEmail, phone: enrollment.contactPhone, enrolledAt: enrollment.createdAt)
            }
    }

    private func find(_ req: Request) async throws -> ClassSession {
        guard let session = try await ClassSession.find(req.parameters.get("id", as: UUID.self), on: req.db, tenant: req.tenantID)
        else { throw APIError.notFound("No session with that id.") }
        return session
    }
}
