import App
import Foundation
import Vapor

/// The app a single-process benchmark measures: a fresh SQLite file in a scratch folder (removed
/// afterwards), and its HTTP server on a loopback port while the measurement runs.
enum BenchApp {
    static func withFreshSQLite(port: Int, _ body: (Application) async throws -> Void) async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("nbne-bench-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        var config = AppConfig(
            mode: .testing, database: .sqliteFile(path: folder.appendingPathComponent("bench.sqlite").path), host: "127.0.0.1",
            port: port)
        // The server keeps recent tenant reads as in production (testing mode alone would read the
        // tenant row on every request).
        config.keepsRecentReads = true
        try await AppRunner.withFreshDatabase(config: config, setUp: { $0.logger.logLevel = .warning }, body)
    }

    /// Runs `body` with the app's server listening on `port`, and stops the server however it ends.
    static func serving(_ app: Application, port: Int, _ body: () async throws -> Void) async throws {
        try await app.server.start(address: .hostname("127.0.0.1", port: port))
        do {
            try await body()
            await app.server.shutdown()
        } catch {
            await app.server.shutdown()
            throw error
        }
    }
}
