import Fluent
import Foundation
import SQLKit
import Testing
import VaporTesting

@testable import App

/// Backups restore what they back up, every row of every table, on SQLite and PostgreSQL.
@Suite("Backup and restore")
struct BackupTests {
    /// Two empty databases of the kind the suite runs on (SQLite files, or PostgreSQL databases
    /// created on the test server), removed afterwards.
    func withTwoDatabases(_ body: (AppConfig, AppConfig, String) async throws -> Void) async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("nbne-backup-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        var source = AppConfig(mode: .testing, database: .sqliteFile(path: folder + "/source.sqlite"))
        var target = AppConfig(mode: .testing, database: .sqliteFile(path: folder + "/target.sqlite"))
        guard let url = TestDatabase.postgresURL else { return try await body(source, target, folder) }
        let names = ["source", "target"].map { "nbne_bk_\($0)_" + Secrets.hex(Secrets.randomBytes(4)) }
        let admin = AppConfig(mode: .testing, database: .postgres(url: url))
        func onServer(_ statement: (String) -> SQLQueryString) async throws {
            try await AppRunner.with(config: admin) { app in
                for name in names { try await (app.db as! any SQLDatabase).raw(statement(name)).run() }
            }
        }
        try await onServer { "CREATE DATABASE \(ident: $0)" }
        source.database = .postgres(url: try PostgresBackup.url(url, database: names[0]))
        target.database = .postgres(url: try PostgresBackup.url(url, database: names[1]))
        do {
            try await body(source, target, folder)
            try await onServer { "DROP DATABASE IF EXISTS \(ident: $0)" }
        } catch {
            try? await onServer { "DROP DATABASE IF EXISTS \(ident: $0)" }
            throw error
        }
    }

    /// Every row of every table, as text, table by table.
    static func dump(_ config: AppConfig) async throws -> [String: [String]] {
        try await AppRunner.with(config: config) { app in
            let sql = app.db as! any SQLDatabase
            var result: [String: [String]] = [:]
            for table in try await DatabaseInventory.tables(on: sql) {
                let rows = try await sql.raw("SELECT * FROM \(ident: table)").all()
                result[table] = rows.map { row in
                    row.allColumns.sorted().map { "\($0)=\(Self.text(of: $0, in: row))" }.joined(separator: "|")
                }.sorted()
            }
            return result
        }
    }

    static func text(of column: String, in row: any SQLRow) -> String {
        if let value = try? row.decode(column: column, as: String.self) { return value }
        if let value = try? row.decode(column: column, as: Date.self) { return "\(value.timeIntervalSince1970)" }
        if let value = try? row.decode(column: column, as: UUID.self) { return value.uuidString }
        if let value = try? row.decode(column: column, as: Int.self) { return String(value) }
        if let value = try? row.decode(column: column, as: Bool.self) { return String(value) }
        return "null"
    }

    /// Demo data plus a booking and an enrolment with their messages.
    static func fill(_ config: AppConfig) async throws {
        try await AppRunner.with(config: config) { app in
            try await AppRunner.migrate(app)
            _ = try await DemoData.seed(into: app)
            let tenant = try #require(try await app.services.storage.tenants(app.db).find(slug: "house-of-hair"))
            let service = try #require(try await Service.query(on: app.db, tenant: tenant.id).first())
            let staff = try #require(try await Staff.query(on: app.db, tenant: tenant.id).first())
            let booking = Booking(
                tenantID: tenant.id, serviceID: try service.requireID(), staffID: try staff.requireID(), clientID: UUID(),
                startsAt: Date(timeIntervalSince1970: 1_900_000_000), endsAt: Date(timeIntervalSince1970: 1_900_003_600),
                blockedFrom: Date(timeIntervalSince1970: 1_900_000_000), blockedUntil: Date(timeIntervalSince1970: 1_900_003_600),
                status: .confirmed, notes: "Line one\r\nand ünïcödé, \"quoted\"", manageTokenHash: "hash",
                contact: ContactDetails(name: "Zoë", email: "zoe@example.com", phone: nil, smsOptIn: false))
            booking.id = UUID()
            let written = try await app.services.storage.bookings(app.db).create(now: Date()) { _ in
                NewBooking(
                    booking: booking,
                    messages: [.init(kind: .confirmation, channel: .email, bookingID: booking.id, dueAt: Date())])
            }
            #expect(written != nil)
        }
    }

