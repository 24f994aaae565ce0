import Scheduling
import Vapor

/// The weekly hours editor (owners): a staff member's hours and the business's opening hours,
/// stored with the same `WeeklyHoursPayload.store` as `PUT /api/v1/admin/staff/ID/hours` and
/// `/opening-hours`. "Copy" fills other days in the form without saving.
struct HoursPagesController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let owners = routes.grouped(OwnersOnly())
        owners.get(SiteURL.portal(.staffHours(.key)).pathComponents, use: staffHours)
        owners.post(SiteURL.portal(.staffHours(.key)).pathComponents, use: saveStaffHours)
        owners.get(SiteURL.portal(.openingHours).pathComponents, use: openingHours)
        owners.post(SiteURL.portal(.openingHours).pathComponents, use: saveOpeningHours)
    }

    /// Whose hours a page edits.
    private enum Owner {
        case staff(Staff)
        case business

        var staffID: UUID? {
            switch self {
            case .staff(let staff): staff.id
            case .business: nil
            }
        }
    }

    func staffHours(req: Request) async throws -> View {
        let owner = try await staffOwner(req)
        let scope = try req.scope
        let hours = try await WeeklyHoursPayload.load(staffID: owner.staffID, on: scope.db, tenant: scope.tenant.id)
        return try await render(req, owner, form: HoursForm(hours), notice: Self.savedNotice(req))
    }

    func saveStaffHours(req: Request) async throws -> Response {
        try await save(req, try await staffOwner(req))
    }

    func openingHours(req: Request) async throws -> View {
        let scope = try req.scope
        let hours = try await WeeklyHoursPayload.load(staffID: nil, on: scope.db, tenant: scope.tenant.id)
        return try await render(req, .business, form: HoursForm(hours), notice: Self.savedNotice(req))
    }

    func saveOpeningHours(req: Request) async throws -> Response {
        try await save(req, .business)
    }

    private func save(_ req: Request, _ owner: Owner) async throws -> Response {
        let scope = try req.scope
        let fields = try req.content.decode([String: String].self)
        var form = HoursForm(fields: fields)
        if fields["do"] == "copy" {
            req.auditObject = .unchanged
            guard let source = Weekday(rawValue: fields["copy-from"] ?? "") else { throw Abort(.badRequest) }
            let targets = Weekday.allCases.filter { fields["copy-to-\($0.rawValue)"] != nil && $0 != source }
            form.copy(from: source, to: targets)
            let notice =
                targets.isEmpty
                ? "Tick the days to copy \(HoursForm.name(source))'s hours to. Nothing is saved yet."
                : "Copied \(HoursForm.name(source))'s hours to \(Self.list(targets.map(HoursForm.name))). Not saved yet: check them, then save."
            return try await render(req, owner, form: form, notice: notice, copiedFrom: source).encodeResponse(for: req)
        }
        switch form.reading() {
        case .problems(let problems):
            return try await render(req, owner, form: form, problems: problems).encodeResponse(
                status: .unprocessableEntity, for: req)
        case .hours(let hours):
            try await WeeklyHoursPayload.store(hours, staffID: owner.staffID, on: scope.db, tenant: scope.tenant.id)
            let page: SiteURL.Portal =
                switch owner {
                case .staff(let staff): .staffHours(.value(try staff.requireID()))
                case .business: .openingHours
                }
            return req.redirect(
                to: SiteURL.portal(page).relative(base: scope.siteBase, query: [("done", "saved")]), redirectType: .normal)
        }
    }

    private func staffOwner(_ req: Request) async throws -> Owner {
        .staff(try await req.scope.catalog.staffMember(req.parameters.get("id", as: UUID.self)))
    }

    private static func savedNotice(_ req: Request) -> String? {
        QueryParameters(req)["done"] == "saved" ? "The hours are saved. The booking site offers them from now on." : nil
    }

    /// "Tuesday, Wednesday and Thursday".
    static func list(_ names: [String]) -> String {
        guard names.count > 1 else { return names.first ?? "" }
        return names.dropLast().joined(separator: ", ") + " and " + names.last!
    }

    private func render(
        _ req: Request, _ owner: Owner, form: HoursForm, problems: [Weekday: String] = [:], notice: String? = nil,
        copiedFrom: Weekday? = nil
    ) async throws -> View {
        let scope = try req.scope
        let base = scope.siteBase
        switch owner {
        case .staff(let staff):
            let (site, portal) = try req.portalPage(title: "\(staff.name)'s hours", current: .staff)
            let opening = try await WeeklyHoursPayload.load(staffID: nil, on: scope.db, tenant: scope.tenant.id)
            return try await req.view.render(
                "portal/hours",
                HoursPage(
                    site: site, portal: portal, heading: "\(staff.name)'s weekly hours",
                    lead:
                        "When \(staff.name) works each week. Clients are offered times inside these hours and the business's opening hours, less bookings, breaks between ranges, time off and closures.",
                    notice: notice, action: SiteURL.portal(.staffHours(.value(try staff.requireID()))).relative(base: base),
                    backLink: SiteURL.portal(.staffMember(.value(try staff.requireID()))).relative(base: base),
                    backLabel: staff.name, form: form, problems: problems, opening: opening, copiedFrom: copiedFrom))
        case .business:
            let (site, portal) = try req.portalPage(title: "Opening hours", current: .staff)
            return try await req.view.render(
                "portal/hours",
                HoursPage(
                    site: site, portal: portal, heading: "Opening hours",
                    lead:
                        "When the business is open each week. Staff are only offered inside these hours; with no opening hours at all, each staff member's own hours decide.",
                    notice: notice, action: SiteURL.portal(.openingHours).relative(base: base),
                    backLink: SiteURL.portal(.staff).relative(base: base), backLabel: "All staff", form: form,
                    problems: problems, opening: nil, copiedFrom: copiedFrom))
        }
    }
}
