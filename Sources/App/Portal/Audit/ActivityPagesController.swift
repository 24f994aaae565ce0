import Scheduling
import Vapor

/// The owners' view of the audit log.
struct ActivityPagesController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.grouped(OwnersOnly()).get(SiteURL.portal(.activity).pathComponents, use: activity)
    }

    func activity(req: Request) async throws -> Response {
        let query = QueryParameters(req)
        var filter = ActivityPage.Filter()
        var (fromError, toError): (String?, String?) = (nil, nil)
        if let text = query["from"]?.nonEmpty {
            filter.from = LocalDate(iso: text)
            if filter.from == nil { fromError = "Enter the first day as a date, for example 2026-12-01" }
        }
        if let text = query["to"]?.nonEmpty {
            filter.to = LocalDate(iso: text)
            if filter.to == nil { toError = "Enter the last day as a date, for example 2026-12-31" }
        }
        if let from = filter.from, let to = filter.to, to < from { toError = "The last day must not be before the first" }
        filter.person = query["person"]?.nonEmpty
        filter.object = query["object"]?.nonEmpty
        filter.page = query["page"].flatMap(Int.init).map { min(max($0, 1), 100_000) } ?? 1
        let (site, portal) = try req.portalPage(title: "Activity", current: .activity)
        let page = try await ActivityPage.build(
            site: site, portal: portal, filter: filter, fromError: fromError, toError: toError, scope: try req.scope)
        let status: HTTPResponseStatus = fromError == nil && toError == nil ? .ok : .unprocessableEntity
        return try await req.view.render("portal/activity", page).encodeResponse(status: status, for: req)
    }
}
