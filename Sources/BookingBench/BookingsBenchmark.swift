import App
import Foundation
import SQLKit
import Vapor

/// `booking bench bookings`: many concurrent clients book random free slots over HTTP against the
/// app serving on loopback, then an SQL audit counts double bookings (must be 0).
public enum BookingsBenchmark {
    public struct Options: Sendable {
        public var clients = 100
        public var seconds = 10.0
        public var port = 18_090
        /// `nil`: a fresh SQLite file. A `postgres://` URL benchmarks PostgreSQL (a new schema is used).
        public var databaseURL: String?
        /// Open loop: the total requests per second offered, spread evenly over the clients, with latency
        /// measured from each request's scheduled time (no coordinated omission). `nil`: closed loop,
        /// each client sends its next request as soon as the last one is answered.
        public var rate: Double?
        /// The tenant's email flag: on, each booking also writes its outbox rows (confirmation, business notice, reminder).
        public var notifications = true
        /// Drive the load with wrk in a separate process instead of the in-process client (closed loop only).
        public var useWrk = false
        /// Print each second's request count and p99 as well (in-process client only).
        public var timeline = false
        /// Draw pairs independently (clients collide; some answers are 409s) instead of each once.
        public var withReplacement = false
        /// Requests in the first seconds are sent but not counted: the connection pools fill, PostgreSQL
        /// prepares the hot statements and caches warm up, as on any server that has been running.
        public var warmupSeconds = 2.0
        /// The server's PostgreSQL pool size per event loop (the same default as `serve`).
        public var postgresConnectionsPerEventLoop = ConfigureOptions.defaultPostgresConnectionsPerEventLoop
        /// Bookings written (and analysed) before the run, on the salon's later days.
        public var existingBookings = 0
        public init() {}
    }

