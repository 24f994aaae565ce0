import Fluent
import SQLKit
import Scheduling
import Vapor

/// Enrols clients in sessions and cancels enrolments. Seats are counted by one guarded statement
/// (`UPDATE sessions SET booked = booked + 1 WHERE ... booked < capacity`), so a session is never
/// oversold, however many requests arrive at once.
/// Bound to one tenant at one moment (a request's `TenantScope` makes it).
struct EnrollmentService: Sendable {
    let tenant: TenantContext
    let now: Date
    let db: any Database
    let storage: any Storage
    let tokenKeys: ManageTokenKeyStore

    private var notifications: NotificationPlanner { NotificationPlanner(tenant: tenant, now: now) }

    enum Outcome {
        case enrolled(Enrollment, token: String)
        case waitlisted(Enrollment, position: Int, token: String)
    }

    /// Enrols the client, or puts them on the waitlist when the session is full (and the tenant's
    /// waitlist is on). The same email may hold several places (a parent booking for two children):
    /// each is a real enrolment confirmed to that address, so the answer never tells a stranger
    /// whether someone with that email already attends.
    func enroll(_ command: Enroll) async throws -> Outcome {
        let tenantID = tenant.id
        let sessionID = command.session
        let enrollmentID = UUID()
        let token = try await tokenKeys.manageToken(on: db).issue(for: .enrollment(enrollmentID))
        let waitlistEnabled = tenant.waitlistEnabled
        let contact = command.client
        let policy = tenant.policy
        let outcome = try await storage.write(on: db) { [now, notifications, storage] db -> Outcome in
            guard let session = try await ClassSession.find(sessionID, on: db, tenant: tenantID) else {
                throw EnrollmentError.sessionNotFound
            }
            try Self.checkOpenForEnrollment(status: session.status, startsAt: session.startsAt, policy: policy, now: now)
            let clientID = try await storage.clients(db).upsert(contact, tenant: tenantID, now: now)
            let subject = NotificationPlanner.Subject.enrollment(enrollmentID)
            // A seat taken locks the session's row until commit; a full session locks nothing.
            var seated = try await Self.takeSeat(sessionID: sessionID, tenant: tenantID, on: db)
            if !seated {
                guard waitlistEnabled else { throw EnrollmentError.full }
                // Places in the queue are handed out under the session's row lock, one at a time, so
                // each is counted after every earlier one committed: positions are unique and read
                // back the same. A seat freed while this waited for the lock is taken instead.
                guard let locked = try await Self.lockSession(sessionID, tenant: tenantID, on: db) else {
                    throw EnrollmentError.sessionNotFound
                }
                guard locked.status == .scheduled else { throw EnrollmentError.sessionCancelled }
                seated = try await Self.takeSeat(sessionID: sessionID, tenant: tenantID, on: db)
            }
            let enrollment = Enrollment(
                tenantID: tenantID, sessionID: sessionID, clientID: clientID, status: seated ? .enrolled : .waitlisted,
                manageTokenHash: token.hash, contact: contact)
            enrollment.id = enrollmentID
            try await enrollment.create(on: db)
            if seated {
                try await Outbox.enqueue(
                    notifications.announce(.confirmation, about: subject)
                        + notifications.reminders(for: subject, startingAt: session.startsAt),
                    tenant: tenantID, now: now, on: db)
                return .enrolled(enrollment, token: token.token)
            }
            try await Outbox.enqueue(
                notifications.announce(.confirmation, about: subject, details: .init(waitlisted: true)),
                tenant: tenantID, now: now, on: db)
            // Counted the way `GET /enrollments/ID` counts, so the position told is the one read later.
            guard let position = try await Self.waitlistPosition(of: enrollment, tenant: tenantID, on: db) else {
                throw EnrollmentError.full
            }
            return .waitlisted(enrollment, position: position, token: token.token)
        }
        if case .waitlisted = outcome { AppMetrics.enrolled(waitlisted: true) } else { AppMetrics.enrolled(waitlisted: false) }
        return outcome
    }

