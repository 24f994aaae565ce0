import Fluent

/// Adds `enrollments.attendance`: whether an enrolled client came (`attended`, `absent`), marked
/// by the business from the class's start; null until marked (issue 23).
struct AddAttendanceToEnrollments: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(Enrollment.schema).field("attendance", .string).update()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(Enrollment.schema).deleteField("attendance").update()
    }
}
