import Fluent
import Foundation
import Scheduling

/// Creates, cancels and reschedules appointments. The slot check is the very code that serves
/// `GET /api/v1/slots` (`AvailabilityService`); the database constraint is the final guarantee.
/// Bound to one tenant at one moment (a request's `TenantScope` makes it).
struct BookingService: Sendable {
    let tenant: TenantContext
    let now: Date
    let db: any Database
    let storage: any Storage
    let availability: AvailabilityService
    let tokenKeys: ManageTokenKeyStore

    private var notifications: NotificationPlanner { NotificationPlanner(tenant: tenant, now: now) }
    private var bookings: any BookingRepository { storage.bookings(db) }

    /// How a booking is being made.
    struct Mode {
        /// The business booking a phone-in may ignore minimum notice and the advance window.
        var overrideNotice = false
        static let online = Mode()
        static let admin = Mode(overrideNotice: true)
    }

    struct Created {
        let booking: Booking
        let manageToken: String
    }

    func create(_ command: BookAppointment, mode: Mode) async throws -> Created {
        let start = command.start
        let tenantID = tenant.id
        let tokens = try await tokenKeys.manageToken(on: db)
        let query = slotQuery(service: command.service, staff: command.staff, around: start)
        // The repository runs the check and the write (see `BookingRepository`). On PostgreSQL two requests can
        // both pass the check; the exclusion constraint then refuses one insert, and that request
        // looks again (with "any staff", another free stylist may still take it).
        for attempt in 0..<3 {
            let bookingID = UUID()
            let token = tokens.issue(for: .booking(bookingID))
            // With a named staff member the first attempt does not read their bookings: the overlap
            // constraint (PostgreSQL) or trigger (SQLite) refuses an insert that would overlap one, on
            // exactly the spans the engine would have checked. A refusal sends the next attempt
            // through the full check, which finds the time taken. One statement per booking instead
            // of two (issue 25).
            var query = query
            query.readsBusyTime = command.staff == nil || attempt > 0
            do {
                let booking = try await bookings.create(now: now) { [tenant, availability, notifications, query] db in
                    guard var request = try await availability.on(db).request(for: query) else { return nil }
                    mode.adjust(&request)
                    guard let slot = SlotFinder.slots(for: request).first(where: { $0.start == start }),
                        let staffID = Self.chooseStaff(slot.staff, preferred: command.staff)
                    else { return nil }
                    let blocked = request.service.blocked(startingAt: start)
                    let booking = Booking(
                        tenantID: tenantID, serviceID: command.service, staffID: staffID,
                        clientID: UUID() /* set by the repository */,
                        startsAt: start,
                        endsAt: request.service.appointment(startingAt: start).end, blockedFrom: blocked.start,
                        blockedUntil: blocked.end, status: tenant.autoConfirm ? .confirmed : .pending,
                        notes: command.notes, manageTokenHash: token.hash, contact: command.client)
                    booking.id = bookingID
                    let subject = NotificationPlanner.Subject.booking(bookingID)
                    let messages =
                        notifications.announce(
                            .confirmation, about: subject, details: .init(pending: booking.status == .pending ? true : nil))
                        + notifications.reminders(for: subject, startingAt: start)
                    return NewBooking(booking: booking, messages: messages)
                }
                guard let booking else { break }
                AppMetrics.bookingCreated()
                return Created(booking: booking, manageToken: token.token)
            } catch let error as any DatabaseError where error.isConstraintFailure {
                continue
            }
        }
        throw try await unavailable(query, at: start, mode: mode)
    }

    /// Cancels with the client's token, honouring the tenant's cut-off.
    func cancel(id: UUID, token: String?) async throws -> Booking {
        let booking = try await findForClient(id: id, token: token)
        try checkChangeable(booking)
        return try await setStatus(booking, to: .cancelled, announcedToBusiness: true)
    }

    private func countCancellation(_ status: BookingStatus) {
        if status == .cancelled { AppMetrics.bookingCancelled() }
    }

    /// Moves a booking atomically (`BookingRepository.move`). With `.anyone`, the current staff member
    /// keeps it when free.
    func reschedule(_ command: RescheduleBooking) async throws -> Booking {
        let booking = try await findForClient(id: command.id, token: command.token)
        try checkChangeable(booking)
        return try await move(booking, to: command.start, staff: command.staff, mode: .online)
    }

    /// The business moves a booking: no cancellation cut-off, minimum notice overridden as for a
    /// phone-in, and the same engine and database guarantee as any booking. The client is told.
    func rescheduleByBusiness(_ booking: Booking, to start: Date, staff: StaffChoice = .same) async throws -> Booking {
        guard BookingStatus.active.contains(booking.status) else { throw BookingError.notActive(booking.status) }
        return try await move(booking, to: start, staff: staff, mode: .admin)
    }

