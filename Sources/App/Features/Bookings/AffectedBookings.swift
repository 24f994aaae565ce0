import Fluent
import Foundation
import Scheduling
import Vapor

/// A booking that an owner's change leaves stranded (a closure over it, its staff member archived,
/// the time zone moved under it), listed in that change's answer so the owner can confirm, move or
/// cancel it (`PATCH /admin/bookings/ID` cancels and tells the client).
struct AffectedBooking: Content, Equatable {
    let id: UUID
    let status: BookingStatus
    let start: String
    /// The start in the tenant's wall time (after the change, for a time-zone change).
    let localStart: String
    let service: UUID
    let staff: UUID
    let clientName: String
}

enum AffectedBookings {
    /// Active bookings that have not started yet, filtered further by `narrow`, soonest first.
    static func upcoming(
        tenant: UUID, zone: TimeZone, now: Date, on db: any Database, _ narrow: (QueryBuilder<Booking>) -> Void = { _ in }
    ) async throws -> [AffectedBooking] {
        let query = Booking.query(on: db, tenant: tenant)
            .filter(\.$status ~~ BookingStatus.active).filter(\.$startsAt > now)
        narrow(query)
        return try await query.sort(\.$startsAt).limit(500).all().map { booking in
            let local = zone.wallClock(at: booking.startsAt)
            return AffectedBooking(
                id: try booking.requireID(), status: booking.status, start: ISOTimestamp.string(from: booking.startsAt),
                localStart: LocalDateTime(date: local.date, time: local.time).description, service: booking.serviceID,
                staff: booking.staffID, clientName: booking.contactName)
        }
    }

    /// Upcoming bookings that overlap a closure of `staff` (everyone when nil).
    static func overlapping(_ closure: Closure, zone: TimeZone, now: Date, on db: any Database) async throws -> [AffectedBooking] {
        try await upcoming(tenant: closure.tenantID, zone: zone, now: now, on: db) { query in
            query.filter(\.$startsAt < closure.endsAt).filter(\.$endsAt > closure.startsAt)
            if let staff = closure.staffID { query.filter(\.$staffID == staff) }
        }
    }

    /// Upcoming bookings with `staff`.
    static func with(staff: UUID, tenant: UUID, zone: TimeZone, now: Date, on db: any Database) async throws -> [AffectedBooking] {
        try await upcoming(tenant: tenant, zone: zone, now: now, on: db) { $0.filter(\.$staffID == staff) }
    }
}
