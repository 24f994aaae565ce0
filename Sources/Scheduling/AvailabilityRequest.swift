import Foundation

/// One staff member's inputs to the slot finder.
public struct StaffSchedule: Hashable, Sendable {
    public var id: UUID
    /// Weekly working hours in the tenant's wall time.
    public var hours: WeeklyHours
    /// The staff member's own time off, as absolute spans.
    public var closures: [Span]
    /// Blocked spans of their pending and confirmed bookings (buffers included), any order.
    public var busy: [Span]

    public init(id: UUID, hours: WeeklyHours, closures: [Span] = [], busy: [Span] = []) {
        self.id = id
        self.hours = hours
        self.closures = closures
        self.busy = busy
    }
}

/// Everything the slot finder needs: the question ("which starts between these dates?") and the
/// facts (hours, closures, bookings). It holds no I/O: the caller loads these and asks.
public struct AvailabilityRequest: Sendable {
    /// First and last local date, inclusive.
    public var from: LocalDate
    public var to: LocalDate
    public var timeZone: TimeZone
    /// The current instant, from the caller's clock.
    public var now: Date
    public var policy: BookingPolicy
    public var service: ServiceTiming
    /// The staff who perform the service and should be considered (one, for a chosen staff member).
    public var staff: [StaffSchedule]
    /// Business opening hours that bound everyone's working hours; `nil` means unbounded.
    public var openingHours: WeeklyHours?
    /// Business-wide closures, as absolute spans.
    public var businessClosures: [Span]

    public init(
        from: LocalDate, to: LocalDate, timeZone: TimeZone, now: Date, policy: BookingPolicy,
        service: ServiceTiming, staff: [StaffSchedule], openingHours: WeeklyHours? = nil,
        businessClosures: [Span] = []
    ) {
        self.from = from
        self.to = to
        self.timeZone = timeZone
        self.now = now
        self.policy = policy
        self.service = service
        self.staff = staff
        self.openingHours = openingHours
        self.businessClosures = businessClosures
    }
}

extension AvailabilityRequest {
    /// The first start the policy allows: `now` plus the minimum notice.
    public var earliestStart: Date { policy.earliestStart(now: now) }
    /// The last start the policy allows: `now` plus the maximum advance.
    public var latestStart: Date { now.addingTimeInterval(TimeInterval(policy.maxAdvanceDays * 86_400)) }

    /// Whether the two requests agree on everything but `now`: then they have the same slots
    /// before the notice and advance window is applied.
    public func hasSameFacts(as other: AvailabilityRequest) -> Bool {
        from == other.from && to == other.to && timeZone == other.timeZone && policy == other.policy
            && service == other.service && openingHours == other.openingHours
            && businessClosures == other.businessClosures && staff == other.staff
    }
}

/// A start time a client can book, with the staff who can take it.
public struct Slot: Hashable, Sendable {
    public let start: Date
    public let end: Date
    /// Staff able to take the whole service at this start, in request order.
    public let staff: [UUID]

    public init(start: Date, end: Date, staff: [UUID]) {
        self.start = start
        self.end = end
        self.staff = staff
    }
}