    private func move(_ booking: Booking, to start: Date, staff: StaffChoice, mode: Mode) async throws -> Booking {
        let wanted: UUID? =
            switch staff {
            case .same: booking.staffID
            case .anyone: nil
            case .member(let id): id
            }
        // Moving to the time and person it already has changes nothing, so it tells nobody anything.
        if start == booking.startsAt && (wanted == nil || wanted == booking.staffID) { return booking }
        let bookingID = try booking.requireID()
        var query = slotQuery(service: booking.serviceID, staff: wanted, around: start)
        query.excludingBooking = bookingID
        let tenantID = tenant.id
        do {
            return try await bookings.move(
                bookingID, tenant: tenantID, now: now,
                check: { [availability, query] db in
                    guard let service = try await Service.find(booking.serviceID, on: db, tenant: tenantID),
                        let slot = try await availability.on(db).slots(query, adjust: mode.adjust).first(where: {
                            $0.start == start
                        }),
                        let staffID = slot.staff.contains(booking.staffID) ? booking.staffID : slot.staff.first
                    else { throw BookingError.slotTaken(alternatives: []) }
                    let blocked = service.timing.blocked(startingAt: start)
                    return BookingMove(
                        staffID: staffID, startsAt: start, endsAt: service.timing.appointment(startingAt: start).end,
                        blockedFrom: blocked.start, blockedUntil: blocked.end)
                },
                announce: { [notifications] previousStart in
                    let subject = NotificationPlanner.Subject.booking(bookingID)
                    return notifications.announce(.reschedule, about: subject, details: .init(previousStart: previousStart))
                        + notifications.reminders(for: subject, startingAt: start)
                })
        } catch let error as any DatabaseError where error.isConstraintFailure {
            throw try await unavailable(query, at: start, mode: mode)
        } catch BookingError.slotTaken {
            throw try await unavailable(query, at: start, mode: mode)
        }
    }

    /// The business moves a booking along its lifecycle. `message` (a cancellation only) is the
    /// business's own words to the client, quoted in the cancellation email.
    func changeStatus(_ booking: Booking, to status: BookingStatus, message: String? = nil) async throws -> Booking {
        let allowed: [BookingStatus: Set<BookingStatus>] = [
            .pending: [.confirmed, .cancelled],
            .confirmed: [.completed, .cancelled, .noShow],
        ]
        guard booking.status == status || allowed[booking.status, default: []].contains(status) else {
            throw BookingError.invalidTransition(from: booking.status, to: status)
        }
        guard booking.status != status else { return booking }
        if [.completed, .noShow].contains(status) && now < booking.startsAt {
            let local = tenant.timeZone.wallClock(at: booking.startsAt)
            throw BookingError.notStartedYet(status, start: LocalDateTime(date: local.date, time: local.time))
        }
        return try await setStatus(booking, to: status, announcedToBusiness: false, message: message)
    }

    /// Changes the status and queues what the change announces: the client hears of an approval or
    /// a cancellation.
    private func setStatus(_ booking: Booking, to status: BookingStatus, announcedToBusiness: Bool, message: String? = nil)
        async throws -> Booking
    {
        let bookingID = try booking.requireID()
        let messages: [OutboxEntry] =
            switch status {
            case .confirmed: notifications.announce(.confirmation, about: .booking(bookingID), notifyBusiness: false)
            case .cancelled:
                notifications.announce(
                    .cancellation, about: .booking(bookingID), details: .init(message: message?.nonEmpty),
                    notifyBusiness: announcedToBusiness)
            case .pending, .completed, .noShow: []
            }
        try await bookings.setStatus(booking, to: status, messages: messages, now: now)
        countCancellation(status)
        return booking
    }

    func findForClient(id: UUID, token: String?) async throws -> Booking {
        guard let booking = try await bookings.find(id, tenant: tenant.id),
            ManageToken.matches(token, storedHash: booking.manageTokenHash)
        else { throw BookingError.notFound }
        return booking
    }

    private func checkChangeable(_ booking: Booking) throws {
        guard BookingStatus.active.contains(booking.status) else { throw BookingError.notActive(booking.status) }
        let cutoff = booking.startsAt.addingTimeInterval(TimeInterval(-tenant.cancellationCutoffHours * 3600))
        if now > cutoff { throw BookingError.pastCancellationCutoff(hours: tenant.cancellationCutoffHours) }
    }

    // MARK: - Availability

    private func slotQuery(service: UUID, staff: UUID?, around start: Date) -> AvailabilityService.Query {
        let day = tenant.timeZone.wallClock(at: start).date
        return AvailabilityService.Query(serviceID: service, staffID: staff, from: day, to: day)
    }

    /// 409 with alternatives when the time would be offered but for other bookings; 422 otherwise.
    private func unavailable(_ query: AvailabilityService.Query, at start: Date, mode: Mode) async throws -> BookingError {
        guard
            var request = try await availability.request(for: query)
        else { return .notOffered }
        mode.adjust(&request)
        for index in request.staff.indices { request.staff[index].busy = [] }
        let wouldBeFree = SlotFinder.slots(for: request).contains { $0.start == start }
        guard wouldBeFree else { return .notOffered }
        return .slotTaken(alternatives: try await alternatives(query, near: start, mode: mode))
    }

    /// Up to three free starts nearest to `start`, within a few days either side, in time order.
    private func alternatives(_ query: AvailabilityService.Query, near start: Date, mode: Mode) async throws -> [Slot] {
        var wide = query
        wide.from = query.from.adding(days: -3)
        wide.to = query.to.adding(days: 7)
        let slots = try await availability.slots(wide, adjust: mode.adjust)
        return slots.sorted { abs($0.start.timeIntervalSince(start)) < abs($1.start.timeIntervalSince(start)) }
            .prefix(3).sorted { $0.start < $1.start }
    }

    private static func chooseStaff(_ candidates: [UUID], preferred: UUID?) -> UUID? {
        if let preferred { return candidates.contains(preferred) ? preferred : nil }
        return candidates.first
    }
}

extension BookingService.Mode {
    /// Applies the mode to an availability request (the admin may ignore notice and advance).
    func adjust(_ request: inout AvailabilityRequest) {
        guard overrideNotice else { return }
        request.policy.minNoticeMinutes = 0
        request.policy.maxAdvanceDays = BookingPolicy.maxAdvanceRange.upperBound
    }
}
