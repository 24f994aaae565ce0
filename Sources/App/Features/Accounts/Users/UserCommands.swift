import Fluent
import Foundation
import Vapor

/// What `booking create-user` does, for the operator at the command line.
public enum UserCommands {
    /// Creates a portal user of the tenant `slug`. `role` is `owner` or `staff`; `staff` is the staff
    /// member's id. Without `password`, one is generated and returned once in `generatedPassword`;
    /// with `invite`, an emailed one-time link lets them choose their own instead (the generated one
    /// is then never shown).
    public static func create(
        tenant slug: String, email: String, name: String?, role: String, staff: String?, password: String?,
        invite: Bool = false, config: AppConfig
    ) async throws -> UserProvisioning.Created {
        var problems: [(option: String, message: String)] = []
        let parsedRole = UserRole(rawValue: role.lowercased())
        if parsedRole == nil { problems.append(("role", "must be owner or staff")) }
        if invite && password != nil { problems.append(("invite", "choose --invite or --password, not both")) }
        let staffID = staff.flatMap(UUID.init(uuidString:))
        if let staff, staffID == nil {
            problems.append(("staff", "'\(staff)' is not a staff id (a UUID, as the admin API lists them)"))
        }
        guard let parsedRole, problems.isEmpty else { throw UserProvisioning.Failure(problems: problems) }
        return try await AppRunner.with(config: config) { app in
            try await AppRunner.migrate(app)
            let tenantID = try await ApiKeyCommands.tenantID(slug, on: app)
            let created = try await UserProvisioning.create(
                .init(tenantID: tenantID, email: email, name: name, role: parsedRole, staffID: staffID, password: password),
                on: app.db, threadPool: app.threadPool)
            if invite, let user = try await User.find(created.userID, on: app.db) {
                try await AccountLinks.send(
                    .invite, to: user, now: app.clock.now(), tokens: try await app.services.manageTokens(on: app.db), on: app.db)
            }
            return created
        }
    }
}
