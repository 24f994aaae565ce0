import Foundation
import Logging
import NIOConcurrencyHelpers

/// `LOG_FORMAT=json`: one JSON object per line on standard output, for log shippers:
/// `{"label", "level", "message", "time", ...metadata}`, keys sorted. Metadata keys are the log's own
/// (`request-id`, `tenant`, `route`, `status`, `latency_ms`); personal data is never logged.
///
/// The line is written as bytes (`JSONLine`), not through `JSONSerialization` and `Date.formatted`,
/// which made JSON logs cost the server half its throughput ("JSON logs written as bytes" in
/// docs/benchmarks.md).
public struct JSONLogHandler: LineLogHandler {
    /// The line's own fields, which metadata of the same name does not replace.
    private static let ownKeys: Set<String> = ["label", "level", "message", "time"]

    public var metadata: Logger.Metadata = [:]
    public var logLevel: Logger.Level = .info
    private let label: String
    private let write: @Sendable ([UInt8]) -> Void

    /// Writes to standard output unless `write` is given (tests).
    public init(label: String, write: (@Sendable ([UInt8]) -> Void)? = nil) {
        self.label = label
        self.write = write ?? StandardOutput.writeLine
    }

    public func log(event: LogEvent) {
        var fields: [(key: String, value: Logger.Metadata.Value)] = [
            ("label", .string(label)), ("level", .string(event.level.rawValue)),
            ("message", .string(event.message.description)), ("time", .string(JSONLine.utcTimestamp(time(nil)))),
        ]
        for (key, value) in metadata.merging(event.metadata ?? [:], uniquingKeysWith: { $1 }) where !Self.ownKeys.contains(key) {
            fields.append((key, value))
        }
        fields.sort { $0.key < $1.key }
        var line = JSONLine()
        line.writeObject(fields)
        line.bytes.append(UInt8(ascii: "\n"))
        write(line.bytes)
    }
}

/// Standard output as a file descriptor: each line is one `write(2)` (retried when partial), one
/// line at a time across the process's log handlers.
struct StandardOutput {
    private static let shared = NIOLockedValueBox(StandardOutput())

    /// Writes one line, whole, to the process's standard output.
    static let writeLine: @Sendable ([UInt8]) -> Void = { line in shared.withLockedValue { $0.emit(line) } }

    func emit(_ bytes: [UInt8]) {
        bytes.withUnsafeBytes { buffer in
            var offset = 0
            while offset < buffer.count {
                let written = write(1, buffer.baseAddress! + offset, buffer.count - offset)
                if written > 0 { offset += written } else if written < 0, errno == EINTR { continue } else { return }
            }
        }
    }
}

/// The log handlers that write whole lines of bytes: their metadata is a plain dictionary.
protocol LineLogHandler: LogHandler {}

extension LineLogHandler {
    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }
}

/// Sets up logging for the process once, from `LOG_FORMAT` (`text`, the default, or `json`).
public enum AppLogging {
    private static let done = NIOLockedValueBox(false)

    public static func bootstrap(json: Bool) {
        let first = done.withLockedValue { done in
            defer { done = true }
            return !done
        }
        guard first else { return }
        LoggingSystem.bootstrap { label -> any LogHandler in
            json ? JSONLogHandler(label: label) : TextLogHandler(label: label)
        }
    }
}
