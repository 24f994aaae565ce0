import Foundation

/// Written beside every backup (`FILE.manifest.json`): what it holds, so `--verify` and `restore`
/// can check it without trusting the file's name.
struct BackupManifest: Codable, Equatable, Sendable {
    static let currentFormat = 1

    var format = Self.currentFormat
    var createdAt: Date
    /// `sqlite` or `postgresql`: a backup restores only into the same kind of database.
    var database: String
    /// The migrations applied when the backup was taken, in order.
    var migrations: [String]
    /// Rows per table at backup time (from the same snapshot the backup holds).
    var rowCounts: [String: Int]
    /// SHA-256 of the backup file, hex.
    var sha256: String

    static func path(for backup: String) -> String { backup + ".manifest.json" }
    static func checksumPath(for backup: String) -> String { backup + ".sha256" }

    func write(beside backup: String) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        encoder.dateEncodingStrategy = .iso8601
        try encoder.encode(self).write(to: URL(fileURLWithPath: Self.path(for: backup)), options: .atomic)
        try FilePermissions.restrict(file: Self.path(for: backup))
        // `sha256sum -c FILE.sha256` checks it too.
        let line = "\(sha256)  \((backup as NSString).lastPathComponent)\n"
        try Data(line.utf8).write(to: URL(fileURLWithPath: Self.checksumPath(for: backup)), options: .atomic)
        try FilePermissions.restrict(file: Self.checksumPath(for: backup))
    }

    static func read(beside backup: String) throws -> BackupManifest {
        let url = URL(fileURLWithPath: path(for: backup))
        guard let data = try? Data(contentsOf: url) else {
            throw BackupError("\(url.path) is missing: a backup is restored only with the manifest written beside it")
        }
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        guard let manifest = try? decoder.decode(BackupManifest.self, from: data) else {
            throw BackupError("\(url.path) is not a backup manifest")
        }
        return manifest
    }
}

/// A backup or restore step failed; the description says what to do.
public struct BackupError: Error, CustomStringConvertible {
    public let description: String
    init(_ description: String) { self.description = description }
}
