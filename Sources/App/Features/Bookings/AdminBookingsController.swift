import Fluent
import Scheduling
import Vapor

/// Admin bookings API: list with filters and totals, CSV export, status changes, phone-in bookings.
struct AdminBookingsController: RouteCollection {
    struct AdminBooking: Content {
        struct Named: Content {
            let id: UUID
            let name: String
        }

        struct ClientInfo: Content {
            let id: UUID
            let name: String
            let email: String
            let phone: String?
        }

        let id: UUID
        let status: BookingStatus
        let start: String
        let end: String
        let service: Named
        let staff: Named
        let client: ClientInfo
        let notes: String
    }

    struct Page: Content {
        let items: [AdminBooking]
        let total: Int
        let page: Int
        let perPage: Int
    }

    struct StatusChange: Content { var status: BookingStatus }

    func boot(routes: any RoutesBuilder) throws {
        let bookings = SiteURL.api(.admin(.bookings)).pathComponents
        let booking = SiteURL.api(.admin(.booking(.key))).pathComponents
        routes.get(bookings, use: list)
        routes.post(bookings, use: create)
        routes.get(booking, use: show)
        routes.patch(booking, use: update)
        routes.get(SiteURL.api(.admin(.bookingsCSV)).pathComponents, use: csv)
    }

    func list(req: Request) async throws -> Page {
        let search = try BookingSearch(from: req)
        let query = try await search.query(on: req.db, tenant: req.tenant)
        let total = try await query.count()
        let rows = try await query.range(search.page.rows).all()
        return Page(
            items: try await Self.describe(rows, req: req), total: total, page: search.page.page, perPage: Pagination.perPage)
    }

    func show(req: Request) async throws -> AdminBooking {
        try await Self.describe([try await find(req)], req: req)[0]
    }

    /// A phone-in booking: may ignore minimum notice and the advance window, never a double booking.
    func create(req: Request) async throws -> Response {
        let command = try req.decodeBody(CreateBookingRequest.self).command(requireConsent: false)
        let bookings = try req.scope.bookings
        return try await BookingsController.respondCreated(req: req) { try await bookings.create(command, mode: .admin) }
    }

    func update(req: Request) async throws -> AdminBooking {
        let change = try req.decodeBody(StatusChange.self)
        let booking = try await req.scope.bookings.changeStatus(try await find(req), to: change.status)
        return try await Self.describe([booking], req: req)[0]
    }

    func csv(req: Request) async throws -> Response {
        try await Self.csv(try BookingSearch(from: req), req: req)
    }

    /// Every booking the search finds (up to 10,000) as a CSV download: the API's export and the
    /// portal's "Download CSV" of what its filter shows.
    static func csv(_ search: BookingSearch, req: Request) async throws -> Response {
        let tenant = try req.tenant
        let rows = try await search.query(on: req.db, tenant: tenant).limit(10_000).all()
        let zone = tenant.timeZone
        var writer = CSVWriter()
        writer.row([
            "id", "status", "date", "time", "start_utc", "end_utc", "service", "staff", "client", "email", "phone", "notes",
        ])
        for booking in try await Self.describe(rows, req: req) {
            let start = ISOTimestamp.date(from: booking.start)!
            let local = zone.wallClock(at: start)
            writer.row([
                booking.id.uuidString, booking.status.rawValue, local.date.description, local.time.description, booking.start,
                booking.end, booking.service.name, booking.staff.name, booking.client.name, booking.client.email,
                booking.client.phone ?? "", booking.notes,
            ])
        }
        return writer.response(filename: "bookings.csv")
    }

    private func find(_ req: Request) async throws -> Booking {
        guard let booking = try await Booking.find(req.parameters.get("id", as: UUID.self), on: req.db, tenant: req.tenantID)
        else { throw APIError.notFound("No booking with that id.") }
        return booking
    }

    /// Adds service and staff names with two queries, whatever the number of rows; the client is
    /// shown with the contact details given with the booking.
    static func describe(_ bookings: [Booking], req: Request) async throws -> [AdminBooking] {
        let tenant = try req.tenantID
        let services = Dictionary(
            uniqueKeysWithValues: try await Service.query(on: req.db, tenant: tenant)
                .filter(\.$id ~~ Set(bookings.map(\.serviceID))).all().map { ($0.id!, $0) })
        let staff = Dictionary(
            uniqueKeysWithValues: try await Staff.query(on: req.db, tenant: tenant)
                .filter(\.$id ~~ Set(bookings.map(\.staffID))).all().map { ($0.id!, $0) })
        return try bookings.map { booking in
            AdminBooking(
                id: try booking.requireID(), status: booking.status, start: ISOTimestamp.string(from: booking.startsAt),
                end: ISOTimestamp.string(from: booking.endsAt),
                service: .init(id: booking.serviceID, name: services[booking.serviceID]?.name ?? ""),
                staff: .init(id: booking.staffID, name: staff[booking.staffID]?.name ?? ""),
                client: .init(
                    id: booking.clientID, name: booking.contactName, email: booking.contactEmail, phone: booking.contactPhone),
                notes: booking.notes)
        }
    }
}