    @Test func everyRowOfEveryTableSurvivesABackupAndARestore() async throws {
        try await withTwoDatabases { source, target, folder in
            try await Self.fill(source)
            let made = try await BackupCommands.backup(config: source, output: folder + "/backup.bin")
            #expect(made.rowCounts["bookings", default: 0] >= 6 && made.rowCounts["outbox_messages"] == 1)
            #expect(FileManager.default.fileExists(atPath: folder + "/backup.bin.sha256"))
            #expect(try FileChecksum.sha256(of: made.path) == made.sha256)

            let verified = try await BackupCommands.verify(made.path, config: source)
            #expect(verified.matches, "\(verified.lines.filter { $0.found != $0.expected })")

            let restored = try await BackupCommands.restore(made.path, config: target, force: false)
            #expect(restored.matches)
            if case .postgres = target.database {
                // Restored tables are analysed at once, not whenever autovacuum comes by.
                let analysed = try await AppRunner.with(config: target) { app in
                    try await (app.db as! any SQLDatabase).raw(
                        "SELECT count(*) AS n FROM pg_stat_user_tables WHERE relname = 'bookings' AND last_analyze IS NOT NULL"
                    ).first().map { try $0.decode(column: "n", as: Int.self) }
                }
                #expect(analysed == 1)
            }
            let (before, after) = (try await Self.dump(source), try await Self.dump(target))
            #expect(Set(before.keys) == Set(after.keys))
            for table in before.keys.sorted() {
                #expect(before[table] == after[table], "table \(table) differs after the restore")
            }

            // A database that holds data is refused without --force, replaced with it.
            await #expect(throws: BackupError.self) { try await BackupCommands.restore(made.path, config: target, force: false) }
            #expect(try await BackupCommands.restore(made.path, config: target, force: true).matches)
        }
    }

    @Test func damagedNewerOrForeignBackupsAreRefused() async throws {
        try await withTwoDatabases { source, target, folder in
            try await Self.fill(source)
            let made = try await BackupCommands.backup(config: source, output: folder + "/backup.bin")
            // A newer schema: the manifest names a migration this version does not know.
            var manifest = try BackupManifest.read(beside: made.path)
            manifest.migrations.append("AddSomethingFromTheFuture")
            try manifest.write(beside: made.path)
            await #expect(throws: BackupError.self) { try await BackupCommands.restore(made.path, config: target, force: true) }
            // Another kind of database.
            manifest.migrations.removeLast()
            manifest.database = manifest.database == "sqlite" ? "postgresql" : "sqlite"
            try manifest.write(beside: made.path)
            await #expect(throws: BackupError.self) { try await BackupCommands.verify(made.path, config: source) }
            // A changed file.
            manifest.database = manifest.database == "sqlite" ? "postgresql" : "sqlite"
            try manifest.write(beside: made.path)
            let handle = try #require(FileHandle(forWritingAtPath: made.path))
            try handle.seekToEnd()
            try handle.write(contentsOf: Data("x".utf8))
            try handle.close()
            do {
                _ = try await BackupCommands.verify(made.path, config: source)
                Issue.record("a changed backup was accepted")
            } catch let error as BackupError {
                #expect(error.description.contains("SHA-256"))
            }
            #expect(try await Self.dump(target).values.allSatisfy(\.isEmpty))
        }
    }

    /// Regression: a damaged backup whose manifest was rewritten to match it used to replace the
    /// database (SQLite: a malformed file copied into place; PostgreSQL: a restore stopped partway).
    @Test func aDamagedBackupWithARewrittenChecksumLeavesTheDatabaseAsItWas() async throws {
        try await withTwoDatabases { source, target, folder in
            try await Self.fill(source)
            let made = try await BackupCommands.backup(config: source, output: folder + "/backup.bin")
            #expect(try await BackupCommands.restore(made.path, config: target, force: false).matches)
            let before = try await Self.dump(target)

            // Cut the file in half and rewrite the checksum in its manifest, as an editor of the file could.
            let whole = try Data(contentsOf: URL(fileURLWithPath: made.path))
            try whole.prefix(whole.count / 2).write(to: URL(fileURLWithPath: made.path))
            var manifest = try BackupManifest.read(beside: made.path)
            manifest.sha256 = try FileChecksum.sha256(of: made.path)
            try manifest.write(beside: made.path)

            do {
                _ = try await BackupCommands.restore(made.path, config: target, force: true)
                Issue.record("a damaged backup was restored")
            } catch let error as BackupError {
                #expect(!error.description.isEmpty)
            }
            let after = try await Self.dump(target)
            #expect(Set(before.keys) == Set(after.keys))
            for table in before.keys.sorted() { #expect(before[table] == after[table], "table \(table) changed") }
            #expect(
                !FileManager.default.fileExists(atPath: folder + "/target.sqlite.restoring"), "no staging copy is left behind")
        }
    }

