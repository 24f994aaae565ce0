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
        /// For ordering only.
        var sortKey: Date = .distantPast

        private enum CodingKeys: String, CodingKey { case when, what }
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
    /// The note form's one-time id (`FormOnce`).
    let noteFormID = FormOnce.newID()

    static let cancelMessageLimit = 500

    /// "Cancelled", "Status changed (status)", "Moved", "Note added".
    static func describe(_ change: AuditEvent) -> String {
        switch change.action {
        case "cancel": "Cancelled"
        case "status": "Status changed"
        case "reschedule": "Moved"
        case "notes": "Note added"
        case "update": "Changed (\(change.fields.replacingOccurrences(of: ",", with: ", ")))"
        case "create": "Booked"
        default: ActivityPage.describe(change)
        }
    }

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
        func event(_ at: Date, _ what: String) -> Event { Event(when: PageDates.short(at, zone: zone), what: what, sortKey: at) }
        if let created = booking.createdAt { history.append(event(created, "Booked")) }
        let messages = try await OutboxMessage.query(on: scope.db, tenant: tenant.id).filter(\.$bookingID == bookingID)
            .filter(\.$kind != .businessNotice).sort(\.$createdAt).all()
        for message in messages {
            let what = PortalWording.message(message.kind, message.channel)
            switch message.status {
            case .sent:
                history.append(
                    event(message.sentAt ?? message.updatedAt, "\(what) sent"))
            case .dead:
                history.append(event(message.updatedAt, "\(what) could not be sent"))
            case .pending, .sending:
                history.append(event(message.dueAt, "\(what) due"))
            case .cancelled: continue
            }
        }
        // Changes from the portal and the admin API, with who made them (the audit log).
        let changes = try await AuditEvent.query(on: scope.db, tenant: tenant.id).filter(\.$objectType == "booking")
            .filter(\.$objectID == bookingID).sort(\.$at).all()
        for change in changes {
            history.append(event(change.at, "\(Self.describe(change)) by \(change.actorLabel)"))
        }
        if changes.isEmpty, let updated = booking.updatedAt, let created = booking.createdAt,
            updated.timeIntervalSince(created) > 1
        {
            history.append(event(updated, "Last changed (now \(status.lowercased()))"))
        }
        history.sort { $0.sortKey < $1.sortKey }

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
