import Scheduling
import Vapor

/// The portal's Today page, and the retry of a message that gave up sending.
struct TodayPagesController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get(SiteURL.portal(.today).pathComponents, use: today)
        routes.grouped(OwnersOnly()).post(SiteURL.portal(.messageRetry(.key)).pathComponents, use: retry)
    }

    func today(req: Request) async throws -> View {
        let query = QueryParameters(req)
        let date = query["date"].flatMap(LocalDate.init(iso:))
        let (site, portal) = try req.portalPage(title: "Today", current: .today)
        let notice: String? =
            switch query["done"] {
            case "retried": "The message is queued to be sent again."
            case "password": "Your password is saved, and you are signed in."
            default: nil
            }
        let page = try await TodayPage.build(
            site: site, portal: portal, user: try req.signedIn, date: date, notice: notice, scope: try req.scope)
        return try await req.view.render("portal/today", page)
    }

    func retry(req: Request) async throws -> Response {
        let scope = try req.scope
        do {
            _ = try await OutboxRetry.requeue(
                req.parameters.get("id", as: UUID.self), tenant: scope.tenant.id, now: scope.now, on: scope.db)
        } catch OutboxRetry.Refusal.notFound {
            throw PageError(
                .notFound, title: "Message not found",
                message: "There is no such message. Go back to Today and reload the page.")
        } catch OutboxRetry.Refusal.notDead {
            // Already queued again (a second click, or another browser): nothing to do.
        }
        return req.redirect(
            to: SiteURL.portal(.today).relative(base: scope.siteBase, query: [("done", "retried")]), redirectType: .normal)
    }
}
