import Fluent
import Foundation

/// The business's services and staff, added, changed and removed with the same rules whichever
/// edge asks (the admin JSON API today, the portal's pages next). Details are checked at the edge
/// (`ServiceDetails.validate`, `StaffDetails.validate`); ids they link must belong to the tenant.
/// Bound to one tenant at one moment (a request's `TenantScope` makes it).
struct CatalogService: Sendable {
    let tenant: TenantContext
    let now: Date
    let db: any Database

    func service(_ id: UUID?) async throws -> Service {
        guard let service = try await Service.find(id, on: db, tenant: tenant.id) else { throw CatalogError.serviceNotFound }
        return service
    }

    func staffMember(_ id: UUID?) async throws -> Staff {
        guard let staff = try await Staff.find(id, on: db, tenant: tenant.id) else { throw CatalogError.staffNotFound }
        return staff
    }

    /// A new service, performed by the staff it lists.
    func addService(_ details: ServiceDetails) async throws -> Service {
        let service = Service(tenantID: tenant.id, name: "", durationMinutes: 0, priceCents: 0)
        try await save(service, details.apply(to:), links: details.staff ?? [], new: true)
        return service
    }

    /// Changes the fields given; the staff list, when given, replaces who performs it.
    func changeService(_ service: Service, _ details: ServiceDetails) async throws {
        try await save(service, details.apply(to:), links: details.staff, new: false)
    }

    func addStaff(_ details: StaffDetails) async throws -> Staff {
        let staff = Staff(tenantID: tenant.id, name: "")
        try await save(staff, details.apply(to:), links: details.services ?? [], new: true)
        return staff
    }

    func changeStaff(_ staff: Staff, _ details: StaffDetails) async throws {
        try await save(staff, details.apply(to:), links: details.services, new: false)
    }

    /// Deletes a service nobody has booked; a booked one is archived (inactive) to keep history.
    func removeService(_ service: Service) async throws -> CatalogRemoval.Outcome {
        try await CatalogRemoval.remove(service, on: db, tenant: tenant.id)
    }

    /// Deletes a staff member with no bookings; one with bookings is archived (inactive), and their
    /// upcoming bookings are returned: they stay booked until the business moves or cancels them.
    func removeStaff(_ staff: Staff) async throws -> (CatalogRemoval.Outcome, affected: [AffectedBooking]) {
        let staffID = try staff.requireID()
        let outcome = try await CatalogRemoval.remove(staff, on: db, tenant: tenant.id)
        guard outcome == .archived else { return (outcome, []) }
        return (
            outcome, try await AffectedBookings.with(staff: staffID, tenant: tenant.id, zone: tenant.timeZone, now: now, on: db)
        )
    }

    /// Writes a service or a staff member and, when `links` is given, who performs what, in one
    /// transaction; every linked id must be one of the tenant's.
    private func save<Item: LinkedCatalogItem>(_ item: Item, _ apply: (Item) -> Void, links: [UUID]?, new: Bool) async throws {
        let tenantID = tenant.id
        if let links { try await Item.requireLinked(links, on: db, tenant: tenantID) }
        apply(item)
        try await db.transaction { db in
            if new { try await item.create(on: db) } else { try await item.update(on: db) }
            guard let links else { return }
            try await Item.replaceLinks(of: try item.requireID(), with: links, on: db, tenant: tenantID)
        }
    }
}

/// A service or a staff member, linked to the other kind by who performs what (`staff_services`).
protocol LinkedCatalogItem: Archivable {
    /// Fails (`CatalogError.unknownIDs`) unless every id is one of the tenant's items of the other kind.
    static func requireLinked(_ ids: [UUID], on db: any Database, tenant: UUID) async throws
    static func replaceLinks(of id: UUID, with ids: [UUID], on db: any Database, tenant: UUID) async throws
}

extension Service: LinkedCatalogItem {
    static func requireLinked(_ ids: [UUID], on db: any Database, tenant: UUID) async throws {
        try await CatalogQueries.requireExisting(Staff.self, ids: ids, field: "staff", on: db, tenant: tenant)
    }

    static func replaceLinks(of id: UUID, with ids: [UUID], on db: any Database, tenant: UUID) async throws {
        try await CatalogQueries.replaceLinks(serviceID: id, with: ids, on: db, tenant: tenant)
    }
}

extension Staff: LinkedCatalogItem {
    static func requireLinked(_ ids: [UUID], on db: any Database, tenant: UUID) async throws {
        try await CatalogQueries.requireExisting(Service.self, ids: ids, field: "services", on: db, tenant: tenant)
    }

    static func replaceLinks(of id: UUID, with ids: [UUID], on db: any Database, tenant: UUID) async throws {
        try await CatalogQueries.replaceLinks(staffID: id, with: ids, on: db, tenant: tenant)
    }
}