    /// Refuses enrolment in a cancelled or started session, or outside the tenant's booking window
    /// (the same minimum notice and maximum advance that appointments follow).
    static func checkOpenForEnrollment(status: SessionStatus, startsAt: Date, policy: BookingPolicy, now: Date) throws {
        guard status == .scheduled else { throw EnrollmentError.sessionCancelled }
        guard startsAt > now else { throw EnrollmentError.sessionStarted }
        if startsAt < policy.earliestStart(now: now) {
            throw EnrollmentError.tooSoon(minNoticeMinutes: policy.minNoticeMinutes)
        }
        if startsAt > now.addingTimeInterval(TimeInterval(policy.maxAdvanceDays * 86_400)) {
            throw EnrollmentError.notOpenYet(maxAdvanceDays: policy.maxAdvanceDays)
        }
    }

    /// Cancels with the client's token. A freed seat goes to the first client on the waitlist in the
    /// same transaction.
    func cancel(enrollmentID: UUID, token: String?) async throws -> Enrollment {
        let tenantID = tenant.id
        let enrollment = try await findForClient(id: enrollmentID, token: token)
        guard enrollment.status != .cancelled else { throw EnrollmentError.alreadyCancelled }
        let cutoffHours = tenant.cancellationCutoffHours
        return try await storage.write(on: db) { [now, notifications] db in
            // The session row first, as every writer of a session's seats does (one lock order).
            guard let locked = try await Self.lockSession(enrollment.sessionID, tenant: tenantID, on: db) else {
                throw EnrollmentError.sessionNotFound
            }
            if now > locked.startsAt.addingTimeInterval(TimeInterval(-cutoffHours * 3600)) {
                throw EnrollmentError.pastCancellationCutoff(hours: cutoffHours)
            }
            guard let current = try await Enrollment.find(enrollmentID, on: db, tenant: tenantID), current.status != .cancelled
            else {
                throw EnrollmentError.alreadyCancelled
            }
            let heldSeat = current.status == .enrolled
            current.status = .cancelled
            try await current.update(on: db)
            try await Outbox.cancelReminders(enrollment: enrollmentID, now: now, on: db)
            var messages = notifications.announce(.cancellation, about: .enrollment(enrollmentID))
            if heldSeat {
                try await Self.releaseSeat(sessionID: current.sessionID, tenant: tenantID, on: db)
                for promoted in try await Self.fillFreeSeats(locked, tenant: tenantID, now: now, on: db) {
                    messages += notifications.promotion(of: promoted, startingAt: locked.startsAt)
                }
            }
            try await Outbox.enqueue(messages, tenant: tenantID, now: now, on: db)
            return current
        }
    }

    func findForClient(id: UUID, token: String?) async throws -> Enrollment {
        guard let enrollment = try await Enrollment.find(id, on: db, tenant: tenant.id),
            ManageToken.matches(token, storedHash: enrollment.manageTokenHash)
        else { throw EnrollmentError.notFound }
        return enrollment
    }

    /// 1 for the first in the queue. Found by order, not by comparing timestamps: a `Date` read back
    /// from the database may differ from itself by a rounding step.
    func waitlistPosition(of enrollment: Enrollment) async throws -> Int? {
        try await Self.waitlistPosition(of: enrollment, tenant: tenant.id, on: db)
    }

    static func waitlistPosition(of enrollment: Enrollment, tenant: UUID, on db: any Database) async throws -> Int? {
        guard enrollment.status == .waitlisted else { return nil }
        return try await waitlistPosition(of: try enrollment.requireID(), session: enrollment.sessionID, tenant: tenant, on: db)
    }

    /// The place's number in its session's queue (first come, first served), or nil when it is not
    /// waiting; the queue's ids are read with one query, without models.
    static func waitlistPosition(of id: UUID, session: UUID, tenant: UUID, on db: any Database) async throws -> Int? {
        guard let sql = db as? any SQLDatabase else { throw UnsupportedDatabase() }
        let queue = try await sql.select().column("id").from(Enrollment.schema)
            .where("tenant_id", .equal, tenant).where("session_id", .equal, session)
            .where("status", .equal, EnrollmentStatus.waitlisted.rawValue).orderBy("created_at").orderBy("id").all()
        return try queue.firstIndex { try $0.decode(column: "id", as: UUID.self) == id }.map { $0 + 1 }
    }

