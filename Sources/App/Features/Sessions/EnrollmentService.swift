import Fluent
import SQLKit
import Vapor

/// Enrols clients in sessions and cancels enrolments. Seats are counted by one guarded statement
/// (`UPDATE sessions SET booked = booked + 1 WHERE ... booked < capacity`), so a session is never
/// oversold, however many requests arrive at once.
struct EnrollmentService {
    let db: any Database
    let tenant: Tenant
    let now: Date
    let gate: WriteGate
    let tokens: ManageToken

    /// The service for one request.
    static func make(_ req: Request) async throws -> EnrollmentService {
        EnrollmentService(
            db: req.db, tenant: try req.tenant, now: req.clock.now(), gate: req.writeGate,
            tokens: try await req.application.manageTokens())
    }

    private var notifications: NotificationPlanner { NotificationPlanner(tenant: tenant, now: now) }

    enum Outcome {
        case enrolled(Enrollment, token: String)
        case waitlisted(Enrollment, position: Int, token: String)
    }

    func enroll(sessionID: UUID, _ input: EnrollRequest) async throws -> Outcome {
        var problems = FieldProblems()
        input.client.validate(into: &problems)
        if input.consent != true {
            problems.add("consent", "must be true: the client must agree to their details being stored for this booking")
        }
        try problems.throwIfAny()
        let tenantID = try tenant.requireID()
        let enrollmentID = UUID()
        let token = tokens.issue(for: .enrollment(enrollmentID))
        let waitlistEnabled = tenant.waitlistEnabled
        do {
            return try await db.writeTransaction(gate: gate) { [now, notifications] db in
                guard let session = try await ClassSession.find(sessionID, on: db, tenant: tenantID) else {
                    throw APIError.notFound("No session with that id.")
                }
                guard session.status == .scheduled else { throw APIError.conflict("This session has been cancelled.") }
                guard session.startsAt > now else { throw APIError.conflict("This session has already started.") }
                let clientID = try await CustomerUpsert.upsert(input.client, tenant: tenantID, now: now, on: db)
                let live = try await Enrollment.query(on: db, tenant: tenantID)
                    .filter(\.$sessionID == sessionID).filter(\.$clientID == clientID)
                    .filter(\.$status ~~ [.enrolled, .waitlisted]).first()
                if let live {
                    throw APIError.conflict(
                        live.status == .enrolled
                            ? "This client is already enrolled in this session."
                            : "This client is already on the waitlist for this session.")
                }
                let subject = NotificationPlanner.Subject.enrollment(enrollmentID)
                if try await Self.takeSeat(sessionID: sessionID, tenant: tenantID, on: db) {
                    let enrollment = Enrollment(
                        tenantID: tenantID, sessionID: sessionID, clientID: clientID, status: .enrolled, manageTokenHash: token.hash)
                    enrollment.id = enrollmentID
                    try await enrollment.create(on: db)
                    try await Outbox.enqueue(
                        notifications.announce(.confirmation, about: subject)
                            + notifications.reminders(for: subject, startingAt: session.startsAt),
                        tenant: tenantID, now: now, on: db)
                    return .enrolled(enrollment, token: token.token)
                }
                guard waitlistEnabled else {
                    throw APIError.conflict("This session is full.")
                }
                let enrollment = Enrollment(
                    tenantID: tenantID, sessionID: sessionID, clientID: clientID, status: .waitlisted, manageTokenHash: token.hash)
                enrollment.id = enrollmentID
                try await enrollment.create(on: db)
                try await Outbox.enqueue(
                    notifications.announce(.confirmation, about: subject, details: .init(waitlisted: true)),
                    tenant: tenantID, now: now, on: db)
                let position = try await Enrollment.query(on: db, tenant: tenantID)
                    .filter(\.$sessionID == sessionID).filter(\.$status == .waitlisted).count()
                return .waitlisted(enrollment, position: position, token: token.token)
            }
        } catch let error as any DatabaseError where error.isConstraintFailure {
            throw APIError.conflict("This client is already enrolled in this session.")
        }
    }

