import App
import ArgumentParser
import Foundation

/// `booking`: the NBNE Booking server and its operations commands.
@main
struct Booking: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "booking",
        abstract: "NBNE Booking: appointments and sessions for small businesses.",
        discussion:
            "Configuration comes from the environment (and a .env file): DATABASE_URL, HOST, PORT, PUBLIC_URL, BASE_DOMAIN, DEFAULT_TENANT, APP_SECRET, APP_ENV, SMTP_* and SMS_*. See README.md.",
        subcommands: [
            Serve.self, Worker.self, MailTest.self, Migrate.self, Seed.self, CreateTenantCommand.self, CreateUserCommand.self,
            CreateInstanceCommand.self, ApiKeyCommand.self, BackupCommand.self, RestoreCommand.self, Bench.self,
        ],
        defaultSubcommand: Serve.self)

    /// Puts Swift concurrency on the server's event loops (`EventLoopExecutor`), then runs the command.
    static func main() async {
        EventLoopExecutor.install()
        await main(nil)
    }
}

/// Reads the configuration, or prints one line per problem and exits with status 1.
func loadConfig(overrides: [String: String] = [:]) -> AppConfig {
    let environment = DotEnv.environment().merging(overrides) { _, override in override }
    do {
        let config = try AppConfig.load(from: environment)
        AppLogging.bootstrap(json: config.jsonLogs)
        return config
    } catch {
        FileHandle.standardError.write(Data((error.description + "\n").utf8))
        exit(1)
    }
}

/// Runs a command body, turning known failures into one clear line and exit status 1.
func runReportingErrors(_ body: () async throws -> Void) async throws {
    do {
        try await body()
    } catch let error as ConfigurationError {
        FileHandle.standardError.write(Data((error.description + "\n").utf8))
        throw ExitCode(1)
    } catch let error as TenantProvisioning.Failure {
        FileHandle.standardError.write(Data(("error: " + error.description + "\n").utf8))
        throw ExitCode(1)
    } catch let error as BackupError {
        FileHandle.standardError.write(Data(("error: " + error.description + "\n").utf8))
        throw ExitCode(1)
    } catch let error as ApiKeyCommands.Failure {
        FileHandle.standardError.write(Data(("error: " + error.description + "\n").utf8))
        throw ExitCode(1)
    } catch let error as UserProvisioning.Failure {
        FileHandle.standardError.write(Data(("error: " + error.description + "\n").utf8))
        throw ExitCode(1)
    }
}
