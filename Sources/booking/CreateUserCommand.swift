import App
import ArgumentParser

/// `booking create-user`: a sign-in for a tenant's portal.
struct CreateUserCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "create-user",
        abstract: "Create a portal user (owner or staff) for a tenant; prints a generated password once.")

    @Option(help: "The tenant's slug.") var tenant: String
    @Option(help: "The address they sign in with.") var email: String
    @Option(help: "owner (everything) or staff (their own calendar and bookings).") var role: String
    @Option(help: "For staff: the id of the staff member whose calendar they run.") var staff: String?
    @Option(help: "Their name (default: the email's part before the @).") var name: String?
    @Option(
        help:
            "At least \(Passwords.minimumCharacters) characters (default: a random one, printed once). Visible to other users of this machine while the command runs; prefer the default."
    )
    var password: String?
    @Flag(
        help:
            "Email them a one-time link (valid 60 minutes) to choose their own password, instead of printing one. Needs the outbox worker (serve or worker) and mail set up."
    )
    var invite = false

    func run() async throws {
        let config = loadConfig()
        try await runReportingErrors {
            let created = try await UserCommands.create(
                tenant: tenant, email: email, name: name, role: role, staff: staff, password: password, invite: invite,
                config: config)
            print("Created \(created.role.rawValue) \(created.email) for '\(tenant)'.")
            if invite {
                print("An invitation to choose a password is queued to \(created.email); the link works for 60 minutes.")
            } else if let generated = created.generatedPassword {
                print("Password (store it now; it is shown only once):")
                print(generated)
            }
        }
    }
}
