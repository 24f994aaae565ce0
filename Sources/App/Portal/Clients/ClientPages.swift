import Fluent
import Foundation
import Vapor

/// The clients search page: by name, email or phone (`ClientSearch`, the phone-in's search);
/// staff find only clients they have served.
struct ClientListPage: Encodable {
    struct Row: Encodable {
        let label: String
        let detail: String
        let link: String
    }

    let site: SiteContext
    let portal: PortalChrome
    let action: String
    let query: String
    let rows: [Row]?
    let searched: Bool
}

/// A client's page: contact details (and the form to correct them), their bookings, class places
/// and the messages sent about them. Staff see it only for clients they serve, and only their own
/// bookings of them.
struct ClientPage: Encodable {
    struct Line: Encodable {
        let when: String
        let what: String
        let status: String
        let tone: String
        let link: String?
    }

    let site: SiteContext
    let portal: PortalChrome
    let notice: String?
    let name: String
    let facts: [ClassPage.Fact]
    let bookings: [Line]?
    let places: [Line]?
    let messages: [Line]?
    let backLink: String
    let editAction: String
    let form: FormFields

    static func build(
        _ client: Client, site: SiteContext, portal: PortalChrome, user: PortalSessions.Current, scope: TenantScope,
        form: ClientForm, errors: [String: String], notice: String?
    ) async throws -> ClientPage {
        let id = try client.requireID()
        let tenant = scope.tenant.id
        let zone = scope.tenant.timeZone
        let staffOnly = user.role == .staff ? (user.staffID ?? UUID()) : nil
        let bookingsQuery = Booking.query(on: scope.db, tenant: tenant).filter(\.$clientID == id)
        if let staffOnly { bookingsQuery.filter(\.$staffID == staffOnly) }
        let bookings = try await bookingsQuery.sort(\.$startsAt, .descending).limit(100).all()
        let services = Dictionary(
            uniqueKeysWithValues: try await Service.query(on: scope.db, tenant: tenant).all().map {
                (try $0.requireID(), $0.name)
            })
        let bookingLines = try bookings.map { booking in
            let (label, tone) = PortalWording.status(booking.status)
            return Line(
                when: PageDates.short(booking.startsAt, zone: zone), what: services[booking.serviceID] ?? "Appointment",
                status: label, tone: tone,
                link: SiteURL.portal(.booking(.value(try booking.requireID()))).relative(base: site.base))
        }
        var placeLines: [Line] = []
        var enrollmentIDs: [UUID] = []
        if staffOnly == nil {
            let places = try await Enrollment.query(on: scope.db, tenant: tenant).filter(\.$clientID == id).all()
            enrollmentIDs = places.compactMap(\.id)
            let sessions = Dictionary(
                uniqueKeysWithValues: try await ClassSession.query(on: scope.db, tenant: tenant)
                    .filter(\.$id ~~ places.map(\.sessionID)).all().map { (try $0.requireID(), $0) })
            placeLines = places.compactMap { place in
                guard let session = sessions[place.sessionID] else { return nil }
                let status =
                    switch place.status {
                    case .enrolled:
                        place.attendance == .absent ? "Did not come" : place.attendance == .attended ? "Came" : "Place booked"
                    case .waitlisted: "On the waitlist"
                    case .cancelled: "Cancelled"
                    }
                return Line(
                    when: PageDates.short(session.startsAt, zone: zone), what: session.title, status: status,
                    tone: place.status == .cancelled ? "off" : place.status == .waitlisted ? "wait" : "ok",
                    link: SiteURL.portal(.classPage(.value(place.sessionID))).relative(base: site.base))
            }
            .sorted { $0.when > $1.when }
        }
        let bookingIDs = bookings.compactMap(\.id)
        let messages = try await OutboxMessage.query(on: scope.db, tenant: tenant).group(.or) { group in
            group.filter(\.$bookingID ~~ bookingIDs)
            group.filter(\.$enrollmentID ~~ enrollmentIDs)
        }
        .sort(\.$createdAt, .descending).limit(50).all()
        let messageLines = messages.map { message in
            Line(
                when: PageDates.short(message.sentAt ?? message.createdAt, zone: zone),
                what: PortalWording.message(message.kind, message.channel),
                status: message.status == .sent ? "Sent" : message.status == .dead ? "Gave up" : "Waiting to send",
                tone: message.status == .sent ? "ok" : message.status == .dead ? "bad" : "wait", link: nil)
        }
        var facts = [ClassPage.Fact(label: "Email", value: client.email)]
        if let phone = client.phone { facts.append(ClassPage.Fact(label: "Phone", value: phone)) }
        facts.append(ClassPage.Fact(label: "Texts", value: client.smsOptIn ? "Agreed to texts" : "No texts"))
        return ClientPage(
            site: site, portal: portal, notice: notice, name: client.name, facts: facts,
            bookings: bookingLines.isEmpty ? nil : bookingLines, places: placeLines.isEmpty ? nil : placeLines,
            messages: messageLines.isEmpty ? nil : messageLines, backLink: SiteURL.portal(.clients).relative(base: site.base),
            editAction: SiteURL.portal(.clientEdit(.value(id))).relative(base: site.base), form: form.fields(errors: errors))
    }
}

/// The form to correct a client's contact details.
struct ClientForm: Content {
    var name: String?
    var email: String?
    var phone: String?

    init(_ client: Client) {
        name = client.name
        email = client.email
        phone = client.phone ?? ""
    }

    func fields(errors: [String: String]) -> FormFields {
        func labelled(_ name: String, _ label: String) -> String? { errors[name].map { "\(label) \($0)" } }
        return FormFields([
            FormField(
                kind: .text, name: "name", label: "Name", value: name ?? "", error: labelled("name", "Name"), required: true,
                maxLength: 120),
            FormField(
                kind: .email, name: "email", label: "Email address", value: email ?? "",
                hint: "Their upcoming bookings' messages go to the new address too.",
                error: labelled("email", "Email address"), required: true, maxLength: 254),
            FormField(
                kind: .text, name: "phone", label: "Phone", value: phone ?? "",
                hint: "A new number stops texts until the client agrees again when they book.",
                error: labelled("phone", "Phone"), maxLength: 32),
        ])
    }
}
