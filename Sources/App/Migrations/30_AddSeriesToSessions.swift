import Fluent

/// Adds `sessions.series_id`: the weekly series a session was planned in (null for a one-off), so
/// the business can cancel the rest of a series at once (issue 23).
struct AddSeriesToSessions: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(ClassSession.schema).field("series_id", .uuid).update()
        try await database.createIndex(on: ClassSession.schema, "tenant_id", "series_id")
    }

    func revert(on database: any Database) async throws {
        try await database.schema(ClassSession.schema).deleteField("series_id").update()
    }
}
