import Fluent
import Foundation
import SQLKit
import Testing
import VaporTesting

@testable import App

/// The fixed "now" of tests: Monday 2026-11-30 08:00 UTC (08:00 in London).
let testNow = try! Date("2026-11-30T08:00:00Z", strategy: .iso8601)

/// Which database the storage tests run on: PostgreSQL when `TEST_DATABASE_URL` is set, else SQLite
/// in memory. CI runs the suite once each way.
enum TestDatabase {
    static var postgresURL: String? {
        guard let url = ProcessInfo.processInfo.environment["TEST_DATABASE_URL"], !url.isEmpty else { return nil }
        return url
    }
}

/// Builds the real application through the app's own start-up path (`AppRunner.withFreshDatabase`)
/// on a fresh, migrated database with a fixed clock, runs `body`, and tears everything down. SQLite
/// uses a temporary file (like production, with WAL); on PostgreSQL each call gets its own schema,
/// dropped afterwards.
func withTestApp(
    now: Date = testNow, config adjust: (inout AppConfig) -> Void = { _ in },
    _ body: (Application) async throws -> Void
) async throws {
    let sqlitePath = FileManager.default.temporaryDirectory
        .appendingPathComponent("nbne-test-\(UUID().uuidString).sqlite").path
    let mailFolder = FileManager.default.temporaryDirectory.appendingPathComponent("nbne-mail-\(UUID().uuidString)").path
    defer {
        for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: sqlitePath + suffix) }
        try? FileManager.default.removeItem(atPath: mailFolder)
    }
    var config = AppConfig(mode: .testing, database: .sqliteFile(path: sqlitePath))
    config.developmentMailDirectory = mailFolder
    // bcrypt at its lowest cost: hundreds of hashes at cost 12 starved the concurrency tests of CPU.
    config.passwordHashCost = 4
    if let url = TestDatabase.postgresURL { config.database = .postgres(url: url) }
    adjust(&config)
    // Many apps run at once in the test process: a small pool each.
    try await AppRunner.withFreshDatabase(
        config: config, postgresConnectionsPerEventLoop: 2, connectionPoolTimeout: .seconds(60)
    ) { app in
        app.clock = FixedClock(now)
        app.logger.logLevel = .warning
    } _: { app in
        try await body(app)
    }
}
