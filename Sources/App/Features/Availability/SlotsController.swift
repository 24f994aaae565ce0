import Scheduling
import Vapor

/// `GET /api/v1/slots?service=ID[&staff=ID]&from=YYYY-MM-DD&to=YYYY-MM-DD`: bookable start times.
/// Dates are the tenant's local dates, inclusive; `from` defaults to today, `to` to `from`+6 days.
struct SlotsController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get(SiteURL.api(.slots).pathComponents, use: slots)
    }

    func slots(req: Request) async throws -> Response {
        let scope = try req.scope
        let tenant = scope.tenant
        let query = try Self.parseQuery(req, today: tenant.timeZone.wallClock(at: scope.now).date)
        let offered = try await scope.availability.offered(query)
        let body =
            offered?.jsonBody(timezone: tenant.timezone, allocator: req.byteBufferAllocator)
            ?? SlotsJSON.encode(timezone: tenant.timezone, slots: [], allocator: req.byteBufferAllocator)
        return JSONBody.response(body, adding: [(.cacheControl, "no-store")])
    }

    static func parseQuery(_ req: Request, today: LocalDate) throws -> AvailabilityService.Query {
        var problems = FieldProblems()
        let parameters = QueryParameters(req)
        let serviceText = parameters["service"]
        let staffText = parameters["staff"]
        let service = serviceText.flatMap(UUID.init(uuidString:))
        if serviceText == nil {
            problems.add("service", "is required (a service id)")
        } else if service == nil {
            problems.add("service", "must be a service id")
        }
        var staff: UUID?
        if let staffText, !staffText.isEmpty {
            staff = UUID(uuidString: staffText)
            if staff == nil { problems.add("staff", "must be a staff id") }
        }
        let range = DateRangeQuery.parse(
            parameters, today: today, defaultDays: 7, maxDays: AvailabilityService.maxRangeDays, into: &problems)
        try problems.throwIfAny()
        return .init(serviceID: service!, staffID: staff, from: range!.from, to: range!.to)
    }
}
