import Scheduling
import Vapor

/// The calendar's day and week views.
struct CalendarPagesController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get(SiteURL.portal(.calendar).pathComponents, use: day)
        routes.get(SiteURL.portal(.calendarWeek).pathComponents, use: week)
    }

    func day(req: Request) async throws -> View {
        let query = QueryParameters(req)
        let scope = try req.scope
        let date = query["date"].flatMap(LocalDate.init(iso:)) ?? scope.tenant.timeZone.wallClock(at: scope.now).date
        let (site, portal) = try req.portalPage(title: "Calendar", current: .calendar)
        let page = try await CalendarPage.day(
            site: site, portal: portal, user: try req.signedIn, date: date, focus: query["staff"].flatMap(UUID.init(uuidString:)),
            scope: scope)
        return try await req.view.render("portal/calendar", page)
    }

    func week(req: Request) async throws -> View {
        let query = QueryParameters(req)
        let scope = try req.scope
        let user = try req.signedIn
        let date = query["date"].flatMap(LocalDate.init(iso:)) ?? scope.tenant.timeZone.wallClock(at: scope.now).date
        let catalog = try await scope.catalogSnapshot()
        // Staff see their own week whatever the address says; owners any staff member's.
        let asked = query["staff"].flatMap(UUID.init(uuidString:))
        guard let staff = user.role == .staff ? user.staffID : asked, catalog.staffNames[staff] != nil else {
            throw PageError(
                .notFound, title: "Staff member not found",
                message: "Choose a staff member's week from the calendar's day view.")
        }
        let (site, portal) = try req.portalPage(title: "Week", current: .calendar)
        let page = try await CalendarPage.week(site: site, portal: portal, staff: staff, date: date, scope: scope)
        return try await req.view.render("portal/calendar", page)
    }
}
