import Fluent
import Foundation

/// A catalog item that is archived (made inactive) rather than deleted once it has history.
protocol Archivable: Model, TenantOwned where IDValue == UUID {
    var active: Bool { get set }
    /// The booking column that refers to this kind of item.
    static var bookingReference: KeyPath<Booking, FieldProperty<Booking, UUID>> { get }
}

extension Service: Archivable {
    static var bookingReference: KeyPath<Booking, FieldProperty<Booking, UUID>> { \.$serviceID }
}

extension Staff: Archivable {
    static var bookingReference: KeyPath<Booking, FieldProperty<Booking, UUID>> { \.$staffID }
}

/// Removing a service or a staff member: deleted when nobody ever booked it, archived (inactive, no
/// longer offered) when bookings refer to it, so the history stays whole.
enum CatalogRemoval {
    enum Outcome: String, Codable, Sendable, CaseIterable {
        case deleted, archived
    }

    static func remove<Item: Archivable>(_ item: Item, on db: any Database, tenant: UUID) async throws -> Outcome {
        let id = try item.requireID()
        let booked = try await Booking.query(on: db, tenant: tenant).filter(Item.bookingReference == id).count() > 0
        guard booked else {
            try await item.delete(on: db)
            return .deleted
        }
        item.active = false
        try await item.update(on: db)
        return .archived
    }
}
