import Fluent
import NIOPosix
import Vapor

/// Creates portal users: `booking create-user`, `create-tenant --owner-email`, `create-instance`
/// and the demo seed share it (issue 22). The portal's invitations will too.
public enum UserProvisioning {
    public struct Input: Sendable {
        public var tenantID: UUID
        public var email: String
        public var name: String?
        public var role: UserRole
        /// Required for `staff`: the staff member whose calendar the user runs (an owner may have one too).
        public var staffID: UUID?
        /// nil: a random password is made and returned once.
        public var password: String?

        public init(
            tenantID: UUID, email: String, name: String? = nil, role: UserRole, staffID: UUID? = nil, password: String? = nil
        ) {
            self.tenantID = tenantID
            self.email = email
            self.name = name
            self.role = role
            self.staffID = staffID
            self.password = password
        }
    }

    public struct Created: Sendable {
        public let userID: UUID
        public let email: String
        public let role: UserRole
        /// The password made for the user, to show once; nil when the caller chose it.
        public let generatedPassword: String?
    }

    /// Why a user was not created, one problem per option, each saying what to change.
    public struct Failure: Error, CustomStringConvertible {
        public let problems: [(option: String, message: String)]
        public var description: String { problems.map { "--\($0.option): \($0.message)" }.joined(separator: "\n") }
    }

    public static func create(_ input: Input, on db: any Database, threadPool: NIOThreadPool) async throws -> Created {
        let email = input.email.trimmingCharacters(in: .whitespaces).lowercased()
        let name = (input.name ?? String(email.prefix { $0 != "@" })).trimmingCharacters(in: .whitespacesAndNewlines)
        var problems: [(String, String)] = []
        if let problem = Formats.emailProblem(email) { problems.append(("email", problem)) }
        if name.isEmpty || name.count > 120 { problems.append(("name", "must be 1 to 120 characters")) }
        if let password = input.password, let problem = Passwords.problem(password) { problems.append(("password", problem)) }
        if let staffID = input.staffID {
            let staff = try await Staff.find(staffID, on: db)
            if staff == nil || staff?.tenantID != input.tenantID {
                problems.append(("staff", "no staff member \(staffID) in this business"))
            }
        } else if input.role == .staff {
            problems.append(("staff", "a staff user needs the id of the staff member whose calendar they run"))
        }
        if problems.isEmpty,
            try await User.query(on: db, tenant: input.tenantID).filter(\.$email == email).first() != nil
        {
            problems.append(("email", "\(email) has an account in this business already"))
        }
        guard problems.isEmpty else { throw Failure(problems: problems) }

        let password = input.password ?? Passwords.generate()
        let user = User(
            tenantID: input.tenantID, email: email, name: name, role: input.role, staffID: input.staffID,
            passwordHash: try await Passwords.hash(password, on: threadPool))
        do {
            try await user.create(on: db)
        } catch let error as any DatabaseError where error.isConstraintFailure {
            // The same address created at the same moment by someone else.
            throw Failure(problems: [("email", "\(email) has an account in this business already")])
        }
        return Created(
            userID: try user.requireID(), email: email, role: input.role,
            generatedPassword: input.password == nil ? password : nil)
    }
}
