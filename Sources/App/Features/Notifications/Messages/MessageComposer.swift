import Foundation
import Vapor

/// Turns an outbox row into the email or text message to send, or into a reason not to send it.
struct MessageComposer: Sendable {
    /// What to do with a claimed row.
    enum Composed: Sendable {
        case email(MailMessage)
        case sms(to: String, body: String)
        /// The message no longer applies (a reminder for a cancelled booking, SMS without consent).
        case skip(reason: String)
    }

    /// The values the email templates (`Resources/Views/emails/`) receive.
    struct EmailContext: Encodable {
        struct Brand: Encodable {
            let name: String
            let colour: String
            let logoURL: String?
        }
        struct Detail: Encodable {
            let label: String
            let value: String
            /// "label: value" for the plain-text template (Leaf reads a colon after a tag as a body).
            let line: String

            init(label: String, value: String) {
                self.label = label
                self.value = value
                line = "\(label): \(value)"
            }
        }
        struct Action: Encodable {
            let label: String
            let url: String
            let line: String

            init(label: String, url: String) {
                self.label = label
                self.url = url
                line = "\(label): \(url)"
            }
        }
        let subject: String
        let brand: Brand
        let heading: String
        let paragraphs: [String]
        let details: [Detail]
        let hasDetails: Bool
        let action: Action?
        let footer: String
    }

    /// Renders the templates (the application's view renderer: Leaf).
    let app: Application
    let tokens: ManageToken
    let publicBaseURL: String
    /// The envelope and `From:` address (`SMTP_FROM`).
    let senderAddress: String

    func compose(_ row: OutboxMessage, tenant: TenantContext, facts: SubjectFacts, now: Date) async throws -> Composed {
        let kind = row.kind
        let details = (try? JSONDecoder.iso8601.decode(OutboxDetails.self, from: Data(row.details.utf8))) ?? .none
        switch row.channel {
        case .email where !tenant.emailEnabled: return .skip(reason: "not sent: the business turned email notifications off")
        case .sms where !tenant.smsEnabled: return .skip(reason: "not sent: the business turned text messages off")
        default: break
        }
        if kind == .reminder {
            guard facts.isActive else { return .skip(reason: "no longer applies: the booking or place is not active") }
            guard facts.start > now else { return .skip(reason: "no longer applies: the start has passed") }
        }
        let wording = MessageWording(kind: kind, details: details, facts: facts, tenantName: tenant.name, zone: tenant.timeZone)
        let manageURL = facts.manageURL(base: publicBaseURL, tenantSlug: tenant.slug, tokens: tokens)
        switch row.channel {
        case .sms:
            guard let phone = facts.client.phone, facts.client.smsOptIn else {
                return .skip(reason: "not sent: the client gave no phone number or did not agree to text messages")
            }
            return .sms(to: phone, body: "\(tenant.name): \(wording.subject). Manage: \(manageURL)")
        case .email:
            return .email(
                try await email(
                    row, kind: kind, details: details, wording: wording, tenant: tenant, facts: facts, manageURL: manageURL,
                    now: now))
        }
    }

    private func email(
        _ row: OutboxMessage, kind: NotificationKind, details: OutboxDetails, wording: MessageWording, tenant: TenantContext,
        facts: SubjectFacts, manageURL: String, now: Date
    ) async throws -> MailMessage {
        let toBusiness = kind == .businessNotice
        let client = MailAddress(name: facts.client.name, email: facts.client.email)
        let business = MailAddress(name: tenant.name, email: tenant.contactEmail)
        var detailRows = [
            EmailContext.Detail(label: "When", value: MessageWording.when(facts.start, facts.end, zone: tenant.timeZone))
        ]
        detailRows.append(.init(label: facts.kind == .booking ? "Service" : "Session", value: facts.title))
        if let withWhom = facts.withWhom {
            detailRows.append(.init(label: facts.kind == .booking ? "With" : "Instructor", value: withWhom))
        }
        if let location = facts.location { detailRows.append(.init(label: "Where", value: location)) }
        if toBusiness {
            let contact = [facts.client.name, facts.client.email, facts.client.phone].compactMap { $0 }.joined(separator: ", ")
            detailRows.append(.init(label: "Client", value: contact))
        }
        let context = EmailContext(
            subject: wording.subject,
            brand: .init(name: tenant.name, colour: tenant.brandColour, logoURL: tenant.logoURL),
            heading: wording.heading, paragraphs: wording.paragraphs, details: detailRows, hasDetails: !detailRows.isEmpty,
            action: toBusiness
                ? nil
                : .init(
                    label: facts.kind == .booking ? "View or change your booking" : "View or cancel your place", url: manageURL),
            footer: toBusiness
                ? "Sent by NBNE Booking to \(tenant.contactEmail), the contact address of \(tenant.name)."
                : "You are receiving this because you booked with \(tenant.name). Questions? Reply to this email.")
        let html = try await app.view.render("emails/message-html", context)
        let text = try await app.view.render("emails/message-text", context)
        let domain = senderAddress.split(separator: "@").last.map(String.init) ?? "nbne-booking.local"
        return MailMessage(
            from: MailAddress(name: tenant.name, email: senderAddress),
            replyTo: toBusiness ? client : business,
            to: [toBusiness ? business : client],
            subject: wording.subject,
            messageID: "\(try row.requireID().uuidString.lowercased())@\(domain)",
            date: now,
            text: String(buffer: text.data),
            html: String(buffer: html.data),
            calendar: toBusiness
                ? nil
                : invite(kind: kind, details: details, facts: facts, tenant: tenant, manageURL: manageURL, row: row, now: now),
            kind: kind.rawValue)
    }

