import Foundation
import Logging
import NIOConcurrencyHelpers

/// `LOG_FORMAT=json`: one JSON object per line on standard output, for log shippers:
/// `{"time", "level", "label", "message", ...metadata}`. Metadata keys are the log's own
/// (`request-id`, `tenant`, `route`, `status`, `latency_ms`); personal data is never logged.
public struct JSONLogHandler: LogHandler {
    private static let output = NIOLockedValueBox(FileHandle.standardOutput)

    public var metadata: Logger.Metadata = [:]
    public var logLevel: Logger.Level = .info
    private let label: String
    private let write: @Sendable (Data) -> Void

    /// Writes to standard output unless `write` is given (tests).
    public init(label: String, write: (@Sendable (Data) -> Void)? = nil) {
        self.label = label
        self.write = write ?? { line in Self.output.withLockedValue { $0.write(line) } }
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        var fields: [String: Any] = [
            "time": Date().formatted(.iso8601), "level": event.level.rawValue, "label": label,
            "message": event.message.description,
        ]
        for (key, value) in metadata.merging(event.metadata ?? [:], uniquingKeysWith: { $1 }) { fields[key] = Self.plain(value) }
        guard var line = try? JSONSerialization.data(withJSONObject: fields, options: [.sortedKeys, .withoutEscapingSlashes]) else { return }
        line.append(UInt8(ascii: "\n"))
        write(line)
    }

    private static func plain(_ value: Logger.Metadata.Value) -> Any {
        switch value {
        case .string(let text): text
        case .stringConvertible(let convertible): convertible.description
        case .array(let values): values.map(plain)
        case .dictionary(let values): values.mapValues(plain)
        }
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
            json ? JSONLogHandler(label: label) : StreamLogHandler.standardOutput(label: label)
        }
    }
}
