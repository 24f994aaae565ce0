import Foundation

extension Booking {
    /// Every column a new booking is written with, by both booking stores. `created_at` and
    /// `updated_at` are set by the store before writing.
    static let insertColumns = InsertColumns<Booking>(
        table: schema,
        columns: [
            .init(name: "id", type: .uuid(nil)) { .uuid($0.id) },
            .init(name: "tenant_id", type: .uuid(nil)) { .uuid($0.tenantID) },
            .init(name: "service_id", type: .uuid(nil)) { .uuid($0.serviceID) },
            .init(name: "staff_id", type: .uuid(nil)) { .uuid($0.staffID) },
            .init(name: "client_id", type: .uuid(nil)) { .uuid($0.clientID) },
            .init(name: "starts_at", type: .date(.distantPast)) { .date($0.startsAt) },
            .init(name: "ends_at", type: .date(.distantPast)) { .date($0.endsAt) },
            .init(name: "blocked_from", type: .date(.distantPast)) { .date($0.blockedFrom) },
            .init(name: "blocked_until", type: .date(.distantPast)) { .date($0.blockedUntil) },
            .init(name: "status", type: .text(nil)) { .text($0.status.rawValue) },
            .init(name: "notes", type: .text(nil)) { .text($0.notes) },
            .init(name: "manage_token_hash", type: .text(nil)) { .text($0.manageTokenHash) },
            .init(name: "created_at", type: .date(.distantPast)) { .date($0.createdAt ?? .distantPast) },
            .init(name: "updated_at", type: .date(.distantPast)) { .date($0.updatedAt ?? .distantPast) },
            .init(name: "contact_name", type: .text(nil)) { .text($0.contactName) },
            .init(name: "contact_email", type: .text(nil)) { .text($0.contactEmail) },
            .init(name: "contact_phone", type: .text(nil)) { .text($0.contactPhone) },
            .init(name: "contact_sms_opt_in", type: .bool(false)) { .bool($0.contactSMSOptIn) },
        ])
}
