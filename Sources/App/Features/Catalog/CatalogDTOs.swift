import Vapor

/// A service as the public sees it.
struct ServiceResponse: Content {
    let id: UUID
    let name: String
    let description: String
    let durationMinutes: Int
    let priceCents: Int
    let currency: String
    let staff: [UUID]

    init(id: UUID, _ service: CatalogSnapshot.ServiceInfo, staff: [UUID]) {
        self.id = id
        name = service.name
        description = service.description
        durationMinutes = service.timing.durationMinutes
        priceCents = service.priceCents
        currency = service.currency
        self.staff = staff
    }
}

/// A service as the business sees it: buffers, overrides and whether it is offered.
struct AdminServiceResponse: Content {
    let id: UUID
    let name: String
    let description: String
    let durationMinutes: Int
    let priceCents: Int
    let currency: String
    let bufferBeforeMinutes: Int
    let bufferAfterMinutes: Int
    let slotIntervalMinutes: Int?
    let minNoticeMinutes: Int?
    let maxAdvanceDays: Int?
    let active: Bool
    let staff: [UUID]

    init(_ service: Service, staff: [UUID]) throws {
        id = try service.requireID()
        name = service.name
        description = service.description
        durationMinutes = service.durationMinutes
        priceCents = service.priceCents
        currency = service.currency
        bufferBeforeMinutes = service.bufferBeforeMinutes
        bufferAfterMinutes = service.bufferAfterMinutes
        slotIntervalMinutes = service.slotIntervalMinutes
        minNoticeMinutes = service.minNoticeMinutes
        maxAdvanceDays = service.maxAdvanceDays
        active = service.active
        self.staff = staff.sorted { $0.uuidString < $1.uuidString }
    }
}

/// A staff member as the public sees it (no email).
struct StaffResponse: Content {
    let id: UUID
    let name: String
    let services: [UUID]
}

/// A staff member as the business sees it.
struct AdminStaffResponse: Content {
    let id: UUID
    let name: String
    let email: String?
    let active: Bool
    let services: [UUID]

    init(_ staff: Staff, services: [UUID]) throws {
        id = try staff.requireID()
        name = staff.name
        email = staff.email
        active = staff.active
        self.services = services.sorted { $0.uuidString < $1.uuidString }
    }
}
