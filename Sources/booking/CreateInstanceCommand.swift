import App
import ArgumentParser
import Foundation

/// `booking create-instance NAME DIR`: a folder that runs one business on its own.
struct CreateInstanceCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "create-instance",
        abstract:
            "Create a stand-alone instance for one business in DIR (.env, SQLite data folder, the business and its admin key).")

    @Argument(help: "The business's display name, e.g. \"House of Hair\".") var name: String
    @Argument(help: "The folder to create it in.") var directory: String
    @Option(help: "URL name (default: from the name).") var slug: String?
    @Option(help: "IANA time zone.") var timezone = "Europe/London"
    @Option(help: "appointments or sessions.") var kind = "appointments"
    @Option(help: "Where business notifications go.") var contactEmail: String?
    @Option(help: "Port the instance listens on.") var port = 8080
    @Option(
        help:
            "The first owner's sign-in email (default: --contact-email; asked for at a terminal). A password is generated and printed once."
    )
    var ownerEmail: String?

    /// At a terminal, asks for the first owner's email (empty: none yet); elsewhere, nil.
    private func askForOwnerEmail() -> String? {
        guard isatty(STDIN_FILENO) == 1 else { return nil }
        print("The first owner's email, to sign in with (Enter to skip): ", terminator: "")
        let answer = readLine()?.trimmingCharacters(in: .whitespaces) ?? ""
        return answer.isEmpty ? nil : answer
    }

    func validate() throws {
        guard TenantKind(rawValue: kind) != nil else { throw ValidationError("--kind must be appointments or sessions") }
    }

    func run() async throws {
        try await runReportingErrors {
            let owner = (ownerEmail ?? contactEmail ?? askForOwnerEmail()).map { TenantProvisioning.Owner(email: $0) }
            let created = try await InstanceCreation.create(
                name: name, folder: directory, slug: slug, timezone: timezone, kind: TenantKind(rawValue: kind)!,
                contactEmail: contactEmail, port: port, owner: owner)
            print("Created the instance of '\(name)' in \(created.folder) (tenant '\(created.slug)').")
            print("Admin API key (store it now; it is shown only once):")
            print(created.apiKey)
            if let owner = created.owner, let password = owner.generatedPassword {
                print("First owner: \(owner.email), password (store it now; it is shown only once):")
                print(password)
            } else {
                print("No owner sign-in yet: booking create-user --tenant \(created.slug) --email EMAIL --role owner")
            }
            print("")
            print("Next steps:")
            print("1. Serve it (settings in \(created.folder)/.env):  cd \(created.folder) && booking serve")
            print("2. Open \(created.url)/api/v1/tenant: no tenant needs naming (DEFAULT_TENANT=\(created.slug)).")
            print("3. Back it up, from the same folder:  booking backup   (check a backup with: booking backup --verify FILE)")
            print("4. Set SMTP_HOST and SMTP_FROM in .env so confirmations are sent (they wait in the outbox until then).")
        }
    }
}
