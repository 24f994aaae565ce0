import Fluent
import NIOCore
import SQLKit
import Vapor

/// Starts the application: the one start-up path of `serve`, `worker`, every command, the
/// benchmarks and the tests.
public enum AppRunner {
    /// Makes an application from the configuration. `arguments` are what Vapor's own command line
    /// sees (only `serve` uses it).
    public static func make(
        config: AppConfig, options: ConfigureOptions = .init(), arguments: [String] = ["booking"]
    ) async throws -> Application {
        let environment = Environment(name: config.mode.rawValue, arguments: arguments)
        let app = try await Application.make(environment)
        do {
            try configure(app, config: config, options: options)
            try await DatabaseSetup.prepare(app)
        } catch {
            try? await app.asyncShutdown()
            throw error
        }
        return app
    }

    /// Runs `work` on an application whose database is new and migrated, then removes that data and
    /// shuts down: on PostgreSQL a throwaway schema of its own (so runs never meet), otherwise the
    /// configured SQLite file, which the caller owns. `setUp` runs before migrating (a test's clock,
    /// the log level). For the tests and the benchmarks.
    public static func withFreshDatabase<T>(
        config: AppConfig, postgresConnectionsPerEventLoop: Int = ConfigureOptions.defaultPostgresConnectionsPerEventLoop,
        connectionPoolTimeout: TimeAmount = ConfigureOptions.defaultConnectionPoolTimeout,
        setUp: (Application) -> Void = { _ in }, _ work: (Application) async throws -> T
    ) async throws -> T {
        let schema =
            config.database.isPostgres ? "scratch_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "") : nil
        let options = ConfigureOptions(
            postgresSearchPath: schema.map { [$0, "public"] },
            postgresMaxConnectionsPerEventLoop: postgresConnectionsPerEventLoop,
            connectionPoolTimeout: connectionPoolTimeout)
        let app = try await make(config: config, options: options)
        do {
            setUp(app)
            if let schema, let sql = app.db as? any SQLDatabase {
                // The exclusion constraint's extension lives in `public`, made once: created from a
                // scratch schema it would be dropped with it, and every run would race to make it again.
                try await retryingRaces {
                    try await sql.raw("CREATE EXTENSION IF NOT EXISTS btree_gist WITH SCHEMA public").run()
                }
                try await sql.raw("CREATE SCHEMA \(ident: schema)").run()
            }
            try await app.autoMigrate()
            let result = try await work(app)
            if let schema, let sql = app.db as? any SQLDatabase {
                // Runs dropping their schemas at once can deadlock on the catalogs: try again.
                try await retryingRaces { try await sql.raw("DROP SCHEMA \(ident: schema) CASCADE").run() }
            }
            try await app.asyncShutdown()
            return result
        } catch {
            try? await app.asyncShutdown()
            throw error
        }
    }

    /// `work`, again after a moment when parallel runs collide on PostgreSQL's catalogs (a deadlock,
    /// or two sessions creating the same extension); up to five tries.
    private static func retryingRaces(_ work: () async throws -> Void) async throws {
        for attempt in 1... {
            do {
                return try await work()
            } catch  where attempt < 5 {
                try await Task.sleep(for: .milliseconds(50 * attempt))
            }
        }
    }

    /// Runs `work` on a configured application, then shuts it down. Routine logs (each migration
    /// step) are kept quiet: a command prints its own result.
    public static func with<T>(config: AppConfig, _ work: (Application) async throws -> T) async throws -> T {
        let app = try await make(config: config)
        app.logger.logLevel = .warning
        do {
            let result = try await work(app)
            try await app.asyncShutdown()
            return result
        } catch {
            try? await app.asyncShutdown()
            throw error
        }
    }

    /// Runs the outbox worker alone until SIGINT or SIGTERM (for a separate worker process).
    public static func worker(config: AppConfig) async throws {
        let app = try await make(config: config)
        app.warnAboutNotificationSettings()
        let worker = OutboxWorker(app: app, transports: app.services.transports)
        let task = Task { await worker.run() }
        let signals = [SIGINT, SIGTERM].map { signal -> any DispatchSourceSignal in
            Foundation.signal(signal, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: signal)
            source.setEventHandler { task.cancel() }
            source.resume()
            return source
        }
        await task.value
        signals.forEach { $0.cancel() }
        try await app.asyncShutdown()
    }

    /// Sends one test email with the configured SMTP settings; throws the SMTP error if it fails.
    public static func sendTestMail(config: AppConfig, to address: String) async throws {
        guard let smtp = config.smtp else {
            throw ConfigurationError(problems: ["SMTP_HOST: is not set, so there is nothing to test; set SMTP_HOST and SMTP_FROM"]
            )
        }
        try await with(config: config) { app in
            let client = try SMTPClient(settings: smtp, eventLoopGroup: app.eventLoopGroup)
            let message = MailMessage(
                from: MailAddress(name: "NBNE Booking", email: smtp.from), replyTo: nil,
                to: [MailAddress(name: nil, email: address)],
                subject: "NBNE Booking: test message",
                messageID: "\(UUID().uuidString.lowercased())@\(smtp.from.split(separator: "@").last ?? "localhost")",
                date: Date(), text: "This test message shows that the SMTP settings of NBNE Booking work.",
                html: "<p>This test message shows that the SMTP settings of NBNE Booking work.</p>", calendar: nil)
            try await client.send(from: smtp.from, to: [address], data: MIMEWriter.render(message))
        }
    }

    /// Applies pending migrations.
    public static func migrate(_ app: Application) async throws {
        try await app.autoMigrate()
    }

    /// Migrates, seeds demo data into an empty database when asked, then serves until stopped, with
    /// the outbox worker running alongside unless `runWorker` is false.
    public static func serve(config: AppConfig, seedDemo: Bool, runWorker: Bool = true) async throws {
        let app = try await make(
            config: config,
            arguments: ["booking", "serve", "--hostname", config.host, "--port", String(config.port)])
        do {
            try await app.autoMigrate()
            app.warnAboutNotificationSettings()
            if runWorker { app.lifecycle.use(OutboxWorkerLifecycle()) }
            if seedDemo && config.mode != .production, try await Tenant.query(on: app.db).count() == 0 {
                let seeded = try await DemoData.seed(into: app)
                for (slug, access) in seeded.sorted(by: { $0.key < $1.key }) {
                    app.logger.notice("Demo tenant '\(slug)' seeded; its admin API key (shown once): \(access.apiKey)")
                    for login in access.logins {
                        app.logger.notice(
                            "Demo tenant '\(slug)': \(login.role.rawValue) sign-in \(login.email), password (shown once): \(login.password)"
                        )
                    }
                }
            }
            try await app.execute()
            // SIGTERM or SIGINT: stop accepting and answer every request in flight first, then stop
            // the worker and close the database pools (`asyncShutdown`). Vapor's own shutdown closes
            // its stored services in no set order, and closed pools failed the requests still running
            // (measured: 35 of 50 in flight answered 503 on PostgreSQL; `scripts/load/sigterm.py`).
            // The server's shutdown waits for open connections only: handlers whose clients have
            // gone are waited for too (`InFlightRequests`).
            await app.server.shutdown()
            if !(await app.services.inFlight.drained(within: .seconds(10))) {
                app.logger.warning("Stopping with \(app.services.inFlight.current) requests still being answered after 10 s")
            }
            try await app.asyncShutdown()
        } catch {
            try? await app.asyncShutdown()
            throw error
        }
    }
}
