import Foundation
import SQLiteKit
import SQLiteNIO

#if canImport(Glibc)
    import Glibc
#endif

/// SQLite backups: `VACUUM INTO` a copy while the server keeps running (a consistent snapshot of the
/// live file), checked with `PRAGMA integrity_check` before it takes its final name.
enum SQLiteBackup {
    /// Writes a consistent copy of the live database (`live`) to `destination`; returns the copy's
    /// migrations and row counts (the state the backup holds).
    static func copy(from live: any SQLDatabase, to destination: String) async throws -> (
        migrations: [String], rowCounts: [String: Int]
    ) {
        let temporary = destination + ".partial"
        try? FileManager.default.removeItem(atPath: temporary)
        try await live.raw("VACUUM INTO \(bind: temporary)").run()
        do {
            try FilePermissions.restrict(file: temporary)
            let state = try await inspect(temporary)
            try FileManager.default.moveItem(atPath: temporary, toPath: destination)
            return state
        } catch {
            try? FileManager.default.removeItem(atPath: temporary)
            throw error
        }
    }

    /// Opens a database file on its own (read-only use), checks its integrity and reads what it holds.
    static func inspect(_ path: String) async throws -> (migrations: [String], rowCounts: [String: Int]) {
        let connection: SQLiteConnection
        do {
            connection = try await SQLiteConnection.open(storage: .file(path: path))
        } catch {
            throw BackupError("\(path) cannot be opened as a SQLite database: \(error)")
        }
        do {
            let check = try await connection.query("PRAGMA integrity_check")
            let verdict = check.first?.column("integrity_check")?.string ?? check.first.flatMap { $0.columns.first?.data.string }
            guard verdict == "ok" else {
                throw BackupError("\(path) failed SQLite's integrity check: \(verdict ?? "no answer")")
            }
            let sql = connection.sql()
            let state = (try await DatabaseInventory.appliedMigrations(on: sql), try await DatabaseInventory.rowCounts(on: sql))
            try await connection.close()
            return state
        } catch let error as BackupError {
            try? await connection.close()
            throw error
        } catch {
            try? await connection.close()
            throw BackupError("\(path) is not a sound SQLite database: \(error)")
        }
    }

    /// Puts the backup in place of the database file at `target` (the server must be stopped): the
    /// copy is written beside the target, proved sound there (SQLite's integrity check, then
    /// `check` on its row counts), and only then renamed over the target in one step. Any failure
    /// before the rename leaves the target as it was.
    static func replace(_ target: String, with backup: String, check: ([String: Int]) throws -> Void) async throws {
        let staging = target + ".restoring"
        try? FileManager.default.removeItem(atPath: staging)
        do {
            try FileManager.default.copyItem(atPath: backup, toPath: staging)
            try FilePermissions.restrict(file: staging)
            try check(try await inspect(staging).rowCounts)
        } catch {
            try? FileManager.default.removeItem(atPath: staging)
            throw error
        }
        for suffix in ["-wal", "-shm"] { try? FileManager.default.removeItem(atPath: target + suffix) }
        // rename(2) replaces the old file in one step.
        guard rename(staging, target) == 0 else {
            throw BackupError("could not put the backup in place of \(target) (error \(errno))")
        }
    }
}
