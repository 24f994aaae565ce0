import Foundation
import Vapor

/// Runs a program of the system (`pg_dump`, `pg_restore`) and waits for it without blocking the
/// cooperative thread pool.
enum ExternalTool {
    /// Runs `name` with `arguments` and, added to this process's environment, `environment`; throws
    /// with its error output when it fails. `package` names the Debian package to install when the
    /// program is missing.
    static func run(_ name: String, _ arguments: [String], environment: [String: String] = [:], package: String) async throws {
        guard let executable = find(name) else {
            throw BackupError("\(name) is not installed: install Debian's \(package) package (apt-get install \(package))")
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        if !environment.isEmpty {
            process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        }
        let errors = Pipe()
        process.standardError = errors
        process.standardOutput = FileHandle.nullDevice
        let status: Int32 = try await withCheckedThrowingContinuation { continuation in
            process.terminationHandler = { continuation.resume(returning: $0.terminationStatus) }
            do { try process.run() } catch { continuation.resume(throwing: error) }
        }
        let output = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        guard status == 0 else {
            throw BackupError(
                "\(name) failed (exit status \(status)): \(output.trimmingCharacters(in: .whitespacesAndNewlines).prefix(2000))")
        }
    }

    static func find(_ name: String) -> String? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin"
        return (path.split(separator: ":").map(String.init) + ["/usr/bin"])
            .map { ($0 as NSString).appendingPathComponent(name) }
            .first { FileManager.default.isExecutableFile(atPath: $0) }
    }
}

/// SHA-256 of a file, read in 1 MiB pieces.
enum FileChecksum {
    static func sha256(of path: String) throws -> String {
        guard let handle = FileHandle(forReadingAtPath: path) else { throw BackupError("cannot read \(path)") }
        defer { try? handle.close() }
        var hasher = SHA256()
        while let chunk = try handle.read(upToCount: 1 << 20), !chunk.isEmpty { hasher.update(data: chunk) }
        return Secrets.hex(Array(hasher.finalize()))
    }
}
