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
        try await database.schema(Client.schema)
            .field("sms_opt_in", .bool, .required, .sql(.default(false)))
            .update()
        try await database.schema(InstanceSecret.schema)
            .field("name", .string, .identifier(auto: false))
            .field("value", .string, .required)
            .create()
        guard let sql = database as? any SQLDatabase else { return }
        let secret = Secrets.base64URL(Secrets.randomBytes(32))
        try await sql.insert(into: InstanceSecret.schema).columns("name", "value")
            .values(SQLBind(InstanceSecret.manageLinks), SQLBind(secret)).run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(InstanceSecret.schema).delete()
        try await database.schema(Client.schema).deleteField("sms_opt_in").update()
        try await database.schema(Tenant.schema).deleteField("reminder_policy").update()
    }
}
