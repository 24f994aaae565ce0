import Fluent
import Foundation
import Scheduling

/// The audit log as owners read it: newest first, 50 to a page, filtered by dates (the tenant's
/// local days), person and kind of object.
struct ActivityPage: Encodable {
    struct Row: Encodable {
        let when: String
        let who: String
        let what: String
        let objectLink: String?
        let objectLabel: String?
        let fields: String?
        let via: String
    }

    struct Option: Encodable {
        let value: String
        let label: String
        let selected: Bool
    }

    struct Filter: Sendable {
        var from: LocalDate?
        var to: LocalDate?
        var person: String?
        var object: String?
        var page = 1
    }

    let site: SiteContext
    let portal: PortalChrome
    let action: String
    let from: String
    let to: String
    let fromError: String?
    let toError: String?
    let people: [Option]
    let objects: [Option]
    let rows: [Row]?
    let newerLink: String?
    let olderLink: String?

    static func build(
        site: SiteContext, portal: PortalChrome, filter: Filter, fromError: String?, toError: String?, scope: TenantScope
    ) async throws -> ActivityPage {
        let tenant = scope.tenant
        let zone = tenant.timeZone
        var query = AuditEvent.query(on: scope.db, tenant: tenant.id)
        if let from = filter.from { query = query.filter(\.$at >= PortalDays.start(of: from, zone: zone)) }
        if let to = filter.to { query = query.filter(\.$at < PortalDays.start(of: to.adding(days: 1), zone: zone)) }
        if let person = filter.person { query = query.filter(\.$actorLabel == person) }
        if let object = filter.object { query = query.filter(\.$objectType == object) }
        let perPage = Pagination.perPage
        let start = (filter.page - 1) * perPage
        // One more than a page, to know whether there is an older page.
        let events = try await query.sort(\.$at, .descending).sort(\.$id, .descending).range(start..<(start + perPage + 1)).all()
        let people = try await AuditEvent.query(on: scope.db, tenant: tenant.id).unique().sort(\.$actorLabel).limit(200)
            .all(\.$actorLabel)
        let objects = try await AuditEvent.query(on: scope.db, tenant: tenant.id).unique().sort(\.$objectType).all(\.$objectType)
            .filter { !$0.isEmpty }

        let base = site.base
        let rows = events.prefix(perPage).map { event in
            let isBooking = event.objectType == "booking"
            return Row(
                when: PageDates.short(event.at, zone: zone),
                who: event.actorLabel, what: describe(event),
                objectLink: isBooking ? event.objectID.map { SiteURL.portal(.booking(.value($0))).relative(base: base) } : nil,
                // A sign-in's object is the person signing in, already named as who.
                objectLabel: event.action.hasPrefix("sign_")
                    ? nil : event.objectID.map { "\(event.objectType) \($0.uuidString.lowercased().prefix(8))" },
                fields: event.fields.isEmpty ? nil : event.fields.replacingOccurrences(of: ",", with: ", "),
                via: event.via == "api" ? "API" : "Portal")
        }
        func link(page: Int) -> String {
            SiteURL.portal(.activity).relative(
                base: base,
                query: [
                    ("from", filter.from?.description), ("to", filter.to?.description), ("person", filter.person),
                    ("object", filter.object), ("page", page == 1 ? nil : String(page)),
                ])
        }
        return ActivityPage(
            site: site, portal: portal, action: SiteURL.portal(.activity).relative(base: base),
            from: filter.from?.description ?? "", to: filter.to?.description ?? "", fromError: fromError, toError: toError,
            people: [Option(value: "", label: "Anyone", selected: filter.person == nil)]
                + people.map { Option(value: $0, label: $0, selected: $0 == filter.person) },
            objects: [Option(value: "", label: "Anything", selected: filter.object == nil)]
                + objects.map { Option(value: $0, label: $0.capitalized, selected: $0 == filter.object) },
            rows: Array(rows).nonEmpty, newerLink: filter.page > 1 ? link(page: filter.page - 1) : nil,
            olderLink: events.count > perPage ? link(page: filter.page + 1) : nil)
    }

    /// "Signed in", "Changed service", "Booking: cancel".
    static func describe(_ event: AuditEvent) -> String {
        let object = event.objectType.replacingOccurrences(of: "-", with: " ")
        switch event.action {
        case "sign_in": return "Signed in"
        case "sign_in_failed": return "Failed sign-in"
        case "sign_in_throttled": return "Sign-in refused: too many tries"
        case "sign_out": return "Signed out"
        case "create": return "Created \(object)"
        case "update": return "Changed \(object)"
        case "delete": return "Deleted \(object)"
        default: return "\(object.prefix(1).uppercased() + object.dropFirst()): \(event.action)"
        }
    }
}
