import Foundation
import SQLKit

/// What PostgreSQL was doing during a benchmark, sampled from `pg_stat_activity` every 100 ms, so
/// the timeline's slow seconds line up with their cause (issue 25): what the app's connections were
/// waiting for (`WALSync`: a commit's fsync; `WALWrite`: waiting for another backend's WAL write;
/// `transactionid`: a row lock; `CPU`: running) and whether a checkpoint or an autovacuum was running.
struct PostgresActivity: Sendable {
    /// One second of samples: how often each wait was seen, and the background work seen at all.
    struct Second: Sendable {
        var samples = 0
        var waits: [String: Int] = [:]
        var background: Set<String> = []

        /// `waits=WALSync:12,CPU:4 background=autovacuum bookings,checkpoint` (the top four waits).
        var summary: String {
            let top = waits.sorted { ($0.value, $1.key) > ($1.value, $0.key) }.prefix(4).map { "\($0.key):\($0.value)" }
            let waitText = top.isEmpty ? "-" : top.joined(separator: ",")
            let backgroundText = background.isEmpty ? "-" : background.sorted().joined(separator: ",")
            return "db_waits=\(waitText) db_background=\(backgroundText.replacingOccurrences(of: " ", with: "_"))"
        }
    }

    private(set) var seconds: [Int: Second] = [:]

    /// Samples every 100 ms from `from` (uptime nanoseconds; second 0 starts there) until `until`.
    /// Sampling problems end the sampling quietly: the benchmark's own numbers still stand.
    static func sample(on sql: any SQLDatabase, from: UInt64, until: UInt64) async -> PostgresActivity {
        var activity = PostgresActivity()
        while DispatchTime.now().uptimeNanoseconds < until {
            let now = DispatchTime.now().uptimeNanoseconds
            let rows: [any SQLRow]
            do {
                rows = try await sql.raw(query).all()
            } catch {
                break
            }
            if now >= from { activity.record(rows, second: Int((now - from) / 1_000_000_000)) }
            try? await Task.sleep(for: .milliseconds(100))
        }
        return activity
    }

    private static let query: SQLQueryString = """
        SELECT backend_type AS kind, coalesce(wait_event, '') AS wait, coalesce(state, '') AS state,
               left(coalesce(query, ''), 160) AS query
        FROM pg_stat_activity
        WHERE pid <> pg_backend_pid()
          AND (datname = current_database() OR backend_type IN ('checkpointer', 'autovacuum worker'))
        """

    private mutating func record(_ rows: [any SQLRow], second: Int) {
        var entry = seconds[second, default: Second()]
        entry.samples += 1
        for row in rows {
            let kind = (try? row.decode(column: "kind", as: String.self)) ?? ""
            let wait = (try? row.decode(column: "wait", as: String.self)) ?? ""
            let state = (try? row.decode(column: "state", as: String.self)) ?? ""
            let query = (try? row.decode(column: "query", as: String.self)) ?? ""
            switch kind {
            case "client backend" where state == "active":
                entry.waits[wait.isEmpty ? "CPU" : wait, default: 0] += 1
            case "checkpointer" where wait != "CheckpointerMain" && !wait.isEmpty:
                entry.background.insert("checkpoint")
            case "autovacuum worker":
                entry.background.insert(Self.autovacuumLabel(query))
            default:
                break
            }
        }
        seconds[second] = entry
    }

    /// `autovacuum: VACUUM ANALYZE scratch_1f….bookings` → `autovacuum VACUUM ANALYZE bookings` (the
    /// schema is a benchmark's scratch name).
    static func autovacuumLabel(_ query: String) -> String {
        let words = query.split(separator: " ").dropFirst()  // "autovacuum:"
        guard let table = words.firstIndex(where: { $0.contains(".") }) else { return "autovacuum" }
        let name = words[table].split(separator: ".").last.map(String.init) ?? ""
        return (["autovacuum"] + words[..<table].map(String.init) + [name]).joined(separator: " ")
    }
}
