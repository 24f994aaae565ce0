import Foundation
import NIOConcurrencyHelpers
import Testing

@testable import App
@testable import BookingBench

/// `booking bench bookings` end to end, briefly (on PostgreSQL when `TEST_DATABASE_URL` is set): the
/// load generator must read every answer, and the audit must find no double booking.
// One at a time: each test starts a server and puts load on it, and the timeline test needs its
// answers within the seconds it measures (a CI run with all four at once saw them 1.4 s late).
@Suite("Bookings benchmark", .serialized)
struct BookingsBenchmarkTests {
    /// Runs the benchmark and returns its result line as key → value.
    func run(_ adjust: (inout BookingsBenchmark.Options) -> Void) async throws -> [String: String] {
        var options = BookingsBenchmark.Options()
        options.clients = 5
        options.seconds = 1
        options.warmupSeconds = 0.3
        options.port = 0  // the system picks a free port (a random one collided once in CI)
        options.databaseURL = TestDatabase.postgresURL
        options.postgresConnectionsPerEventLoop = 2
        adjust(&options)
        let lines = NIOLockedValueBox<[String]>([])
        try await BookingsBenchmark.run(options) { line in lines.withLockedValue { $0.append(line) } }
        let result = try #require(lines.withLockedValue { $0 }.last { $0.hasPrefix("bookings_per_s=") })
        return Dictionary(
            uniqueKeysWithValues: result.split(separator: " ").compactMap { pair -> (String, String)? in
                let parts = pair.split(separator: "=", maxSplits: 1)
                return parts.count == 2 ? (String(parts[0]), String(parts[1])) : nil
            })
    }

    @Test func closedLoopBooksEachPairOnceWithoutErrorsOrDoubleBookings() async throws {
        let result = try await run { _ in }
        #expect(result["double_bookings"] == "0")
        #expect(result["errors"] == "0")
        #expect(result["conflicts"] == "0")  // every pair is drawn once
        #expect(Int(result["created"] ?? "") ?? 0 > 0)
        // Warm-up bookings are stored but not counted.
        #expect(Int(result["stored"] ?? "") ?? 0 > Int(result["created"] ?? "") ?? 0)
    }

    @Test func openLoopOffersTheRateAskedFor() async throws {
        let result = try await run { $0.rate = 40 }
        let requests =
            (Int(result["created"] ?? "") ?? 0) + (Int(result["conflicts"] ?? "") ?? 0) + (Int(result["errors"] ?? "") ?? 0)
        #expect((36...44).contains(requests), "40 requests/s for 1 s, got \(requests)")
        #expect(result["errors"] == "0")
        #expect(result["double_bookings"] == "0")
    }

    @Test func withReplacementCollisionsAreConflictsNotErrors() async throws {
        // Drawn with replacement: any collision must be a 409, never an error.
        let result = try await run {
            $0.clients = 10
            $0.seconds = 2
            $0.withReplacement = true
        }
        #expect(result["errors"] == "0")
        #expect(result["double_bookings"] == "0")
    }

    @Test func theTimelineShowsEachSecondAndOnPostgreSQLWhatTheDatabaseDid() async throws {
        var options = BookingsBenchmark.Options()
        options.clients = 5
        options.seconds = 2
        options.warmupSeconds = 0.3
        options.rate = 50
        options.timeline = true
        options.port = 0
        options.databaseURL = TestDatabase.postgresURL
        options.postgresConnectionsPerEventLoop = 2
        let lines = NIOLockedValueBox<[String]>([])
        try await BookingsBenchmark.run(options) { line in lines.withLockedValue { $0.append(line) } }
        let seconds = lines.withLockedValue { $0 }.filter { $0.hasPrefix("second=") }
        #expect(seconds.contains { $0.hasPrefix("second=0 ") } && seconds.contains { $0.hasPrefix("second=1 ") })
        for line in seconds where !line.hasPrefix("second=2 ") {
            // Only PostgreSQL has pg_stat_activity; SQLite's timeline is latency only.
            #expect(line.contains(" db_waits=") == (TestDatabase.postgresURL != nil), "\(line)")
        }
    }

    @Test func autovacuumIsNamedByWhatItDoesAndItsTable() {
        #expect(
            PostgresActivity.autovacuumLabel("autovacuum: VACUUM ANALYZE scratch_1f2e.bookings")
                == "autovacuum VACUUM ANALYZE bookings")
        #expect(
            PostgresActivity.autovacuumLabel("autovacuum: ANALYZE public.outbox_messages") == "autovacuum ANALYZE outbox_messages"
        )
        #expect(
            PostgresActivity.autovacuumLabel("autovacuum: VACUUM pg_catalog.pg_class (to prevent wraparound)")
                == "autovacuum VACUUM pg_class")
        #expect(PostgresActivity.autovacuumLabel("") == "autovacuum")
    }

    @Test func theDeckHandsOutEachPairOnceThenWraps() {
        let targets = (0..<50).map { BenchTarget(start: "2026-12-01T09:\(String(format: "%02d", $0)):00Z", staff: UUID()) }
        let deck = TargetDeck(targets, withReplacement: false)
        var rng = BenchRandom(seed: 1)
        let drawn = (0..<50).map { _ in deck.draw(&rng).start }
        #expect(Set(drawn).count == 50)
        #expect(drawn != targets.map(\.start))  // shuffled
        #expect(deck.draw(&rng).start == drawn[0])
        let withReplacement = TargetDeck(targets, withReplacement: true)
        let sample = (0..<200).map { _ in withReplacement.draw(&rng).start }
        #expect(Set(sample).count < sample.count)  // 200 draws from 50 pairs repeat
        #expect(Set(sample).isSubset(of: Set(targets.map(\.start))))
    }
}
