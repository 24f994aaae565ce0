import Foundation
import Logging

@testable import App

/// Collects every log event in memory, for tests that read what was logged (messages, or the SQL
/// of every statement run through a database handle that logs here).
final class LogCapture: LogHandler, @unchecked Sendable {
    struct Event: Sendable {
        let level: Logger.Level
        let message: String
        let metadata: Logger.Metadata
    }

    let events = Locked<[Event]>([])
    var metadata: Logger.Metadata = [:]
    var logLevel: Logger.Level = .trace

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        let entry = Event(level: event.level, message: event.message.description, metadata: event.metadata ?? [:])
        events.withLock { $0.append(entry) }
    }

    /// A logger whose every event lands here.
    var logger: Logger { Logger(label: "test") { _ in self } }

    var messages: [String] { events.value.map(\.message) }

    /// The SQL of every statement logged (SQLKit and the prepared statements log it as `sql`).
    var statements: [String] {
        events.value.compactMap { event in
            if case .string(let sql)? = event.metadata["sql"] { return sql }
            return nil
        }
    }

    /// INSERT, UPDATE or DELETE statements (a `WITH` statement counts when it writes).
    var writes: [String] {
        statements.filter { sql in
            let text = sql.uppercased().trimmingCharacters(in: .whitespacesAndNewlines)
            return ["INSERT", "UPDATE", "DELETE"].contains { text.hasPrefix($0) }
                || (text.hasPrefix("WITH") && ["INSERT ", "UPDATE ", "DELETE "].contains { text.contains($0) })
        }
    }
}
