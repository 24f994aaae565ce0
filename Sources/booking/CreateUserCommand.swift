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

    func run() async throws {
        let config = loadConfig()
        try await runReportingErrors {
            let created = try await UserCommands.create(
                tenant: tenant, email: email, name: name, role: role, staff: staff, password: password, config: config)
            print("Created \(created.role.rawValue) \(created.email) for '\(tenant)'.")
            if let generated = created.generatedPassword {
                print("Password (store it now; it is shown only once):")
                print(generated)
            }
        }
    }
}
