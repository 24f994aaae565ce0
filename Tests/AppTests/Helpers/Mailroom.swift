import Foundation
import NIOPosix
import VaporTesting

@testable import App

/// An app's outbox wired to a test SMTP server on a loopback port, and a worker to drive by hand.
struct Mailroom {
    static let sender = "bookings@nbne.test"

    let app: Application
    var server: TestSMTPServer?
    let port: Int
    /// Holds `port` while the mail server is down.
    var reserved: ReservedPort?

    /// Points the app's mail transport at a fresh test SMTP server (or, when `down`, at a port that
    /// refuses connections: `ReservedPort`).
    static func open(_ app: Application, options: TestSMTPServer.Options = .init(), down: Bool = false) async throws -> Mailroom {
        let reserved = down ? try ReservedPort() : nil
        let server = down ? nil : try await TestSMTPServer.start(options: options)
        let port = reserved?.port ?? server!.port
        let settings = SMTPSettings(
            host: "localhost", port: port, security: options.startTLS ? .starttls : .none,
            username: options.credentials?.username, password: options.credentials?.password, from: sender,
            replyTimeout: .seconds(5), tlsConfiguration: try TestCertificates.clientConfiguration())
        app.config.smtp = settings
        app.logger.logLevel = .error
        var transports = app.services.transports
        transports.mail = SMTPMailTransport(
            client: try SMTPClient(settings: settings, eventLoopGroup: MultiThreadedEventLoopGroup.singleton))
        app.services.transports = transports
        return Mailroom(app: app, server: server, port: port, reserved: reserved)
    }

    /// Starts a server on the same port (the mail server "comes back").
    mutating func bringUp(options: TestSMTPServer.Options = .init()) async throws {
        reserved?.release()
        reserved = nil
        server = try await TestSMTPServer.start(options: options, port: port)
    }

    func close() async throws { try await server?.stop() }

    var worker: OutboxWorker { OutboxWorker(app: app, transports: app.services.transports) }

    /// Runs worker passes at `now` until nothing more is due.
    @discardableResult
    func deliver(now: Date = testNow) async throws -> OutboxWorker.Pass {
        var total = OutboxWorker.Pass()
        while true {
            let pass = try await worker.runOnce(now: now)
            total.sent += pass.sent
            total.failed += pass.failed
            total.skipped += pass.skipped
            if pass.total == 0 || pass.failed > 0 { return total }
        }
    }

    /// Messages accepted by the server, parsed.
    var mails: [ParsedMail] { (server?.received ?? []).map { ParsedMail($0.data) } }

    func mails(to address: String) -> [ParsedMail] {
        (server?.received ?? []).filter { $0.recipients.contains(address) }.map { ParsedMail($0.data) }
    }

    /// The outbox rows, oldest first.
    func rows() async throws -> [OutboxMessage] {
        try await OutboxMessage.query(on: app.db).sort(\.$createdAt).sort(\.$kind).all()
    }
}
