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

    func roster(req: Request) async throws -> [RosterEntry] {
        try await entries(for: try await find(req), req: req)
    }

    func rosterCSV(req: Request) async throws -> Response {
        let session = try await find(req)
        var writer = CSVWriter()
        writer.row(["id", "status", "name", "email", "phone", "enrolled_at"])
        for entry in try await entries(for: session, req: req) {
            writer.row([
                entry.id.uuidString, entry.status.rawValue, entry.name, entry.email, entry.phone ?? "",
                entry.enrolledAt.map(ISOTimestamp.string(from:)) ?? "",
            ])
        }
        return writer.response(filename: "roster.csv")
    }

    private func entries(for session: ClassSession, req: Request) async throws -> [RosterEntry] {
        try await Enrollment.query(on: req.db, tenant: req.tenantID)
            .filter(\.$sessionID == session.requireID()).sort(\.$createdAt).all()
            .map { enrollment in
                RosterEntry(
                    id: try enrollment.requireID(), status: enrollment.status, name: enrollment.contactName,
                    email: enrollment.contactEmail, phone: enrollment.contactPhone, enrolledAt: enrollment.createdAt)
            }
    }

    private func find(_ req: Request) async throws -> ClassSession {
        guard let session = try await ClassSession.find(req.parameters.get("id", as: UUID.self), on: req.db, tenant: req.tenantID)
        else { throw APIError.notFound("No session with that id.") }
        return session
    }
}
