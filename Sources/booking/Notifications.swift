import App
import ArgumentParser
import Foundation

struct Worker: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Deliver queued emails and text messages until stopped (SIGINT/SIGTERM).",
        discussion:
            "`booking serve` runs the same worker in-process unless started with --no-worker. Any number of workers may run at once against PostgreSQL.")

    func run() async throws {
        let config = loadConfig()
        try await runReportingErrors {
            try await AppRunner.worker(config: config)
        }
    }
}

struct MailTest: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "mail-test",
        abstract: "Send one test email with the SMTP_* settings and report what the server said.")

    @Option(name: .long, help: "The address to send the test message to.")
    var to: String

    func validate() throws {
        guard to.contains("@"), !to.contains(where: { $0.isWhitespace }) else {
            throw ValidationError("--to must be an email address such as you@example.com")
        }
    }

    func run() async throws {
        let config = loadConfig()
        try await runReportingErrors {
            do {
                try await AppRunner.sendTestMail(config: config, to: to)
                print("Sent a test message to \(to) through \(config.smtp.map { "\($0.host):\($0.port)" } ?? "?").")
            } catch let error as ConfigurationError {
                throw error
            } catch {
                FileHandle.standardError.write(Data("error: could not send the test message: \(error)\n".utf8))
                throw ExitCode(1)
            }
        }
    }
}
