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
        /// "Google Calendar" and "Outlook" links beside the attached `.ics`.
        let calendarLinks: [Action]?
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
        let wording = MessageWording(kind: kind, details: details, facts: facts, tenant: tenant)
        let manageURL = facts.manageURL(base: publicBaseURL, tenantSlug: tenant.slug, tokens: tokens)
        switch row.channel {
        case .sms:
            guard let phone = facts.client.phone, facts.client.smsOptIn else {
                return .skip(reason: "not sent: the client gave no phone number or did not agree to text messages")
            }
            return .sms(
                to: phone, body: MessageWording.sms(tenantName: tenant.name, subject: wording.subject, manageURL: manageURL))
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
        let isBooking = facts.kind == .booking
        typealias Label = MessageWording.Label
        var detailRows = [
            EmailContext.Detail(label: Label.when, value: MessageWording.when(facts.start, facts.end, zone: tenant.timeZone)),
            EmailContext.Detail(label: Label.what(isBooking: isBooking), value: facts.title),
        ]
        if let withWhom = facts.withWhom { detailRows.append(.init(label: Label.who(isBooking: isBooking), value: withWhom)) }
        let place = tenant.place(venue: facts.location)
        if let place { detailRows.append(.init(label: Label.place, value: place)) }
        if let price = facts.price, !kind.isCancellation {
            detailRows.append(.init(label: Label.price, value: price))
            if !toBusiness { detailRows.append(.init(label: Label.payment, value: tenant.paymentWording)) }
        }
        if toBusiness {
            let contact = [facts.client.name, facts.client.email, facts.client.phone].compactMap { $0 }.joined(separator: ", ")
            detailRows.append(.init(label: Label.client, value: contact))
        }
        // After a cancellation the button books again; otherwise it opens the booking's own page.
        let bookAgain = (isBooking ? SiteURL.book : .sessions).absolute(publicBase: publicBaseURL, tenantSlug: tenant.slug)
        let calendar =
            toBusiness
            ? nil : invite(kind: kind, details: details, facts: facts, tenant: tenant, manageURL: manageURL, row: row, now: now)
        var links: [EmailContext.Action]?
        if calendar?.method == CalendarInvite.Method.request.rawValue {
            let event = CalendarLinks.Event(
                title: MessageWording.calendarSummary(title: facts.title, withWhom: facts.withWhom, tenantName: tenant.name),
                start: facts.start, end: facts.end, location: place,
                details: MessageWording.calendarDescription(tenantName: tenant.name, manageURL: manageURL))
            links = [
                .init(label: "Google Calendar", url: CalendarLinks.google(event)),
                .init(label: "Outlook", url: CalendarLinks.outlook(event)),
            ]
        }
        return try await mail(
            row, wording: wording, details: detailRows, actionURL: kind.isCancellation ? bookAgain : manageURL, tenant: tenant,
            replyTo: toBusiness ? client : business, to: toBusiness ? business : client, calendar: calendar,
            calendarLinks: links, now: now)
    }

    /// Lays the words out in the email templates (HTML and plain text) and addresses the message.
    private func mail(
        _ row: OutboxMessage, wording: MessageWording, details: [EmailContext.Detail], actionURL: String, tenant: TenantContext,
        replyTo: MailAddress, to: MailAddress, calendar: MailMessage.CalendarPart?, calendarLinks: [EmailContext.Action]? = nil,
        now: Date
    ) async throws -> MailMessage {
        let context = EmailContext(
            subject: wording.subject,
            brand: .init(
                name: tenant.name, colour: tenant.brandColour,
                logoURL: TenantLogos.isUploaded(tenant.logoURL)
                    ? SiteURL.logo(.value(tenant.logoURL!)).absolute(publicBase: publicBaseURL, tenantSlug: tenant.slug) : nil),
            heading: wording.heading, paragraphs: wording.paragraphs, details: details, hasDetails: !details.isEmpty,
            action: wording.action.map { EmailContext.Action(label: $0, url: actionURL) }, calendarLinks: calendarLinks,
            footer: wording.footer)
        let html = try await app.view.render("emails/message-html", context)
        let text = try await app.view.render("emails/message-text", context)
        let domain = senderAddress.split(separator: "@").last.map(String.init) ?? "nbne-booking.local"
        return MailMessage(
            from: MailAddress(name: tenant.name, email: senderAddress), replyTo: replyTo, to: [to], subject: wording.subject,
            messageID: "\(try row.requireID().uuidString.lowercased())@\(domain)", date: now, text: String(buffer: text.data),
            html: String(buffer: html.data), calendar: calendar, kind: row.kind.rawValue)
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
        return .email(
            try await mail(
                row, wording: .myBookingsLink(tenantName: tenant.name, minutes: minutes), details: [], actionURL: url,
                tenant: tenant,
                replyTo: MailAddress(name: tenant.name, email: tenant.contactEmail), to: MailAddress(name: nil, email: email),
                calendar: nil, now: now))
    }

    /// The email with a portal user's account link: its token derived now from the link's id, never
    /// stored; skipped once the link is spent, voided by a newer one, or expired.
    func accountLink(_ row: OutboxMessage, tenant: TenantContext, now: Date) async throws -> Composed {
        let details = (try? JSONDecoder.iso8601.decode(OutboxDetails.self, from: Data(row.details.utf8))) ?? .none
        guard let id = details.accountLink, let email = details.email else { return .skip(reason: "no link in the message") }
        guard let link = try await AccountLink.find(id, on: app.db), link.tenantID == tenant.id, link.usedAt == nil,
            link.expiresAt > now
        else { return .skip(reason: "no longer applies: the link was used, replaced or has expired") }
        let token = tokens.token(for: .accountLink(id))
        let page: SiteURL.Portal = link.purpose == .invite ? .acceptInvitation(.value(token)) : .resetPassword(.value(token))
        let url = SiteURL.portal(page).absolute(publicBase: publicBaseURL, tenantSlug: tenant.slug)
        let minutes = max(1, Int(link.expiresAt.timeIntervalSince(now) / 60))
        return .email(
            try await mail(
                row, wording: .accountLink(link.purpose, tenantName: tenant.name, minutes: minutes), details: [], actionURL: url,
                tenant: tenant, replyTo: MailAddress(name: tenant.name, email: tenant.contactEmail),
                to: MailAddress(name: nil, email: email), calendar: nil, now: now))
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
        case .reminder, .businessNotice, .myBookingsLink, .accountLink: return nil
        }
        let invite = CalendarInvite(
            uid: facts.calendarUID, method: method, sequence: CalendarInvite.sequence(at: row.createdAt), stamp: now,
            start: facts.start, end: facts.end,
            summary: MessageWording.calendarSummary(title: facts.title, withWhom: facts.withWhom, tenantName: tenant.name),
            location: tenant.place(venue: facts.location),
            description: MessageWording.calendarDescription(tenantName: tenant.name, manageURL: manageURL),
            url: manageURL,
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
