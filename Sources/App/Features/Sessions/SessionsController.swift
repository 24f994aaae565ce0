import Fluent
import Scheduling
import Vapor

/// Public sessions API: the timetable, enrolment, and the client's self-service with their token.
struct SessionsController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let sessions = routes.grouped("sessions")
        sessions.get(use: list)
        sessions.get(":id", use: show)
        sessions.post(":id", "enrollments", use: enroll)
        let enrollments = routes.grouped("enrollments")
        enrollments.get(":id", use: showEnrollment)
        enrollments.post(":id", "cancel", use: cancelEnrollment)
    }

    /// `GET /api/v1/sessions?from=&to=` (local dates, inclusive; default the next 14 days).
    func list(req: Request) async throws -> [SessionResponse] {
        let tenant = try req.tenant
        let range = try SessionQueries.dateRange(req, tenant: tenant, now: req.clock.now())
        let sessions = try await ClassSession.query(on: req.db, tenant: tenant.id)
            .filter(\.$status == .scheduled).filter(\.$startsAt >= range.start).filter(\.$startsAt < range.end)
            .sort(\.$startsAt).all()
        return try await SessionQueries.responses(sessions, on: req.db, tenant: tenant.id)
    }

    func show(req: Request) async throws -> SessionResponse {
        let tenantID = try req.tenantID
        guard let session = try await ClassSession.find(req.parameters.get("id", as: UUID.self), on: req.db, tenant: tenantID),
            session.status == .scheduled
        else { throw APIError.notFound("No session with that id.") }
        return try await SessionQueries.responses([session], on: req.db, tenant: tenantID)[0]
    }

    func enroll(req: Request) async throws -> Response {
        guard let sessionID = req.parameters.get("id", as: UUID.self) else { throw APIError.notFound("No session with that id.") }
        let input = try req.decodeBody(EnrollRequest.self)
        let outcome = try await EnrollmentService.make(req).enroll(sessionID: sessionID, input)
        switch outcome {
        case .enrolled(let enrollment, _), .waitlisted(let enrollment, _, _):
            req.issuedManageToken = .enrollment(try enrollment.requireID())
        }
        switch outcome {
        case .enrolled(let enrollment, let token):
            return try await EnrollmentResponse(
                id: enrollment.requireID(), session: sessionID, status: .enrolled, waitlistPosition: nil, manageToken: token
            ).encodeResponse(status: .created, for: req)
        case .waitlisted(let enrollment, let position, let token):
            return try await EnrollmentResponse(
                id: enrollment.requireID(), session: sessionID, status: .waitlisted, waitlistPosition: position, manageToken: token
            ).encodeResponse(status: .accepted, for: req)
        }
    }

    func showEnrollment(req: Request) async throws -> EnrollmentResponse {
        let service = try await EnrollmentService.make(req)
        let enrollment = try await service.findForClient(id: try enrollmentID(req), token: ManageToken.presented(in: req))
        return EnrollmentResponse(
            id: try enrollment.requireID(), session: enrollment.sessionID, status: enrollment.status,
            waitlistPosition: try await service.waitlistPosition(of: enrollment), manageToken: nil)
    }

    func cancelEnrollment(req: Request) async throws -> EnrollmentResponse {
        let enrollment = try await EnrollmentService.make(req).cancel(enrollmentID: try enrollmentID(req), token: ManageToken.presented(in: req))
        return EnrollmentResponse(
            id: try enrollment.requireID(), session: enrollment.sessionID, status: enrollment.status, waitlistPosition: nil,
            manageToken: nil)
    }

    private func enrollmentID(_ req: Request) throws -> UUID {
        guard let id = req.parameters.get("id", as: UUID.self) else {
            throw APIError.notFound("No enrolment found for that id and token.")
        }
        return id
    }
}
