import Fluent
import Foundation
import SQLKit

/// An owner managing the business's sign-ins: changing a user's role and deactivating or
/// reactivating them. A business always keeps at least one active owner: the active owners are
/// locked before they are counted (`FOR UPDATE` on PostgreSQL; SQLite's write lock), so two owners
/// demoting each other at once cannot leave none. A deactivated user's sessions open nothing.
enum UserAdministration {
    enum Refused: Error, Equatable {
        case lastOwner
        case staffMemberNeeded
        case unknownStaffMember
        case unknownUser

        var message: String {
            switch self {
            case .lastOwner: "The business needs at least one active owner: make someone else an owner first."
            case .staffMemberNeeded: "A staff sign-in runs one staff member's calendar: choose whose."
            case .unknownStaffMember: "That staff member is not one of this business's."
            case .unknownUser: "There is no such sign-in in this business."
            }
        }
    }

    static func change(
        _ userID: UUID, tenant: UUID, role: UserRole, staffID: UUID?, active: Bool, on db: any Database, storage: any Storage
    ) async throws {
        if role == .staff && staffID == nil { throw Refused.staffMemberNeeded }
        if let staffID, try await Staff.find(staffID, on: db, tenant: tenant) == nil { throw Refused.unknownStaffMember }
        let locksRows = storage.locksRows
        try await storage.write(on: db) { db in
            guard let sql = db as? any SQLDatabase else { throw UnsupportedDatabase() }
            struct Row: Decodable { let id: UUID }
            var owners = sql.select().column("id").from(User.schema).where("tenant_id", .equal, tenant)
                .where("role", .equal, UserRole.owner.rawValue).where("active", .equal, true)
            if locksRows { owners = owners.for(.update) }
            let activeOwners = try await owners.all(decoding: Row.self).map(\.id)
            guard let user = try await User.find(userID, on: db, tenant: tenant) else { throw Refused.unknownUser }
            let staysOwner = role == .owner && active
            if activeOwners.contains(userID) && !staysOwner && activeOwners.count == 1 { throw Refused.lastOwner }
            user.role = role
            user.staffID = staffID
            user.active = active
            try await user.update(on: db)
        }
    }
}
