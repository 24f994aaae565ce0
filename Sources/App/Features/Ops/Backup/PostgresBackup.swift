import Fluent
import Foundation
import SQLKit

/// PostgreSQL backups with Debian's `postgresql-client`: `pg_dump -Fc` from a snapshot exported by
/// the transaction that counted the rows, so the counts describe exactly what the dump holds.
enum PostgresBackup {
    static let clientPackage = "postgresql-client"

    /// Dumps the database at `url` into `destination`; returns the migrations and row counts of the
    /// dumped snapshot.
    static func dump(_ db: any Database, url: String, to destination: String) async throws -> (
        migrations: [String], rowCounts: [String: Int]
    ) {
        guard ExternalTool.find("pg_dump") != nil else {
            throw BackupError(
                "pg_dump is not installed: install Debian's \(clientPackage) package (apt-get install \(clientPackage))")
        }
        let temporary = destination + ".partial"
        try? FileManager.default.removeItem(atPath: temporary)
        do {
            let state = try await db.transaction { tx -> (migrations: [String], rowCounts: [String: Int]) in
                struct Snapshot: Decodable { let id: String }
                let sql = tx as! any SQLDatabase
                try await sql.raw("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY").run()
                guard let snapshot = try await sql.raw("SELECT pg_export_snapshot() AS id").first(decoding: Snapshot.self) else {
                    throw BackupError("PostgreSQL exported no snapshot")
                }
                let state = (
                    try await DatabaseInventory.appliedMigrations(on: sql), try await DatabaseInventory.rowCounts(on: sql)
                )
                let target = try ClientTarget(url)
                try await ExternalTool.run(
                    "pg_dump",
                    [
                        "--format=custom", "--no-owner", "--snapshot=\(snapshot.id)", "--file=\(temporary)",
                        "--dbname=\(target.url)",
                    ],
                    environment: target.environment, package: clientPackage)
                return state
            }
            try FilePermissions.restrict(file: temporary)
            try FileManager.default.moveItem(atPath: temporary, toPath: destination)
            return state
        } catch {
            try? FileManager.default.removeItem(atPath: temporary)
            throw error
        }
    }

    /// Restores `backup` into the database at `url`, replacing the objects the backup holds.
    /// `atomically`: in one transaction, so a restore that fails partway changes nothing.
    static func restore(_ backup: String, into url: String, atomically: Bool = false) async throws {
        let target = try ClientTarget(url)
        try await ExternalTool.run(
            "pg_restore",
            ["--clean", "--if-exists", "--no-owner", "--exit-on-error"] + (atomically ? ["--single-transaction"] : [])
                + ["--dbname=\(target.url)", backup],
            environment: target.environment, package: clientPackage)
    }

    /// How `pg_dump` and `pg_restore` are pointed at a database: the URL without its password, which
    /// travels in `PGPASSWORD` instead (a command line is readable by every local user in `/proc`).
    struct ClientTarget: Equatable {
        let url: String
        let environment: [String: String]

        init(_ url: String) throws {
            guard var components = URLComponents(string: url) else { throw BackupError("DATABASE_URL is not a URL") }
            let password = components.password
            components.password = nil
            guard let bare = components.string else { throw BackupError("DATABASE_URL is not a URL") }
            self.url = bare
            environment = password.map { ["PGPASSWORD": $0] } ?? [:]
        }
    }

    /// `url` with another database name (for a scratch database on the same server).
    static func url(_ url: String, database: String) throws -> String {
        guard var components = URLComponents(string: url) else { throw BackupError("DATABASE_URL is not a URL") }
        components.path = "/" + database
        guard let result = components.string else { throw BackupError("DATABASE_URL is not a URL") }
        return result
    }
}
