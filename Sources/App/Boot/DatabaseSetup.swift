import FluentPostgresDriver
import FluentSQLiteDriver
import Foundation
import SQLKit
import Vapor

/// Connects the application to the configured database.
enum DatabaseSetup {
    /// One-time tuning after connecting: SQLite files use write-ahead logging, so readers never wait
    /// for the writer (the setting is stored in the file). Call before migrating.
    static func prepare(_ app: Application) async throws {
        guard case .sqliteFile = app.config.database, let sql = app.db as? any SQLDatabase else { return }
        try await sql.raw("PRAGMA journal_mode = WAL").run()
    }

    static func configure(_ app: Application, location: AppConfig.DatabaseLocation, options: ConfigureOptions) throws {
        switch location {
        case .sqliteMemory:
            app.databases.use(.sqlite(.memory, sqlLogLevel: nil), as: .sqlite)
        case .sqliteFile(let path):
            let folder = URL(fileURLWithPath: path).deletingLastPathComponent().path
            do {
                // The database holds every client's details: readable by this user only.
                try FilePermissions.createPrivateDirectory(folder)
                try FilePermissions.preparePrivateFile(path)
            } catch {
                throw ConfigurationError(problems: [
                    "DATABASE_URL: cannot prepare the SQLite file '\(path)' (\(error))"
                ])
            }
            app.databases.use(
                .sqlite(.file(path), connectionPoolTimeout: options.connectionPoolTimeout, sqlLogLevel: nil), as: .sqlite)
        case .postgres(let url):
            var configuration: SQLPostgresConfiguration
            do {
                configuration = try SQLPostgresConfiguration(url: url)
            } catch {
                throw ConfigurationError(problems: ["DATABASE_URL: not a usable PostgreSQL URL"])
            }
            configuration.searchPath = options.postgresSearchPath
            configuration.coreConfiguration.options.connectTimeout = .seconds(5)
            // Only the app's own named prepared statements (`PreparedStatements`) have cached plans: plan
            // them once per connection instead of re-planning every call (each was checked with
            // EXPLAIN to have a tight generic plan). SQLKit's unnamed statements are unaffected.
            configuration.coreConfiguration.options.additionalStartupParameters = [("plan_cache_mode", "force_generic_plan")]
            app.databases.use(
                .postgres(
                    configuration: configuration, maxConnectionsPerEventLoop: options.postgresMaxConnectionsPerEventLoop,
                    connectionPoolTimeout: options.connectionPoolTimeout, encodingContext: .default, decodingContext: .default,
                    sqlLogLevel: .debug),
                as: .psql)
        }
    }
}