    /// Cancels with the client's token. A freed seat goes to the first client on the waitlist in the
    /// same transaction.
    func cancel(enrollmentID: UUID, token: String?) async throws -> Enrollment {
        let tenantID = try tenant.requireID()
        let enrollment = try await findForClient(id: enrollmentID, token: token)
        guard enrollment.status != .cancelled else { throw APIError.conflict("This enrolment is already cancelled.") }
        guard let session = try await ClassSession.find(enrollment.sessionID, on: db, tenant: tenantID) else {
            throw APIError.notFound("No session with that id.")
        }
        let cutoff = session.startsAt.addingTimeInterval(TimeInterval(-tenant.cancellationCutoffHours * 3600))
        if now > cutoff {
            throw APIError.conflict(
                "Enrolments can be cancelled online up to \(tenant.cancellationCutoffHours) hours before the start; please contact the business.")
        }
        return try await db.writeTransaction(gate: gate) { [now, notifications] db in
            guard let current = try await Enrollment.find(enrollmentID, on: db, tenant: tenantID), current.status != .cancelled else {
                throw APIError.conflict("This enrolment is already cancelled.")
            }
            let heldSeat = current.status == .enrolled
            current.status = .cancelled
            try await current.update(on: db)
            try await Outbox.cancelReminders(enrollment: enrollmentID, now: now, on: db)
            var messages = notifications.announce(.cancellation, about: .enrollment(enrollmentID))
            if heldSeat, let promoted = try await Self.passSeatOn(sessionID: current.sessionID, tenant: tenantID, on: db) {
                let subject = NotificationPlanner.Subject.enrollment(promoted)
                messages += notifications.announce(.waitlistPromotion, about: subject, notifyBusiness: false)
                messages += notifications.reminders(for: subject, startingAt: session.startsAt)
            }
            try await Outbox.enqueue(messages, tenant: tenantID, now: now, on: db)
            return current
        }
    }

    func findForClient(id: UUID, token: String?) async throws -> Enrollment {
        guard let enrollment = try await Enrollment.find(id, on: db, tenant: tenant.requireID()),
            ManageToken.matches(token, storedHash: enrollment.manageTokenHash)
        else { throw APIError.notFound("No enrolment found for that id and token.") }
        return enrollment
    }

    /// 1 for the first in the queue. Found by order, not by comparing timestamps: a `Date` read back
    /// from the database may differ from itself by a rounding step.
    func waitlistPosition(of enrollment: Enrollment) async throws -> Int? {
        guard enrollment.status == .waitlisted else { return nil }
        let queue = try await Enrollment.query(on: db, tenant: tenant.requireID())
            .filter(\.$sessionID == enrollment.sessionID).filter(\.$status == .waitlisted)
            .sort(\.$createdAt).sort(\.$id).field(\.$id).all()
        return queue.firstIndex { $0.id == enrollment.id }.map { $0 + 1 }
    }

    /// Takes one seat if any is left: a single guarded UPDATE, atomic on both databases.
    static func takeSeat(sessionID: UUID, tenant: UUID, on db: any Database) async throws -> Bool {
        struct Row: Decodable { let booked: Int }
        guard let sql = db as? any SQLDatabase else { return false }
        let row = try await sql.raw(
            """
            UPDATE sessions SET booked = booked + 1
            WHERE id = \(bind: sessionID) AND tenant_id = \(bind: tenant) AND status = 'scheduled' AND booked < capacity
            RETURNING booked
            """
        ).first(decoding: Row.self)
        return row != nil
    }

    /// Gives a freed seat to the longest-waiting client (returning their enrolment), or releases it
    /// when nobody waits.
    @discardableResult
    static func passSeatOn(sessionID: UUID, tenant: UUID, on db: any Database) async throws -> UUID? {
        guard let sql = db as? any SQLDatabase else { return nil }
        struct Row: Decodable { let id: UUID }
        let waiting = try await Enrollment.query(on: db, tenant: tenant)
            .filter(\.$sessionID == sessionID).filter(\.$status == .waitlisted).sort(\.$createdAt).limit(5).all()
        for candidate in waiting {
            // Guarded, so two cancellations never promote the same client.
            let promoted = try await sql.raw(
                """
                UPDATE enrollments SET status = 'enrolled'
                WHERE id = \(bind: candidate.requireID()) AND tenant_id = \(bind: tenant) AND status = 'waitlisted'
                RETURNING id
                """
            ).first(decoding: Row.self)
            if let promoted { return promoted.id }
        }
        try await sql.raw(
            "UPDATE sessions SET booked = booked - 1 WHERE id = \(bind: sessionID) AND tenant_id = \(bind: tenant) AND booked > 0"
        ).run()
        return nil
    }
}