    /// A backup whose rows do not match its manifest (a table emptied before the checksum was
    /// rewritten) is refused too: the trial restore counts every table.
    @Test func aBackupThatDoesNotHoldWhatItsManifestSaysIsRefused() async throws {
        try await withTwoDatabases { source, target, folder in
            try await Self.fill(source)
            let made = try await BackupCommands.backup(config: source, output: folder + "/backup.bin")
            var manifest = try BackupManifest.read(beside: made.path)
            manifest.rowCounts["bookings", default: 0] += 1
            try manifest.write(beside: made.path)
            do {
                _ = try await BackupCommands.restore(made.path, config: target, force: true)
                Issue.record("a backup missing a row was restored")
            } catch let error as BackupError {
                #expect(error.description.contains("bookings") && error.description.contains("not touched"))
            }
            #expect(try await Self.dump(target).values.allSatisfy(\.isEmpty))
        }
    }

    @Test func backupsAndTheDatabaseAreReadableByTheirOwnerOnly() async throws {
        let previous = umask(0o022)
        defer { umask(previous) }
        try await withTwoDatabases { source, _, folder in
            try await Self.fill(source)
            let made = try await BackupCommands.backup(config: source, output: folder + "/backups/nested/backup.bin")
            func mode(_ path: String) throws -> Int {
                (try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? NSNumber)?.intValue ?? -1
            }
            for file in [made.path, BackupManifest.path(for: made.path), BackupManifest.checksumPath(for: made.path)] {
                #expect(try mode(file) == 0o600, "\(file)")
            }
            #expect(try mode(folder + "/backups") == 0o700 && mode(folder + "/backups/nested") == 0o700)
            if case .sqliteFile(let path) = source.database {
                #expect(try mode(path) == 0o600)
                // A database in a folder of its own: the folder is made private, and so is the file.
                let fresh = AppConfig(mode: .testing, database: .sqliteFile(path: folder + "/data/inner/booking.sqlite"))
                try await AppRunner.with(config: fresh) { app in
                    try await AppRunner.migrate(app)
                    // SQLite gives the files it makes beside the database the database's own mode.
                    #expect(try mode(folder + "/data/inner/booking.sqlite-wal") == 0o600)
                }
                #expect(try mode(folder + "/data") == 0o700 && mode(folder + "/data/inner/booking.sqlite") == 0o600)
            }
        }
    }

    /// Regression: `pg_dump` was given `--dbname=postgres://user:PASSWORD@...`, readable in `/proc`.
    @Test func thePasswordTravelsInTheEnvironmentNotOnTheCommandLine() throws {
        let target = try PostgresBackup.ClientTarget("postgres://booking:s3cr%40t@db.example:5432/booking?sslmode=require")
        #expect(target.url == "postgres://booking@db.example:5432/booking?sslmode=require")
        #expect(target.environment == ["PGPASSWORD": "s3cr@t"])
        let bare = try PostgresBackup.ClientTarget("postgres://postgres@127.0.0.1:54329/booking")
        #expect(bare.url == "postgres://postgres@127.0.0.1:54329/booking" && bare.environment.isEmpty)
    }

    @Test func defaultNamesCarryTheTimeAndTheSchemaVersion() {
        let name = BackupCommands.defaultPath(kind: "sqlite", migrations: 17, now: Date(timeIntervalSince1970: 1_796_000_000))
        #expect(name == "backups/nbne-sqlite-20261130-005320Z-schema17.sqlite")
    }
}
