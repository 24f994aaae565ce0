import Fluent
import Foundation
import SQLKit
import Scheduling

/// Answers "which start times can be booked?" for one service of one tenant: takes hours and closures
/// from the cached catalog snapshot, reads the staff's busy time (one indexed query), then asks the
/// pure `SlotFinder`.
/// The booking flow calls the same function to check that a requested start is really offered.
/// Bound to one tenant at one moment (a request's `TenantScope` makes it).
struct AvailabilityService: Sendable {
    struct Query {
        var serviceID: UUID
        var staffID: UUID?
        var from: LocalDate
        var to: LocalDate
        /// A booking whose own time does not count as busy (the one being rescheduled).
        var excludingBooking: UUID? = nil
        /// `false` leaves the staff's bookings unread, for a write that the database's overlap
        /// constraint guards anyway (`BookingService.create` with a named staff member): every other
        /// fact (hours, breaks, closures, notice, the grid) is still checked.
        var readsBusyTime = true
    }

    static let maxRangeDays = 92

    let tenant: TenantContext
    let now: Date
    let db: any Database
    let storage: any Storage
    let cache: CatalogCache
    let memo: SlotsMemo
    /// The busy time `offered` may show (never what a booking is checked against).
    let keptBusyTime: KeptBusyTime

    /// The same questions asked through another database handle (a write unit's).
    func on(_ db: any Database) -> AvailabilityService {
        AvailabilityService(
            tenant: tenant, now: now, db: db, storage: storage, cache: cache, memo: memo, keptBusyTime: keptBusyTime)
    }

    func slots(_ query: Query, adjust: (inout AvailabilityRequest) -> Void = { _ in }) async throws -> [Slot] {
        guard var request = try await request(for: query) else { return [] }
        adjust(&request)
        return SlotFinder.slots(for: request)
    }

    /// The slots to show (`GET /slots`, the day-and-time page): those of `slots(_:adjust:)`, but
    /// from the busy time kept for a second (`KeptBusyTime`) and through the server's `SlotsMemo`,
    /// so the engine runs again only when a fact has changed. `nil` when nobody performs the
    /// service. A query that sets aside a booking (a reschedule) reads afresh and is not memoised.
    func offered(_ query: Query) async throws -> OfferedSlots? {
        guard let request = try await request(for: query, showingOnly: true) else { return nil }
        if query.excludingBooking != nil { return FoundSlots(facts: request).offered(now: now) }
        let question = SlotsMemo.Question(
            tenant: tenant.id, service: query.serviceID, staff: query.staffID, from: query.from, to: query.to)
        return memo.found(for: question, request: request).offered(now: now)
    }

    /// Builds the engine's request for the query from the tenant's catalog snapshot and the staff's
    /// busy time (the one query per request); `nil` when nobody performs the service. `showingOnly`
    /// takes the busy time from `KeptBusyTime` when it covers the query: for times that are only
    /// shown, never for a booking.
    func request(for query: Query, showingOnly: Bool = false) async throws -> AvailabilityRequest? {
        let tenantID = tenant.id
        let catalog = try await cache.snapshot(for: tenant, now: now, on: db)
        guard let service = catalog.services[query.serviceID], service.active else {
            throw AvailabilityError.unknownService
        }
        var staffIDs = catalog.performers[query.serviceID] ?? []
        if let chosen = query.staffID {
            guard staffIDs.contains(chosen) else {
                guard catalog.allStaff.contains(chosen) else { throw AvailabilityError.unknownStaff }
                throw AvailabilityError.staffDoesNotPerform
            }
            staffIDs = [chosen]
        }
        guard !staffIDs.isEmpty else { return nil }
        let zone = tenant.timeZone

        // Only what can overlap a blocked span starting on those dates matters: from the buffer before
        // the first midnight to the appointment and buffer after the last, plus two hours either side
        // for a midnight moved by a DST change. (Reading the days around as well cost the database
        // three times the busy-time rows on a full day.)
        let midnight = WallTime(minutes: 0)!
        let timing = service.timing
        let margin = TimeInterval(2 * 3600)
        let windowStart = LocalDateTime(date: query.from, time: midnight).instant(in: zone)
            .addingTimeInterval(-TimeInterval(timing.bufferBeforeMinutes * 60) - margin)
        let windowEnd = LocalDateTime(date: query.to.adding(days: 1), time: midnight).instant(in: zone)
            .addingTimeInterval(TimeInterval((timing.durationMinutes + timing.bufferAfterMinutes) * 60) + margin)
        let closures = catalog.closures.filter { $0.span.end > windowStart && $0.span.start < windowEnd }
        let busy: [UUID: [Span]]
        if !query.readsBusyTime {
            busy = [:]
        } else if showingOnly, query.excludingBooking == nil, keptBusyTime.keeps,
            let kept = try await keptBusy(catalog: catalog).spans(staff: staffIDs, from: windowStart, to: windowEnd)
        {
            busy = kept
        } else {
            busy = try await storage.busyTime(db).spans(
                staff: staffIDs, from: windowStart, to: windowEnd, excluding: query.excludingBooking, tenant: tenantID)
        }

        let schedules = staffIDs.map { id in
            StaffSchedule(
                id: id, hours: catalog.hours.staff[id] ?? .closed,
                closures: closures.filter { $0.staffID == id }.map(\.span), busy: busy[id] ?? [])
        }
        return AvailabilityRequest(
            from: query.from, to: query.to, timeZone: zone, now: now, policy: service.policy(under: tenant.policy),
            service: service.timing, staff: schedules, openingHours: catalog.hours.opening,
            businessClosures: closures.filter { $0.staffID == nil }.map(\.span))
    }

    /// The tenant's kept busy time, or a read of every staff member's over every day a service of
    /// the catalog may be booked.
    private func keptBusy(catalog: CatalogSnapshot) async throws -> KeptBusyTime.Snapshot {
        let (tenant, now, busyTime) = (tenant, now, storage.busyTime(db))
        return try await keptBusyTime.snapshot(tenant: tenant.id) {
            let furthest = catalog.services.values.map { $0.policy(under: tenant.policy).maxAdvanceDays }.max() ?? 0
            let range = KeptBusyTime.range(now: now, maxAdvanceDays: max(furthest, tenant.maxAdvanceDays))
            let staff = catalog.allStaff
            let spans = try await busyTime.spans(
                staff: Array(staff), from: range.lowerBound, to: range.upperBound, excluding: nil, tenant: tenant.id)
            return KeptBusyTime.Snapshot(range: range, staff: staff, spans: spans)
        }
    }
}
