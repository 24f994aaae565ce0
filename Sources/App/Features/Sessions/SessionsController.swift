import Fluent
import Scheduling
import Vapor

/// Public sessions API: the timetable, enrolment, and the client's self-service with their token.
struct SessionsController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get(SiteURL.api(.sessions).pathComponents, use: list)
        routes.get(SiteURL.api(.session(.key)).pathComponents, use: show)
        routes.post(SiteURL.api(.sessionEnrollments(.key)).pathComponents, use: enroll)
        routes.get(SiteURL.api(.enrollment(.key)).pathComponents, use: showEnrollment)
        routes.post(SiteURL.api(.enrollmentCancel(.key)).pathComponents, use: cancelEnrollment)
    }

    /// `GET /api/v1/sessions?from=&to=` (local dates, inclusive; default the next 14 days): the
    /// `[SessionResponse]` JSON, kept for a second per range (`KeptSessionListings`).
    func list(req: Request) async throws -> Response {
        let scope = try req.scope
        let (tenant, timetable, db) = (scope.tenant, scope.timetable, scope.db)
        let range = try SessionQueries.dateRange(req, tenant: tenant, now: scope.now)
        let body = try await scope.services.keptSessionListings.body(tenant: tenant.id, range: range.start..<range.end) {
            let sessions = try await timetable.list(
                tenant: tenant.id, from: range.start, before: range.end, status: .scheduled, limit: nil)
            return try SessionQueries.json(try await SessionQueries.responses(sessions, on: db, tenant: tenant.id))
        }
        return JSONBody.response(body)
    }

    func show(req: Request) async throws -> SessionResponse {
        let tenantID = try req.tenantID
        guard let id = req.parameters.get("id", as: UUID.self),
            let session = try await req.scope.timetable.find(id, tenant: tenantID), session.status == .scheduled
        else { throw EnrollmentError.sessionNotFound }
        return try await SessionQueries.responses([session], on: try req.scope.db, tenant: tenantID)[0]
    }

    func enroll(req: Request) async throws -> Response {
        guard let sessionID = req.parameters.get("id", as: UUID.self) else { throw EnrollmentError.sessionNotFound }
        let command = try req.decodeBody(EnrollRequest.self).command(session: sessionID)
        switch try await req.scope.enrollments.enroll(command) {
        case .enrolled(let enrollment, let token):
            return try await EnrollmentResponse(
                id: enrollment.requireID(), session: sessionID, status: .enrolled, waitlistPosition: nil, manageToken: token
            ).encodeResponse(status: .created, for: req)
        case .waitlisted(let enrollment, let position, let token):
            return try await EnrollmentResponse(
                id: enrollment.requireID(), session: sessionID, status: .waitlisted, waitlistPosition: position,
                manageToken: token
            ).encodeResponse(status: .accepted, for: req)
        }
    }

    func showEnrollment(req: Request) async throws -> EnrollmentResponse {
        let service = try req.scope.enrollments
        let enrollment = try await service.findForClient(id: try enrollmentID(req), token: ManageToken.presented(in: req))
        return EnrollmentResponse(
            id: try enrollment.requireID(), session: enrollment.sessionID, status: enrollment.status,
            waitlistPosition: try await service.waitlistPosition(of: enrollment), manageToken: nil)
    }

    func cancelEnrollment(req: Request) async throws -> EnrollmentResponse {
        let enrollment = try await req.scope.enrollments.cancel(
            enrollmentID: try enrollmentID(req), token: ManageToken.presented(in: req))
        return EnrollmentResponse(
            id: try enrollment.requireID(), session: enrollment.sessionID, status: enrollment.status, waitlistPosition: nil,
            manageToken: nil)
    }

    private func enrollmentID(_ req: Request) throws -> UUID {
        guard let id = req.parameters.get("id", as: UUID.self) else {
            throw EnrollmentError.notFound
        }
        return id
    }
}
