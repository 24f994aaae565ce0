import Fluent
import Foundation
import Scheduling
import Vapor

/// The home page: what can be booked (services, or the next sessions), opening hours and contact.
struct HomePage: SharedPage {
    struct ServiceItem: Encodable, Hashable, Sendable {
        let name: String
        let meta: String
        let description: String?
        let link: String

        /// What clients can book, by name, each linking to its first step.
        static func bookable(in catalog: CatalogSnapshot, base: String) -> [ServiceItem] {
            catalog.bookableServices.compactMap { id in
                catalog.services[id].map { service in
                    ServiceItem(
                        name: service.name, meta: service.meta, description: service.description.nonEmpty,
                        link: SiteURL.book.relative(base: base, query: [("service", id.uuidString.lowercased())]))
                }
            }
        }
    }
    struct SessionItem: Encodable, Hashable, Sendable {
        let title: String
        let when: String
        let meta: String
        let places: String
        /// No place to take online (full, or closed to online booking): the badge takes the "full" style.
        let isUnavailable: Bool
        let link: String
    }
    struct OpeningDay: Encodable, Hashable, Sendable {
        let day: String
        let hours: String
    }

    let site: SiteContext
    let services: [ServiceItem]?
    let sessions: [SessionItem]?
    let openingHours: [OpeningDay]?
    let zoneName: String
    let address: String?
    let phone: String?
    let phoneLink: String
    let contactEmail: String

    static func build(site: SiteContext, scope: TenantScope) async throws -> HomePage {
        let tenant = scope.tenant
        var services: [ServiceItem] = []
        var sessions: [SessionItem] = []
        var openingHours: [OpeningDay] = []
        if tenant.kind == .appointments {
            let catalog = try await scope.catalogSnapshot()
            services = ServiceItem.bookable(in: catalog, base: site.base)
            openingHours = Self.openingHours(catalog.hours.opening)
        } else {
            let staffNames = try await scope.catalogSnapshot().staffNames
            sessions = try await SessionListPage.upcoming(scope: scope, limit: 5).map { session in
                let item = SessionListPage.Item(
                    session, tenant: tenant, base: site.base, teacher: session.instructorID.flatMap { staffNames[$0] },
                    now: scope.now)
                return SessionItem(
                    title: item.title, when: item.when, meta: item.meta, places: item.places,
                    isUnavailable: item.isFull || item.isClosed, link: item.link)
            }
        }
        return HomePage(
            site: site, services: services.nonEmpty, sessions: sessions.nonEmpty, openingHours: openingHours.nonEmpty,
            zoneName: PageDates.zoneName(tenant.timezone), address: tenant.address.nonEmpty, phone: tenant.phone.nonEmpty,
            phoneLink: telLink(tenant.phone), contactEmail: tenant.contactEmail)
    }

    /// A phone number as a `tel:` link wants it: digits and a leading +.
    static func telLink(_ phone: String) -> String { phone.filter { $0.isNumber || $0 == "+" } }

    /// The business's weekly opening hours, Monday first; empty when none are set.
    private static func openingHours(_ opening: WeeklyHours?) -> [OpeningDay] {
        guard let opening else { return [] }
        return Weekday.allCases.map { day in
            let ranges = opening.ranges(on: day)
            let hours = ranges.isEmpty ? "Closed" : ranges.map { "\($0.start) to \($0.end)" }.joined(separator: ", ")
            return OpeningDay(day: PageDates.weekdays[day.isoNumber - 1], hours: hours)
        }
    }
}

extension CatalogSnapshot.ServiceInfo {
    /// "45 min · £30.00", as the pages list a service.
    var meta: String { "\(timing.durationMinutes) min · \(Money.text(cents: priceCents, currency: currency))" }
}

/// The privacy notice or the terms: the business's own text, or a default that names the business.
struct PolicyPage: Encodable {
    let site: SiteContext
    let heading: String
    let paragraphs: [String]
    let contactEmail: String
    let phone: String?

    enum Kind { case privacy, terms }

    static func build(_ kind: Kind, site: SiteContext, tenant: TenantContext, profile: TenantProfile) -> PolicyPage {
        let own = kind == .privacy ? profile.privacyNotice : profile.terms
        let paragraphs = own.isEmpty ? defaults(kind, tenant: tenant) : own.components(separatedBy: "\n\n")
        return PolicyPage(
            site: site, heading: kind == .privacy ? "Privacy notice" : "Terms of booking", paragraphs: paragraphs,
            contactEmail: tenant.contactEmail, phone: profile.phone.nonEmpty)
    }

    private static func defaults(_ kind: Kind, tenant: TenantContext) -> [String] {
        let name = tenant.name
        switch kind {
        case .privacy:
            return [
                "\(name) uses the details you give when you book (your name, email address, phone number if you give one, and any notes) only to manage your booking: to confirm it, remind you of it and tell you of any change.",
                "Text messages are sent only if you agree to them when booking. We never sell your details or use them for marketing without asking.",
                "Your booking details are kept while you are a client of \(name) and as long as the law requires for its records. You may ask to see, correct or delete them at any time by contacting \(name).",
                "This site sets one cookie, needed to protect its forms from misuse. It sets no tracking or advertising cookies.",
            ]
        case .terms:
            return [
                "Bookings made on this site are with \(name). A booking is confirmed when you see the confirmation page and receive the confirmation email.",
                "You can change or cancel a booking online, from the link in your confirmation email, up to \(tenant.cancellationCutoffHours) hours before it starts. After that, please contact \(name) directly.",
                "Please arrive on time. If you are late, your appointment may be shortened so that the next client is not kept waiting.",
            ]
        }
    }
}
