import Fluent
import SQLKit

/// Secrets generated once per installation and kept in the database, so every process of one
/// installation (server, worker) shares them.
enum InstanceSecret {
    static let schema = "instance_secrets"
    static let manageLinks = "manage_links"

    static func value(named name: String, on db: any Database) async throws -> String? {
        struct Row: Decodable { let value: String }
        guard let sql = db as? any SQLDatabase else { return nil }
        return try await sql.select().column("value").from(schema).where("name", .equal, name)
            .first(decoding: Row.self)?.value
    }
}
