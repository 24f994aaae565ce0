import Fluent
import SQLKit
import Vapor

/// Adds the notification settings: the tenant's reminder policy, the client's SMS opt-in, and the
/// instance secret that manage links are derived from when `APP_SECRET` is not set.
struct AddNotificationSettings: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(Tenant.schema)
            .field("reminder_policy", .string, .required, .sql(.default(ReminderPolicy.standard.rawValue)))
            .update()
        try await database.schema(Customer.schema)
            .field("sms_opt_in", .bool, .required, .sql(.default(false)))
            .update()
        try await database.schema(InstanceSecret.schema)
            .field("name", .string, .identifier(auto: false))
            .field("value", .string, .required)
            .create()
        guard let sql = database as? any SQLDatabase else { return }
        let secret = ApiKeyService.base64URL(ApiKeyService.randomBytes(32))
        try await sql.insert(into: InstanceSecret.schema).columns("name", "value")
            .values(SQLBind(InstanceSecret.manageLinks), SQLBind(secret)).run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(InstanceSecret.schema).delete()
        try await database.schema(Customer.schema).deleteField("sms_opt_in").update()
        try await database.schema(Tenant.schema).deleteField("reminder_policy").update()
    }
}

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
