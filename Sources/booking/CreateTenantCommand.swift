import App
import ArgumentParser

struct CreateTenantCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "create-tenant",
        abstract: "Create a tenant and print its first admin API key (shown once).")

    @Option(help: "URL name: lowercase letters, digits and hyphens.") var slug: String
    @Option(help: "Display name.") var name: String
    @Option(help: "IANA time zone, e.g. Europe/London.") var timezone: String
    @Option(help: "appointments or sessions.") var kind: String = "appointments"
    @Option(help: "Where business notifications go.") var contactEmail: String?
    @Option(help: "The first owner's sign-in email (with --owner-password, or a password is generated and printed once).")
    var ownerEmail: String?
    @Option(
        help:
            "The first owner's password, at least \(Passwords.minimumCharacters) characters (visible to other users of this machine while the command runs; prefer the generated one)."
    )
    var ownerPassword: String?

    func validate() throws {
        guard TenantKind(rawValue: kind) != nil else {
            throw ValidationError("--kind must be appointments or sessions")
        }
        if ownerPassword != nil && ownerEmail == nil {
            throw ValidationError("--owner-password needs --owner-email")
        }
    }

    func run() async throws {
        let config = loadConfig()
        try await runReportingErrors {
            try await AppRunner.with(config: config) { app in
                try await AppRunner.migrate(app)
                let created = try await TenantProvisioning.create(
                    .init(
                        slug: slug, name: name, timezone: timezone, kind: TenantKind(rawValue: kind)!,
                        contactEmail: contactEmail),
                    owner: ownerEmail.map { TenantProvisioning.Owner(email: $0, password: ownerPassword) },
                    on: app.db, threadPool: app.threadPool)
                print("Created tenant '\(created.slug)' (\(created.tenantID)).")
                print("Admin API key (store it now; it is shown only once):")
                print(created.apiKey)
                if let owner = created.owner {
                    print("Owner: \(owner.email)")
                    if let password = owner.generatedPassword {
                        print("Owner's password (store it now; it is shown only once):")
                        print(password)
                    }
                }
            }
        }
    }
}
