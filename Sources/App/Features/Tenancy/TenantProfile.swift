import Fluent
import Foundation
import SQLKit

/// What the public website says about a business beyond its branding: where it is, how to reach
/// it, and its own privacy notice and terms (empty: the site shows defaults naming the business).
/// The policy texts are read only by the pages that show them; address and phone also come with
/// every `TenantContext`.
struct TenantProfile: Sendable, Equatable {
    var address: String
    var phone: String
    var privacyNotice: String
    var terms: String

    static let empty = TenantProfile(address: "", phone: "", privacyNotice: "", terms: "")

    static func load(tenant: UUID, on db: any Database) async throws -> TenantProfile {
        guard let sql = db as? any SQLDatabase else { return .empty }
        struct Row: Decodable { let address: String, phone: String, privacy_notice: String, terms: String }
        guard
            let row = try await sql.select().columns("address", "phone", "privacy_notice", "terms").from(Tenant.schema)
                .where("id", .equal, tenant).first(decoding: Row.self)
        else { return .empty }
        return TenantProfile(address: row.address, phone: row.phone, privacyNotice: row.privacy_notice, terms: row.terms)
    }
}
