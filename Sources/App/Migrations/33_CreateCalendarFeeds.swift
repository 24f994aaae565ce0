import Fluent

/// `calendar_feeds`: a portal user's private iCalendar subscription (issue 23): the token's hash
/// only, whose bookings it shows (a staff member's, or the whole business's for an owner), and when
/// it was revoked. Also `sessions.updated_at`, so a class's feed entry can say it changed.
struct CreateCalendarFeeds: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.tenantOwnedTable(CalendarFeed.schema)
            .field("user_id", .uuid, .required, .references(User.schema, "id", onDelete: .cascade))
            .field("staff_id", .uuid, .references(Staff.schema, "id", onDelete: .cascade))
            .field("token_hash", .string, .required)
            .field("created_at", .datetime, .required)
            .field("revoked_at", .datetime)
            .unique(on: "tenant_id", "token_hash")
            .create()
        try await database.createIndex(on: CalendarFeed.schema, "tenant_id", "user_id")
        try await database.schema(ClassSession.schema).field("updated_at", .datetime).update()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(ClassSession.schema).deleteField("updated_at").update()
        try await database.schema(CalendarFeed.schema).delete()
    }
}