    public static func run(_ options: Options, print: @Sendable (String) -> Void) async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("nbne-bench-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        var config = AppConfig(
            mode: .testing, database: .sqliteFile(path: folder.appendingPathComponent("bench.sqlite").path), host: "127.0.0.1",
            port: options.port)
        if let url = options.databaseURL { config.database = try AppConfig.load(from: ["DATABASE_URL": url]).database }
        // The server keeps recent tenant reads as in production: testing mode alone would read the
        // tenant row on every booking, a third of the statements per booking (issue 25).
        config.keepsRecentReads = true
        try await AppRunner.withFreshDatabase(
            config: config, postgresConnectionsPerEventLoop: options.postgresConnectionsPerEventLoop,
            setUp: { $0.logger.logLevel = .warning }
        ) { app in
            try await measure(
                app: app, options: options, backend: config.database.isPostgres ? "postgresql" : "sqlite", print: print)
        }
    }

    private static func measure(app: Application, options: Options, backend: String, print: @Sendable (String) -> Void)
        async throws
    {
        let now = app.clock.now()
        let salon = try await BenchFixtures.bookingSalon(
            on: app, now: now, notifications: options.notifications, existingBookings: options.existingBookings)
        let (tenant, service) = (salon.slug, salon.serviceID)
        let targets = salon.freePairs.map { BenchTarget(start: $0.start, staff: $0.staff) }
        let deck = TargetDeck(targets, withReplacement: options.withReplacement)
        let mode = options.rate.map { "open loop at \(Int($0)) requests/s" } ?? "closed loop"
        let drawing = options.withReplacement ? "drawn with replacement" : "each drawn once"
        print(
            "setup: \(backend), \(options.existingBookings) bookings before, notifications \(options.notifications ? "on" : "off"), 20 staff, \(targets.count) free (start, staff) pairs "
                + "\(drawing), \(options.clients) clients, \(mode), \(options.warmupSeconds) s warm-up + \(options.seconds) s measured"
        )

        try await app.server.start(address: .hostname("127.0.0.1", port: options.port))
        // Port 0: the system picks a free one (tests run several benchmarks at once).
        var options = options
        if options.port == 0, let bound = app.http.server.shared.localAddress?.port { options.port = bound }
        if options.useWrk {
            return try await measureWithWrk(
                app: app, options: options, backend: backend, tenant: tenant, service: service, deck: deck, print: print)
        }
        let began = DispatchTime.now().uptimeNanoseconds
        let measuredFrom = began + UInt64(options.warmupSeconds * 1_000_000_000)
        if options.timeline {
            // Wall-clock time of second 0, to line the timeline up with the database's own logs.
            let start = Date().addingTimeInterval(options.warmupSeconds)
            print("timeline_second_0_at=\(ISO8601DateFormatter.withMilliseconds.string(from: start))")
        }
        let plan = RawHTTPLoad.Plan(
            port: options.port, clients: options.clients, began: began, measuredFrom: measuredFrom,
            deadline: measuredFrom + UInt64(options.seconds * 1_000_000_000),
            interval: options.rate.map { Double(options.clients) / $0 * 1_000_000_000 })
        let serviceText = service.uuidString
        // With the timeline on PostgreSQL, what the database was doing in each second as well.
        let sampler: Task<PostgresActivity, Never>? =
            options.timeline && backend == "postgresql"
            ? (app.db as? any SQLDatabase).map { sql in
                Task { await PostgresActivity.sample(on: sql, from: measuredFrom, until: plan.deadline) }
            } : nil
        let results = try await RawHTTPLoad.run(
            plan, path: "/api/v1/bookings", headers: [("X-Tenant", tenant), ("Content-Type", "application/json")]
        ) { client, n in
            var rng = BenchRandom(seed: UInt64(client) &* 7919 &+ UInt64(n) &* 104_729 &+ 17)
            let target = deck.draw(&rng)
            // Built by hand: every value is a UUID, an ISO date or plain ASCII (keeps the client cheap).
            return """
                {"service":"\(serviceText)","staff":"\(target.staff.uuidString)","start":"\(target.start)",\
                "consent":true,"client":{"name":"Client \(client)","email":"c\(client)-\(n)@bench.example"}}
                """
        }
        let elapsed = Double(DispatchTime.now().uptimeNanoseconds - measuredFrom) / 1_000_000_000
        await app.server.shutdown()
        if options.timeline {
            let activity = await sampler?.value
            for (second, stats) in results.perSecond.sorted(by: { $0.key < $1.key }) {
                let database = activity?.seconds[second].map { " " + $0.summary } ?? ""
                print(
                    "second=\(second) requests=\(stats.samplesMs.count) p50_ms=\(String(format: "%.1f", stats.percentile(50))) "
                        + "p99_ms=\(String(format: "%.1f", stats.percentile(99)))\(database)")
            }
        }
        let doubles = try await OverlapAudit.count(on: app.db)
        let stored = try await BenchFixtures.storedBookings(on: app)
        let perSecond = String(format: "%.0f", Double(results.created) / elapsed)
        let requests = String(format: "%.0f", Double(results.latency.samplesMs.count) / elapsed)
        print(
            "bookings_per_s=\(perSecond) p50_ms=\(String(format: "%.1f", results.latency.percentile(50))) "
                + "p99_ms=\(String(format: "%.1f", results.latency.percentile(99))) double_bookings=\(doubles) "
                + "created=\(results.created) conflicts=\(results.conflicts) errors=\(results.errors) "
                + "requests_per_s=\(requests) stored=\(stored) backend=\(backend)")
    }

    private static func measureWithWrk(
        app: Application, options: Options, backend: String, tenant: String, service: UUID, deck: TargetDeck,
        print: @Sendable (String) -> Void
    ) async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("nbne-wrk-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        // The warm-up run and the measured run book disjoint parts of the deck.
        let warmupCount = min(deck.targets.count / 4, 5_000)
        let warmupPairs = Array(deck.targets.prefix(warmupCount))
        let measuredPairs = Array(deck.targets.dropFirst(warmupCount))
        func runWrk(_ pairs: [BenchTarget], seconds: Double) async throws -> WrkLoad.Result {
            // wrk blocks while it runs: wait for it on a thread of its own, never on the cooperative pool the server uses.
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<WrkLoad.Result, any Error>) in
                Thread.detachNewThread {
                    continuation.resume(
                        with: Result {
                            try WrkLoad.run(
                                port: options.port, tenant: tenant, service: service, targets: pairs,
                                withReplacement: options.withReplacement, clients: options.clients, seconds: seconds,
                                folder: folder)
                        })
                }
            }
        }
        if options.warmupSeconds > 0 { _ = try await runWrk(warmupPairs, seconds: options.warmupSeconds) }
        let result = try await runWrk(measuredPairs, seconds: options.seconds)
        await app.server.shutdown()
        let doubles = try await OverlapAudit.count(on: app.db)
        let stored = try await BenchFixtures.storedBookings(on: app)
        let seconds = max(result.seconds, 0.001)
        print(
            "bookings_per_s=\(String(format: "%.0f", Double(result.created) / seconds)) p50_ms=\(String(format: "%.1f", result.p50Ms)) "
                + "p99_ms=\(String(format: "%.1f", result.p99Ms)) double_bookings=\(doubles) created=\(result.created) "
                + "conflicts=\(result.conflicts) errors=\(result.errors) "
                + "requests_per_s=\(String(format: "%.0f", Double(result.created + result.conflicts + result.errors) / seconds)) "
                + "stored=\(stored) backend=\(backend) generator=wrk")
    }
}

extension ISO8601DateFormatter {
    /// `2026-12-02T21:40:01.123Z`.
    fileprivate static var withMilliseconds: ISO8601DateFormatter {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return formatter
    }
}