    /// Takes one seat if any is left: a single guarded UPDATE, atomic on both databases.
    static func takeSeat(sessionID: UUID, tenant: UUID, on db: any Database) async throws -> Bool {
        struct Row: Decodable { let booked: Int }
        guard let sql = db as? any SQLDatabase else { return false }
        let row = try await sql.raw(
            """
            UPDATE sessions SET booked = booked + 1
            WHERE id = \(bind: sessionID) AND tenant_id = \(bind: tenant) AND status = \(bind: SessionStatus.scheduled.rawValue)
              AND booked < capacity
            RETURNING booked
            """
        ).first(decoding: Row.self)
        return row != nil
    }

    /// A session's seat-relevant state, read while holding its row lock.
    struct LockedSession: Sendable {
        let id: UUID
        let status: SessionStatus
        let startsAt: Date
    }

    /// Locks the session's row for the rest of the transaction (a no-op UPDATE: PostgreSQL holds the
    /// row lock until commit, SQLite already holds the write lock) and returns its current state.
    /// Every writer of seats takes this lock first, so they queue instead of deadlocking.
    static func lockSession(_ sessionID: UUID, tenant: UUID, on db: any Database) async throws -> LockedSession? {
        struct Row: Decodable { let status: String, starts_at: Date }
        guard let sql = db as? any SQLDatabase else { return nil }
        guard
            let row = try await sql.raw(
                """
                UPDATE sessions SET booked = booked WHERE id = \(bind: sessionID) AND tenant_id = \(bind: tenant)
                RETURNING status, starts_at
                """
            ).first(decoding: Row.self)
        else { return nil }
        return LockedSession(id: sessionID, status: SessionStatus(rawValue: row.status) ?? .cancelled, startsAt: row.starts_at)
    }

    static func releaseSeat(sessionID: UUID, tenant: UUID, on db: any Database) async throws {
        guard let sql = db as? any SQLDatabase else { return }
        try await sql.raw(
            "UPDATE sessions SET booked = booked - 1 WHERE id = \(bind: sessionID) AND tenant_id = \(bind: tenant) AND booked > 0"
        ).run()
    }

    /// Gives every free seat to the waitlist, longest-waiting first, and returns the promoted
    /// enrolments. Nobody is promoted into a cancelled or started session. Call it inside a write
    /// transaction that holds the session's lock (`lockSession`).
    static func fillFreeSeats(_ session: LockedSession, tenant: UUID, now: Date, on db: any Database) async throws -> [UUID] {
        guard session.status == .scheduled, session.startsAt > now, let sql = db as? any SQLDatabase else { return [] }
        struct Row: Decodable { let id: UUID }
        var promoted: [UUID] = []
        while true {
            let waiting = try await Enrollment.query(on: db, tenant: tenant)
                .filter(\.$sessionID == session.id).filter(\.$status == .waitlisted).sort(\.$createdAt).sort(\.$id).first()
            guard let waiting, try await takeSeat(sessionID: session.id, tenant: tenant, on: db) else { return promoted }
            // Guarded, so a client is promoted once however the calls interleave.
            let row = try await sql.raw(
                """
                UPDATE enrollments SET status = \(bind: EnrollmentStatus.enrolled.rawValue)
                WHERE id = \(bind: waiting.requireID()) AND tenant_id = \(bind: tenant)
                  AND status = \(bind: EnrollmentStatus.waitlisted.rawValue)
                RETURNING id
                """
            ).first(decoding: Row.self)
            guard let row else {
                try await releaseSeat(sessionID: session.id, tenant: tenant, on: db)
                continue
            }
            promoted.append(row.id)
        }
    }
}
