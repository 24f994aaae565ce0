import Fluent
import Vapor

/// Builds a configured application for a command, runs the work, and always shuts it down.
public enum AppRunner {
    /// Makes an application from the configuration. `arguments` are what Vapor's own command line
    /// sees (only `serve` uses it).
    public static func make(config: AppConfig, arguments: [String] = ["booking"]) async throws -> Application {
        let environment = Environment(name: config.mode.rawValue, arguments: arguments)
        let app = try await Application.make(environment)
        do {
            try configure(app, config: config)
            try await DatabaseSetup.prepare(app)
        } catch {
            try? await app.asyncShutdown()
            throw error
        }
        return app
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

    /// Applies pending migrations.
    public static func migrate(_ app: Application) async throws {
        try await app.autoMigrate()
    }

    /// Migrates, seeds demo data into an empty database when asked, then serves until stopped.
    public static func serve(config: AppConfig, seedDemo: Bool) async throws {
        let app = try await make(
            config: config,
            arguments: ["booking", "serve", "--hostname", config.host, "--port", String(config.port)])
        do {
            try await app.autoMigrate()
            if seedDemo && config.mode != .production, try await Tenant.query(on: app.db).count() == 0 {
                let keys = try await DemoData.seed(on: app.db, clock: app.clock)
                for (slug, key) in keys.sorted(by: { $0.key < $1.key }) {
                    app.logger.notice("Demo tenant '\(slug)' seeded; its admin API key (shown once): \(key)")
                }
            }
            try await app.execute()
            try await app.asyncShutdown()
        } catch {
            try? await app.asyncShutdown()
            throw error
        }
    }
}
