import Fluent
import Foundation
import NIOPosix

/// Creates tenants (the `create-tenant` command, the demo seed and tests share it).
public enum TenantProvisioning {
    public struct Created: Sendable {
        public let tenantID: UUID
        public let slug: String
        /// The first admin API key, in plain text: shown once, stored only as a hash.
        public let apiKey: String
        /// The first owner's sign-in, when one was asked for.
        public var owner: UserProvisioning.Created? = nil
    }

    /// The first owner's sign-in: an email, and a password or nil for a generated one.
    public struct Owner: Sendable {
        public var email: String
        public var password: String?

        public init(email: String, password: String? = nil) {
            self.email = email
            self.password = password
        }
    }

    public struct Input: Sendable {
        public var slug: String
        public var name: String
        public var timezone: String
        public var kind: TenantKind
        public var contactEmail: String
        public var brandColour: String

        public init(
            slug: String, name: String, timezone: String, kind: TenantKind = .appointments,
            contactEmail: String? = nil, brandColour: String = "#3b5bdb"
        ) {
            self.slug = slug
            self.name = name
            self.timezone = timezone
            self.kind = kind
            self.contactEmail = contactEmail ?? "hello@\(slug).example"
            self.brandColour = brandColour
        }

        /// Every problem with the input, one line each; empty when valid.
        public var problems: [String] {
            var result: [String] = []
            if !TenantSlug.isValid(slug) { result.append("--slug: '\(slug)' is not valid (\(TenantSlug.rule))") }
            let trimmed = name.trimmingCharacters(in: .whitespacesAndNewlines)
            if trimmed.isEmpty || trimmed.count > 120 { result.append("--name: must be 1 to 120 characters") }
            if !Formats.isTimeZone(timezone) {
                result.append("--timezone: '\(timezone)' is not an IANA zone such as Europe/London")
            }
            if !Formats.isEmail(contactEmail) { result.append("--contact-email: '\(contactEmail)' is not an email address") }
            if !Formats.isHexColour(brandColour) { result.append("--brand-colour: must look like #1a2b3c") }
            return result
        }
    }

    public enum Failure: Error, CustomStringConvertible {
        case invalid([String])
        case slugTaken(String)

        public var description: String {
            switch self {
            case .invalid(let problems): return problems.joined(separator: "\n")
            case .slugTaken(let slug): return "--slug: a tenant called '\(slug)' already exists"
            }
        }
    }

    /// Creates the tenant, its first API key and, with `owner`, its first owner (hashed on `threadPool`),
    /// all or nothing.
    public static func create(
        _ input: Input, owner: Owner? = nil, on db: any Database, threadPool: NIOThreadPool? = nil
    ) async throws -> Created {
        var problems = input.problems
        if let password = owner?.password, let problem = Passwords.problem(password) {
            problems.append("--owner-password: \(problem)")
        }
        if let email = owner?.email, let problem = Formats.emailProblem(email.trimmingCharacters(in: .whitespaces)) {
            problems.append("--owner-email: \(problem)")
        }
        guard problems.isEmpty else { throw Failure.invalid(problems) }
        if try await Tenant.query(on: db).filter(\.$slug == input.slug).first() != nil {
            throw Failure.slugTaken(input.slug)
        }
        return try await db.transaction { db in
            let tenant = Tenant(
                slug: input.slug, name: input.name.trimmingCharacters(in: .whitespacesAndNewlines), kind: input.kind,
                timezone: input.timezone, contactEmail: input.contactEmail.lowercased(), brandColour: input.brandColour)
            try await tenant.create(on: db)
            let key = try await ApiKeyService.issue(tenantID: try tenant.requireID(), name: "First admin key", on: db)
            var created = Created(tenantID: try tenant.requireID(), slug: input.slug, apiKey: key.plaintext)
            if let owner {
                guard let threadPool else { preconditionFailure("an owner's password is hashed on a thread pool") }
                created.owner = try await UserProvisioning.create(
                    .init(
                        tenantID: try tenant.requireID(), email: owner.email, name: nil, role: .owner, password: owner.password),
                    on: db, threadPool: threadPool)
            }
            return created
        }
    }
}