    /// The email with a client's my-bookings link (`MyBookingsLink`), sealed now from the address and
    /// expiry in the row; skipped once the link would already have expired.
    func myBookingsLink(_ row: OutboxMessage, tenant: TenantContext, now: Date) async throws -> Composed {
        let details = (try? JSONDecoder.iso8601.decode(OutboxDetails.self, from: Data(row.details.utf8))) ?? .none
        guard tenant.emailEnabled else { return .skip(reason: "not sent: the business turned email notifications off") }
        guard let email = details.email, let expires = details.linkExpiresAt else {
            return .skip(reason: "no address in the request")
        }
        guard expires > now else { return .skip(reason: "no longer applies: the link would already have expired") }
        guard try await MyBookingsRequests.hasBookings(email, tenant: tenant.id, on: app.db) else {
            return .skip(reason: "not sent: the address has no bookings or places with the business")
        }
        let token = try MyBookingsLink(manageTokens: tokens).token(tenant: tenant.id, email: email, expires: expires)
        let url = SiteURL.myBookingsList(.value(token)).absolute(publicBase: publicBaseURL, tenantSlug: tenant.slug)
        let minutes = max(1, Int(expires.timeIntervalSince(now) / 60))
        let context = EmailContext(
            subject: "Your bookings with \(tenant.name)",
            brand: .init(name: tenant.name, colour: tenant.brandColour, logoURL: tenant.logoURL),
            heading: "Your bookings",
            paragraphs: [
                "You asked for a link to your bookings with \(tenant.name). It works for the next \(minutes) minutes.",
                "If you did not ask for it, you can ignore this email.",
            ],
            details: [], hasDetails: false, action: .init(label: "See my bookings", url: url),
            footer: "Sent because someone asked for this address's bookings on the website of \(tenant.name).")
        let html = try await app.view.render("emails/message-html", context)
        let text = try await app.view.render("emails/message-text", context)
        let domain = senderAddress.split(separator: "@").last.map(String.init) ?? "nbne-booking.local"
        return .email(
            MailMessage(
                from: MailAddress(name: tenant.name, email: senderAddress),
                replyTo: MailAddress(name: tenant.name, email: tenant.contactEmail),
                to: [MailAddress(name: nil, email: email)], subject: context.subject,
                messageID: "\(try row.requireID().uuidString.lowercased())@\(domain)", date: now, text: String(buffer: text.data),
                html: String(buffer: html.data), calendar: nil, kind: NotificationKind.myBookingsLink.rawValue))
    }

    /// REQUEST when the client's calendar should hold the event, CANCEL when it should drop it.
    private func invite(
        kind: NotificationKind, details: OutboxDetails, facts: SubjectFacts, tenant: TenantContext, manageURL: String,
        row: OutboxMessage,
        now: Date
    ) -> MailMessage.CalendarPart? {
        let method: CalendarInvite.Method
        switch kind {
        case .confirmation where details.waitlisted == true: return nil
        case .confirmation, .reschedule, .waitlistPromotion: method = .request
        case .cancellation, .sessionCancelled: method = .cancel
        case .reminder, .businessNotice, .myBookingsLink: return nil
        }
        let invite = CalendarInvite(
            uid: facts.calendarUID, method: method, sequence: CalendarInvite.sequence(at: row.createdAt), stamp: now,
            start: facts.start, end: facts.end,
            summary: facts.withWhom.map { "\(facts.title) with \($0) – \(tenant.name)" } ?? "\(facts.title) – \(tenant.name)",
            location: facts.location, description: "Booked with \(tenant.name). View or change: \(manageURL)", url: manageURL,
            organizer: MailAddress(name: tenant.name, email: tenant.contactEmail),
            attendee: MailAddress(name: facts.client.name, email: facts.client.email))
        return .init(method: method.rawValue, content: invite.render())
    }
}

extension JSONDecoder {
    static let iso8601: JSONDecoder = {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        return decoder
    }()
}
