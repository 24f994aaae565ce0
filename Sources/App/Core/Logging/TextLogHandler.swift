import Foundation
import Logging
import NIOConcurrencyHelpers

/// `LOG_FORMAT=text` (the default): the line `StreamLogHandler` writes,
/// `2026-12-03T18:40:05+0000 info codes.vapor.application: key=value [App] message`, metadata keys
/// sorted, built as bytes and written with one `write(2)`. Line breaks inside the message or a value
/// are written `\n`, so each event stays one line.
///
/// `StreamLogHandler` formats through string interpolation, sorts and joins the metadata into a
/// `String`, reads the clock through `strftime` and flushes a locked `FILE` for every line: 5 % of a
/// page's CPU with one request line per request (docs/benchmarks.md, "Issue 24, fourth round").
public struct TextLogHandler: LineLogHandler {
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
        var fields = metadata
        if let own = event.metadata { fields.merge(own) { $1 } }
        if let error = event.error {
            fields["error.message"] = "\(error)"
            fields["error.type"] = "\(String(reflecting: type(of: error)))"
        }
        var line: [UInt8] = []
        line.reserveCapacity(200)
        line.append(contentsOf: LocalTimestamp.now())
        line.append(UInt8(ascii: " "))
        line.append(contentsOf: event.level.rawValue.utf8)
        if !label.isEmpty {
            line.append(UInt8(ascii: " "))
            line.append(contentsOf: label.utf8)
        }
        line.append(UInt8(ascii: ":"))
        for (key, value) in fields.sorted(by: { $0.key < $1.key }) {
            line.append(UInt8(ascii: " "))
            line.append(contentsOf: key.utf8)
            line.append(UInt8(ascii: "="))
            switch value {
            case .string(let text): line.appendOnOneLine(text)
            case .stringConvertible(let convertible): line.appendOnOneLine(convertible.description)
            case .array, .dictionary: line.appendOnOneLine(value.description)
            }
        }
        line.append(contentsOf: " [".utf8)
        line.append(contentsOf: event.source.utf8)
        line.append(contentsOf: "] ".utf8)
        line.appendOnOneLine(event.message.description)
        line.append(UInt8(ascii: "\n"))
        write(line)
    }
}

extension [UInt8] {
    /// The text's UTF-8 with line breaks written `\n` and `\r`, so that one event is one line and a
    /// value cannot forge another.
    fileprivate mutating func appendOnOneLine(_ text: String) {
        guard text.utf8.contains(where: { $0 == UInt8(ascii: "\n") || $0 == UInt8(ascii: "\r") }) else {
            return append(contentsOf: text.utf8)
        }
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "\n"): append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "n")])
            case UInt8(ascii: "\r"): append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "r")])
            default: append(byte)
            }
        }
    }
}

/// The local time as `strftime`'s `%Y-%m-%dT%H:%M:%S%z`, formatted once a second.
enum LocalTimestamp {
    private static let kept = NIOLockedValueBox<(second: time_t, text: [UInt8])>((-1, []))

    static func now() -> [UInt8] {
        let second = time(nil)
        if let text = kept.withLockedValue({ $0.second == second ? $0.text : nil }) { return text }
        let text = format(second)
        kept.withLockedValue { $0 = (second, text) }
        return text
    }

    static func format(_ second: time_t) -> [UInt8] {
        var seconds = second
        var parts = tm()
        guard localtime_r(&seconds, &parts) != nil else { return Array("<unknown>".utf8) }
        var buffer = [Int8](repeating: 0, count: 64)
        let count = strftime(&buffer, buffer.count, "%Y-%m-%dT%H:%M:%S%z", &parts)
        return buffer[..<count].map { UInt8(bitPattern: $0) }
    }
}
