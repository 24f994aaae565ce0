import Fluent
import SQLKit
import Scheduling
import Vapor

/// The business's changes to its sessions: creating them (one-off or weekly, skipping closures),
/// capacity changes and cancellation. The last two touch seats, so they take the session's row lock
/// first (`EnrollmentService.lockSession`), like every writer of seats.
/// Bound to one tenant at one moment (a request's `TenantScope` makes it).
struct SessionService: Sendable {
    let tenant: TenantContext
    let now: Date
    let db: any Database
    let storage: any Storage

    private var notifications: NotificationPlanner { NotificationPlanner(tenant: tenant, now: now) }

    /// Creates one session, or one per matching weekday until `repeat.until`, skipping closures
    /// (at least one date must remain).
    func create(_ input: PlanSessions) async throws -> [ClassSession] {
        let tenantID = tenant.id
        try await requireInstructor(input.instructor)
        let closures = try await Closure.query(on: db, tenant: tenantID)
            .group(.or) { group in
                group.filter(\.$staffID == nil)
                if let instructor = input.instructor { group.filter(\.$staffID == instructor) }
            }
            .all().map(\.span)
        let plan = SessionPlanner.occurrences(
            first: input.first.date, time: input.first.time, durationMinutes: input.durationMinutes,
            weekdays: input.weekdays, until: input.until,
            timeZone: tenant.timeZone, closures: closures
        ).prefix(input.count ?? Int.max)
        guard !plan.isEmpty else {
            throw SessionError.everyDateClosed
        }
        let series = input.weekdays.isEmpty || input.until == nil ? nil : UUID()
        let sessions = plan.map { occurrence in
            ClassSession(
                tenantID: tenantID, title: input.title, description: input.description, instructorID: input.instructor,
                location: input.location, startsAt: occurrence.start, endsAt: occurrence.end, capacity: input.capacity,
                priceCents: input.priceCents, currency: input.currency, seriesID: series)
        }
        try await db.transaction { db in
            for session in sessions { try await session.create(on: db) }
        }
        return sessions
    }

    /// Changes the session and, when the capacity grew, gives the new seats to the waitlist in order
    /// before anyone new can take them, telling each promoted client.
    func update(_ sessionID: UUID, with input: ChangeSession) async throws -> ClassSession {
        let tenantID = tenant.id
        try await requireInstructor(input.instructor)
        return try await storage.write(on: db) { [now, notifications] db in
            guard let locked = try await EnrollmentService.lockSession(sessionID, tenant: tenantID, on: db),
                let session = try await ClassSession.find(sessionID, on: db, tenant: tenantID)
            else { throw SessionError.notFound }
            input.apply(to: session)
            guard session.capacity >= session.booked else { throw SessionError.capacityBelowBooked(booked: session.booked) }
            try await session.update(on: db)
            var messages: [OutboxEntry] = []
            for promoted in try await EnrollmentService.fillFreeSeats(locked, tenant: tenantID, now: now, on: db) {
                messages += notifications.promotion(of: promoted, startingAt: session.startsAt)
            }
            try await Outbox.enqueue(messages, tenant: tenantID, now: now, on: db)
            // Promotions changed the seat count behind the model's back.
            return try await ClassSession.find(sessionID, on: db, tenant: tenantID) ?? session
        }
    }

    /// Cancels the session and closes every enrolment and waitlist place in it, in one transaction:
    /// each client is told once ("session cancelled"), their reminders stop, and nobody can be
    /// promoted into it afterwards.
    func cancel(_ sessionID: UUID) async throws -> ClassSession {
        let tenantID = tenant.id
        return try await storage.write(on: db) { [now, notifications] db in
            guard try await EnrollmentService.lockSession(sessionID, tenant: tenantID, on: db) != nil,
                let session = try await ClassSession.find(sessionID, on: db, tenant: tenantID)
            else { throw SessionError.notFound }
            guard session.status != .cancelled else { throw SessionError.alreadyCancelled }
            session.status = .cancelled
            session.booked = 0
            try await session.update(on: db)
            let affected = try await Enrollment.query(on: db, tenant: tenantID)
                .filter(\.$sessionID == sessionID).filter(\.$status ~~ [.enrolled, .waitlisted]).all()
            var messages: [OutboxEntry] = []
            for enrollment in affected {
                let id = try enrollment.requireID()
                enrollment.status = .cancelled
                try await enrollment.update(on: db)
                try await Outbox.cancelReminders(enrollment: id, now: now, on: db)
                messages += notifications.announce(.sessionCancelled, about: .enrollment(id), notifyBusiness: false)
            }
            try await Outbox.enqueue(messages, tenant: tenantID, now: now, on: db)
            return session
        }
    }

    /// Cancels this session and every later one of its series that still runs, each as `cancel`
    /// does (its clients told once); returns how many were cancelled. A one-off is cancelled alone.
    func cancelSeries(from sessionID: UUID) async throws -> Int {
        guard let session = try await ClassSession.find(sessionID, on: db, tenant: tenant.id) else { throw SessionError.notFound }
        guard let series = session.seriesID else {
            _ = try await cancel(sessionID)
            return 1
        }
        let later = try await ClassSession.query(on: db, tenant: tenant.id).filter(\.$seriesID == series)
            .filter(\.$startsAt >= session.startsAt).filter(\.$status == .scheduled).sort(\.$startsAt).all()
        guard !later.isEmpty else { throw SessionError.alreadyCancelled }
        var cancelled = 0
        for each in later {
            do {
                _ = try await cancel(try each.requireID())
                cancelled += 1
            } catch SessionError.alreadyCancelled {
                continue  // cancelled meanwhile
            }
        }
        return cancelled
    }

    /// Marks who came to a class that has started: the enrolled clients in `attended` as attended,
    /// every other enrolled client as absent. Waitlisted and cancelled places are not marked.
    func markAttendance(_ sessionID: UUID, attended: Set<UUID>) async throws {
        guard let session = try await ClassSession.find(sessionID, on: db, tenant: tenant.id) else { throw SessionError.notFound }
        guard session.status == .scheduled else { throw SessionError.alreadyCancelled }
        guard session.startsAt <= now else { throw SessionError.notStartedYet }
        try await db.transaction { db in
            let enrolled = try await Enrollment.query(on: db, tenant: tenant.id).filter(\.$sessionID == sessionID)
                .filter(\.$status == .enrolled).all()
            for enrollment in enrolled {
                enrollment.attendance = attended.contains(try enrollment.requireID()) ? .attended : .absent
                try await enrollment.update(on: db)
            }
        }
    }

    private func requireInstructor(_ instructor: UUID?) async throws {
        guard let instructor else { return }
        guard try await Staff.find(instructor, on: db, tenant: tenant.id) != nil else { throw SessionError.unknownInstructor }
    }
}
