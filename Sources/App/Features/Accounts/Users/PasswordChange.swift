import Fluent
import NIOPosix
import Vapor

/// A signed-in user changing their own password (issue 22): the current password is required, the
/// new one follows `Passwords`' rules, and every other session of the user ends, so a browser left
/// signed in elsewhere (or someone who learnt the old password) is signed out.
enum PasswordChange {
    /// Why the password was not changed, per form field; nothing is stored when there is any.
    struct Refused: Error, Sendable {
        let problems: [(field: String, message: String)]
    }

    static func change(
        user current: PortalSessions.Current, currentPassword: String, newPassword: String, on db: any Database,
        threadPool: NIOThreadPool
    ) async throws {
        guard let user = try await User.find(current.userID, on: db), user.tenantID == current.tenantID, user.active else {
            throw Refused(problems: [("currentPassword", "your account is no longer active; ask the business's owner")])
        }
        var problems: [(String, String)] = []
        if try await !Passwords.verify(currentPassword, against: user.passwordHash, on: threadPool) {
            problems.append(("currentPassword", "is not your current password"))
        }
        if let problem = Passwords.problem(newPassword) {
            problems.append(("newPassword", problem))
        } else if newPassword == currentPassword {
            problems.append(("newPassword", "must differ from the current one"))
        }
        guard problems.isEmpty else { throw Refused(problems: problems) }
        user.passwordHash = try await Passwords.hash(newPassword, on: threadPool)
        try await db.transaction { db in
            try await user.update(on: db)
            try await PortalSessions.endOthers(of: current.userID, keeping: current.sessionID, on: db)
        }
    }
}
