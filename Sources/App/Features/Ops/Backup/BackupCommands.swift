import Fluent
import Foundation
import SQLKit

/// `booking backup`, `booking backup --verify`, `booking restore`: backups that say what they hold
/// (a manifest and a SHA-256 beside each file) and are checked by restoring them.
public enum BackupCommands {
    /// A backup just written.
    public struct Made: Sendable {
        public let path: String
        public let sha256: String
        public let rowCounts: [String: Int]
    }

    /// Row counts per table: what the manifest says against what a restore holds.
    public struct Comparison: Sendable {
        public struct Line: Sendable {
            public let table: String
            public let expected: Int
            public let found: Int?
        }

        public let lines: [Line]
        public var matches: Bool { lines.allSatisfy { $0.found == $0.expected } }

        init(expected: [String: Int], found: [String: Int]) {
            lines = expected.keys.sorted().map { Line(table: $0, expected: expected[$0]!, found: found[$0]) }
        }
    }

    /// Backs up the configured database to `output` (default: `backups/nbne-<kind>-<time>-schema<N>.<ext>`).
    public static func backup(config: AppConfig, output: String?, now: Date = Date()) async throws -> Made {
        try await AppRunner.with(config: config) { app in
            guard let sql = app.db as? any SQLDatabase else { throw UnsupportedDatabase() }
            let kind = try kind(of: config)
            let migrationCount = try await DatabaseInventory.appliedMigrations(on: sql).count
            let path = output ?? defaultPath(kind: kind, migrations: migrationCount, now: now)
            let folder = (path as NSString).deletingLastPathComponent
            try FilePermissions.createPrivateDirectory(folder.isEmpty ? "." : folder)
            guard !FileManager.default.fileExists(atPath: path) else {
                throw BackupError("\(path) exists already; choose another --output")
            }
            let state: (migrations: [String], rowCounts: [String: Int])
            switch config.database {
            case .postgres(let url): state = try await PostgresBackup.dump(app.db, url: url, to: path)
            case .sqliteFile: state = try await SQLiteBackup.copy(from: sql, to: path)
            case .sqliteMemory:
                throw BackupError("an in-memory database cannot be backed up; set DATABASE_URL to a file or PostgreSQL")
            }
            let sha256 = try FileChecksum.sha256(of: path)
            try BackupManifest(
                createdAt: now, database: kind, migrations: state.migrations, rowCounts: state.rowCounts, sha256: sha256
            )
            .write(beside: path)
            return Made(path: path, sha256: sha256, rowCounts: state.rowCounts)
        }
    }

