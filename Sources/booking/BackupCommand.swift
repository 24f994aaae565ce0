import App
import ArgumentParser
import Foundation

/// `booking backup [--output FILE]` and `booking backup --verify FILE`.
struct BackupCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "backup",
        abstract: "Back up the database (SQLite: VACUUM INTO while serving; PostgreSQL: pg_dump), or check a backup by restoring it.",
        discussion: "Writes FILE, FILE.sha256 and FILE.manifest.json (migrations and row counts). Keep the three together.")

    @Option(help: "Where to write the backup (default: backups/nbne-<kind>-<time>-schema<N>.<ext>).") var output: String?
    @Option(help: "Check this backup: its checksum, then restore it into a scratch database and compare row counts.")
    var verify: String?

    func validate() throws {
        if output != nil && verify != nil { throw ValidationError("give --output to make a backup or --verify to check one, not both") }
    }

    func run() async throws {
        let config = loadConfig()
        try await runReportingErrors {
            if let verify {
                let comparison = try await BackupCommands.verify(verify, config: config)
                printComparison(comparison)
                guard comparison.matches else {
                    print("Verification FAILED: the restored copy does not hold what the manifest records.")
                    throw ExitCode(1)
                }
                print("Verified: \(verify) restores with every table's rows.")
                return
            }
            let made = try await BackupCommands.backup(config: config, output: output)
            print("Backup written: \(made.path)")
            print("SHA-256: \(made.sha256)  (also in \(made.path).sha256)")
            print("Rows: \(made.rowCounts.values.reduce(0, +)) in \(made.rowCounts.count) tables (manifest: \(made.path).manifest.json)")
            print("Check it with: booking backup --verify \(made.path)")
        }
    }
}

/// `booking restore FILE [--yes] [--force]`.
struct RestoreCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "restore",
        abstract: "Restore a backup into the configured database (stop the server first), then apply newer migrations.")

    @Argument(help: "The backup file (its .sha256 and .manifest.json beside it).") var file: String
    @Flag(help: "Do not ask for confirmation.") var yes = false
    @Flag(help: "Replace a database that already holds data.") var force = false

    func run() async throws {
        let config = loadConfig()
        if !yes {
            print("Restore \(file) into the configured database, replacing what it holds? Type 'yes' to continue: ", terminator: "")
            guard readLine()?.trimmingCharacters(in: .whitespaces).lowercased() == "yes" else {
                print("Not restored.")
                throw ExitCode(1)
            }
        }
        try await runReportingErrors {
            let comparison = try await BackupCommands.restore(file, config: config, force: force)
            printComparison(comparison)
            print(comparison.matches ? "Restored \(file)." : "Restored \(file), but some tables differ from the manifest (see above).")
            if !comparison.matches { throw ExitCode(1) }
        }
    }
}

private func printComparison(_ comparison: BackupCommands.Comparison) {
    for line in comparison.lines {
        let found = line.found.map(String.init) ?? "missing"
        print("\(line.found == line.expected ? "ok  " : "DIFF") \(line.table): \(found) rows (backup: \(line.expected))")
    }
}
