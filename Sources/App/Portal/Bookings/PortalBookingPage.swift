import Fluent
import Foundation
import Scheduling

/// One booking as the business sees it: what, when, with whom, the client's contact details and
/// notes, what happened to it (booked, messages sent), and the actions its status allows.
struct PortalBookingPage: Encodable {
    struct Row: Encodable {
        let label: String
        let value: String
    }

    struct Event: Encodable {
        let when: String
        let what: String
    }

    struct Note: Encodable {
        let when: String
        let author: String
        let text: String
    }

    let site: SiteContext
    let portal: PortalChrome
    let heading: String
    let status: String
    let tone: String
    let rows: [Row]
    let clientName: String
    let clientEmail: String
    let clientPhone: String?
    let clientNotes: String?
    let history: [Event]
    let statusAction: String
    let cancelAction: String
    let canConfirm: Bool
    let canComplete: Bool
    let canCancel: Bool
    /// Why completing is not offered yet ("from 14:30 on Thursday").
    let completeFrom: String?
    let cancelMessage: String
    let cancelMessageError: String?
    let problem: String?
    let notice: String?
    let todayLink: String
    let rescheduleLink: String?
    let notes: [Note]?
    let noteAction: String
    let noteText: String
    let noteError: String?

    static let cancelMessageLimit = 500

    static func build(
        site: SiteContext, portal: PortalChrome, booking: Booking, scope: TenantScope, notice: String? = nil,
        problem: String? = nil, cancelMessage: String = "", cancelMessageError: String? = nil, noteText: String = "",
        noteError: String? = nil
    ) async throws -> PortalBookingPage {
        let tenant = scope.tenant
        let zone = tenant.timeZone
        let catalog = try await scope.catalogSnapshot()
        let bookingID = try booking.requireID()
        let service = catalog.services[booking.serviceID]
        let serviceName = service?.name ?? "Appointment"
        let staffName = catalog.staffNames[booking.staffID] ?? "Staff member"
        let (status, tone) = PortalWording.status(booking.status)
        var rows = [
            Row(label: "When", value: PageDates.span(booking.startsAt, booking.endsAt, zone: zone)),
            Row(label: "Service", value: serviceName),
            Row(label: "With", value: staffName),
        ]
        if let service, service.priceCents > 0 {
            rows.append(Row(label: "Price", value: Money.text(cents: service.priceCents, currency: service.currency)))
        }

        var history: [Event] = []
        if let created = booking.createdAt { history.append(Event(when: PageDates.short(created, zone: zone), what: "Booked")) }
        let messages = try await OutboxMessage.query(on: scope.db, tenant: tenant.id).filter(\.$bookingID == bookingID)
            .filter(\.$kind != .businessNotice).sort(\.$createdAt).all()
        for message in messages {
            let what = PortalWording.message(message.kind, message.channel)
            switch message.status {
            case .sent:
                history.append(
                    Event(when: PageDates.short(message.sentAt ?? message.updatedAt, zone: zone), what: "\(what) sent"))
            case .dead:
                history.append(Event(when: PageDates.short(message.updatedAt, zone: zone), what: "\(what) could not be sent"))
            case .pending, .sending:
                history.append(Event(when: PageDates.short(message.dueAt, zone: zone), what: "\(what) due"))
            case .cancelled: continue
            }
        }
        if let updated = booking.updatedAt, let created = booking.createdAt, updated.timeIntervalSince(created) > 1 {
            history.append(Event(when: PageDates.short(updated, zone: zone), what: "Last changed (now \(status.lowercased()))"))
        }

        let notes = try await BookingNote.query(on: scope.db, tenant: tenant.id).filter(\.$bookingID == bookingID)
            .sort(\.$createdAt).all().map {
                Note(when: PageDates.short($0.createdAt, zone: zone), author: $0.author, text: $0.text)
            }
        let started = scope.now >= booking.startsAt
        let base = site.base
        return PortalBookingPage(
            site: site, portal: portal, heading: "\(serviceName) with \(staffName)", status: status, tone: tone, rows: rows,
            clientName: booking.contactName, clientEmail: booking.contactEmail, clientPhone: booking.contactPhone,
            clientNotes: booking.notes.nonEmpty, history: history,
            statusAction: SiteURL.portal(.bookingStatus(.value(bookingID))).relative(base: base),
            cancelAction: SiteURL.portal(.bookingCancel(.value(bookingID))).relative(base: base),
            canConfirm: booking.status == .pending, canComplete: booking.status == .confirmed && started,
            canCancel: BookingStatus.active.contains(booking.status),
            completeFrom: booking.status == .confirmed && !started ? PageDates.dateTime(booking.startsAt, zone: zone) : nil,
            cancelMessage: cancelMessage, cancelMessageError: cancelMessageError, problem: problem, notice: notice,
            todayLink: SiteURL.portal(.today).relative(
                base: base, query: [("date", zone.wallClock(at: booking.startsAt).date.description)]),
            rescheduleLink: BookingStatus.active.contains(booking.status)
                ? SiteURL.portal(.bookingReschedule(.value(bookingID))).relative(base: base) : nil,
            notes: notes.nonEmpty, noteAction: SiteURL.portal(.bookingNotes(.value(bookingID))).relative(base: base),
            noteText: noteText, noteError: noteError)
    }
}
