import Fluent
import Scheduling
import Vapor

/// Admin sessions API: create one-off or weekly sessions, edit, cancel, and the roster (JSON and CSV).
struct AdminSessionsController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let sessions = routes.grouped("sessions")
        sessions.get(use: list)
        sessions.post(use: create)
        sessions.patch(":id", use: update)
        sessions.post(":id", "cancel", use: cancel)
        sessions.get(":id", "enrollments", use: roster)
        sessions.get(":id", "enrollments.csv", use: rosterCSV)
    }

    func list(req: Request) async throws -> [SessionResponse] {
        let tenant = try req.tenant
        let range = try SessionQueries.dateRange(req, tenant: tenant, now: req.clock.now())
        let sessions = try await ClassSession.query(on: req.db, tenant: tenant.id)
            .filter(\.$startsAt >= range.start).filter(\.$startsAt < range.end).sort(\.$startsAt).all()
        return try await SessionQueries.responses(sessions, on: req.db, tenant: tenant.id)
    }

    /// Creates one session, or one per matching weekday until `repeat.until`, skipping closures.
    func create(req: Request) async throws -> Response {
        let tenant = try req.tenant
        let tenantID = tenant.id
        let input = try req.decodeBody(CreateSessionsRequest.self)
        var problems = FieldProblems()
        problems.requireText(input.title, "title", max: 120)
        problems.requireText(input.description, "description", max: 2000, required: false, multiline: true)
        problems.requireText(input.location, "location", max: 200, required: false)
        problems.requireRange(input.durationMinutes, "durationMinutes", 5...720)
        problems.requireRange(input.capacity, "capacity", 1...1000)
        problems.requireRange(input.priceCents, "priceCents", 0...10_000_000)
        if let currency = input.currency, !Formats.isCurrency(currency) { problems.add("currency", "must be a 3-letter code such as GBP") }
        let first = LocalDateTime(iso: input.startsAt)
        if first == nil { problems.add("startsAt", "must be a local date and time like 2026-12-01T18:30") }
        if let first { PlanningWindow.check(first, "startsAt", zone: tenant.timeZone, now: req.clock.now(), into: &problems) }
        var weekdays: Set<Weekday> = []
        var until: LocalDate?
        if let repeatRule = input.repeat {
            for day in repeatRule.weekdays {
                if let weekday = Weekday(rawValue: day.lowercased()) { weekdays.insert(weekday) } else {
                    problems.add("repeat.weekdays", "contains '\(day.prefix(10))', not one of mon, tue, wed, thu, fri, sat, sun")
                }
            }
            if weekdays.isEmpty { problems.add("repeat.weekdays", "must name at least one weekday") }
            until = LocalDate(iso: repeatRule.until)
            if until == nil { problems.add("repeat.until", "must be a date like 2027-02-01") }
            if let until, let first {
                if until < first.date { problems.add("repeat.until", "must not be before startsAt") }
                if first.date.days(until: until) > 366 { problems.add("repeat.until", "must be within a year of startsAt") }
            }
        }
        try problems.throwIfAny()
        if let instructor = input.instructor {
            try await CatalogQueries.requireExisting(Staff.self, ids: [instructor], field: "instructor", on: req.db, tenant: tenantID)
        }
        let closures = try await Closure.query(on: req.db, tenant: tenantID)
            .group(.or) { group in
                group.filter(\.$staffID == nil)
                if let instructor = input.instructor { group.filter(\.$staffID == instructor) }
            }
            .all().map(\.span)
        let plan = SessionPlanner.occurrences(
            first: first!.date, time: first!.time, durationMinutes: input.durationMinutes, weekdays: weekdays, until: until,
            timeZone: tenant.timeZone, closures: closures)
        guard !plan.isEmpty else {
            throw APIError.unprocessable("No session was created: every date falls on a closure.")
        }
        let sessions = plan.map { occurrence in
            ClassSession(
                tenantID: tenantID, title: input.title.trimmingCharacters(in: .whitespacesAndNewlines),
                description: input.description ?? "", instructorID: input.instructor, location: input.location ?? "",
                startsAt: occurrence.start, endsAt: occurrence.end, capacity: input.capacity, priceCents: input.priceCents ?? 0,
                currency: input.currency ?? "GBP")
        }
        try await req.db.transaction { db in
            for session in sessions { try await session.create(on: db) }
        }
        return try await sessions.map { try SessionResponse($0, waitlist: 0) }.encodeResponse(status: .created, for: req)
    }

    func update(req: Request) async throws -> SessionResponse {
        let tenantID = try req.tenantID
        let sessionID = try await find(req).requireID()
        let input = try req.decodeBody(UpdateSessionRequest.self)
        var problems = FieldProblems()
        if input.title != nil { problems.requireText(input.title, "title", max: 120) }
        problems.requireText(input.description, "description", max: 2000, required: false, multiline: true)
        problems.requireText(input.location, "location", max: 200, required: false)
        problems.requireRange(input.capacity, "capacity", 1...1000)
        problems.requireRange(input.priceCents, "priceCents", 0...10_000_000)
        try problems.throwIfAny()
        if let instructor = input.instructor {
            try await CatalogQueries.requireExisting(Staff.self, ids: [instructor], field: "instructor", on: req.db, tenant: tenantID)
        }
        let session = try await SessionService.make(req).update(sessionID) { session in
            if let instructor = input.instructor { session.instructorID = instructor }
            if let title = input.title { session.title = title.trimmingCharacters(in: .whitespacesAndNewlines) }
            if let description = input.description { session.description = description }
            if let location = input.location { session.location = location }
            if let priceCents = input.priceCents { session.priceCents = priceCents }
            if let capacity = input.capacity { session.capacity = capacity }
        }
        return try await SessionQueries.responses([session], on: req.db, tenant: tenantID)[0]
    }

    /// Cancels the session, closing every enrolment and waitlist place in it (clients told once).
    func cancel(req: Request) async throws -> SessionResponse {
        let session = try await SessionService.make(req).cancel(try await find(req).requireID())
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