    /// Checks the file against its checksum, restores it into a scratch database (a temporary SQLite
    /// file, or a temporary PostgreSQL database on the configured server) and compares row counts
    /// per table with those recorded at backup time.
    public static func verify(_ file: String, config: AppConfig) async throws -> Comparison {
        let manifest = try checkedManifest(file, config: config)
        switch config.database {
        case .postgres(let url):
            let scratch = "nbne_verify_" + Secrets.hex(Secrets.randomBytes(6))
            try await onServer(config) { try await $0.raw("CREATE DATABASE \(ident: scratch)").run() }
            do {
                let scratchURL = try PostgresBackup.url(url, database: scratch)
                try await PostgresBackup.restore(file, into: scratchURL)
                var scratchConfig = config
                scratchConfig.database = .postgres(url: scratchURL)
                let counts = try await AppRunner.with(config: scratchConfig) { app in
                    try await DatabaseInventory.rowCounts(on: app.db as! any SQLDatabase)
                }
                try await onServer(config) { try await $0.raw("DROP DATABASE IF EXISTS \(ident: scratch)").run() }
                return Comparison(expected: manifest.rowCounts, found: counts)
            } catch {
                try? await onServer(config) { try await $0.raw("DROP DATABASE IF EXISTS \(ident: scratch)").run() }
                throw error
            }
        default:
            let folder = FileManager.default.temporaryDirectory.appendingPathComponent("nbne-verify-\(UUID().uuidString)").path
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(atPath: folder) }
            let copy = folder + "/restored.sqlite"
            try FileManager.default.copyItem(atPath: file, toPath: copy)
            return Comparison(expected: manifest.rowCounts, found: try await SQLiteBackup.inspect(copy).rowCounts)
        }
    }

    /// Restores `file` into the configured database, then applies the migrations this version has
    /// and newer backups lack. Refuses a backup of another kind of database or of a newer schema,
    /// and a database that holds data unless `force`. Returns the row counts against the manifest.
    ///
    /// The live database is touched only once the backup has proved sound the way `--verify` proves
    /// it (restored elsewhere, every table's rows counted against the manifest), and then replaced in
    /// one step that either completes or leaves it as it was: SQLite writes the copy beside the live
    /// file and renames it over; PostgreSQL restores in a single transaction.
    public static func restore(_ file: String, config: AppConfig, force: Bool) async throws -> Comparison {
        let manifest = try checkedManifest(file, config: config)
        let unknown = manifest.migrations.filter { !DatabaseInventory.knownMigrations.contains($0) }
        guard unknown.isEmpty else {
            throw BackupError(
                "the backup comes from a newer version of NBNE Booking (it has migrations this one does not know: "
                    + "\(unknown.prefix(3).joined(separator: ", "))); upgrade booking, then restore")
        }
        let holdsData = try await AppRunner.with(config: config) { app in
            try await DatabaseInventory.holdsData(on: app.db as! any SQLDatabase)
        }
        if holdsData && !force {
            throw BackupError(
                "the database holds data already; restoring replaces it all: stop the server, then run again with --force")
        }
        switch config.database {
        case .postgres(let url):
            try requireSound(try await verify(file, config: config), file)
            try await PostgresBackup.restore(file, into: url, atomically: true)
        case .sqliteFile(let path):
            try await SQLiteBackup.replace(path, with: file) {
                try requireSound(Comparison(expected: manifest.rowCounts, found: $0), file)
            }
        case .sqliteMemory:
            throw BackupError("cannot restore into an in-memory database; set DATABASE_URL to a file or PostgreSQL")
        }
        return try await AppRunner.with(config: config) { app in
            try await AppRunner.migrate(app)
            if case .postgres = config.database, let sql = app.db as? any SQLDatabase {
                // pg_restore brings rows, not statistics or visibility maps: without this the first
                // queries are planned blind, and autovacuum later scans every restored table in the
                // middle of the day's bookings (issue 25). Empty tables are left unanalysed: one
                // analysed while empty gets sequential-scan plans that outlive its growth.
                for (table, rows) in try await DatabaseInventory.rowCounts(on: sql) where rows > 0 {
                    try await sql.raw("VACUUM (ANALYZE) \(ident: table)").run()
                }
            }
            return Comparison(
                expected: manifest.rowCounts, found: try await DatabaseInventory.rowCounts(on: app.db as! any SQLDatabase))
        }
    }

    /// Throws unless a trial restore of `file` holds every row its manifest records.
    private static func requireSound(_ trial: Comparison, _ file: String) throws {
        let differences = trial.lines.filter { $0.found != $0.expected }
        guard !differences.isEmpty else { return }
        let listed = differences.prefix(3).map {
            "\($0.table): \($0.found.map(String.init) ?? "missing") rows, \($0.expected) expected"
        }
        throw BackupError(
            "\(file) does not restore to what its manifest records (\(listed.joined(separator: "; "))); "
                + "the database was not touched. Use another backup.")
    }

    /// The manifest beside `file`, once the file's checksum and database kind match it.
    private static func checkedManifest(_ file: String, config: AppConfig) throws -> BackupManifest {
        guard FileManager.default.fileExists(atPath: file) else { throw BackupError("\(file) does not exist") }
        let manifest = try BackupManifest.read(beside: file)
        guard try FileChecksum.sha256(of: file) == manifest.sha256 else {
            throw BackupError("\(file) does not match the SHA-256 recorded when it was made: it is damaged or was changed")
        }
        let kind = try kind(of: config)
        guard manifest.database == kind else {
            throw BackupError("\(file) is a \(manifest.database) backup; DATABASE_URL points at \(kind)")
        }
        return manifest
    }

    private static func kind(of config: AppConfig) throws -> String {
        switch config.database {
        case .postgres: "postgresql"
        case .sqliteFile: "sqlite"
        case .sqliteMemory: throw BackupError("an in-memory database has nothing to back up or restore; set DATABASE_URL")
        }
    }

    static func defaultPath(kind: String, migrations: Int, now: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyyMMdd-HHmmss"
        return
            "backups/nbne-\(kind)-\(formatter.string(from: now))Z-schema\(migrations).\(kind == "sqlite" ? "sqlite" : "pgdump")"
    }

    /// Runs `work` on the configured PostgreSQL server (for CREATE/DROP DATABASE).
    private static func onServer(_ config: AppConfig, _ work: @escaping (any SQLDatabase) async throws -> Void) async throws {
        try await AppRunner.with(config: config) { app in try await work(app.db as! any SQLDatabase) }
    }
}
