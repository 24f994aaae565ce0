import App
import BookingBench
import ArgumentParser

struct Bench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Benchmarks (build with -c release for meaningful numbers).",
        subcommands: [Slots.self, Bookings.self, Pages.self])

    struct Slots: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Slot engine and GET /api/v1/slots latency on a synthetic 10-staff tenant (SQLite).")

        @Option(help: "Measured iterations per benchmark (after 20 warm-up runs).") var iterations = 300
        @Option(help: "Loopback port for the HTTP benchmark server.") var port = 18_089

        func run() async throws {
            var options = SlotsBenchmark.Options()
            options.iterations = iterations
            options.port = port
            try await SlotsBenchmark.run(options) { print($0) }
        }
    }

    struct Pages: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Website pages over HTTP (the day-and-time step above all) on a synthetic 10-staff tenant (SQLite).")

        @Option(help: "Measured requests per page (after 20 warm-up requests).") var iterations = 300
        @Option(help: "Loopback port for the benchmark server.") var port = 18_091

        func run() async throws {
            var options = PagesBenchmark.Options()
            options.iterations = iterations
            options.port = port
            try await PagesBenchmark.run(options) { print($0) }
        }
    }

    struct Bookings: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Concurrent clients booking random free slots over HTTP; then an audit for double bookings.")

        @Option(help: "Concurrent clients.") var clients = 100
        @Option(help: "How long to run, in seconds.") var seconds = 10.0
        @Option(help: "Loopback port for the benchmark server.") var port = 18_090
        @Option(help: "postgres://... to benchmark PostgreSQL (default: a fresh SQLite file).") var databaseURL: String?
        @Option(help: "Open loop: total requests per second offered (default: closed loop, as fast as answered).") var rate: Double?
        @Flag(help: "Turn the tenant's email off, so bookings write no outbox rows (to measure what notifications cost).")
        var withoutNotifications = false
        @Flag(help: "Also print each second's requests and p99 (to see whether slow answers are spread out or bunched).")
        var timeline = false
        @Flag(help: "Draw (start, staff) pairs independently, so clients collide and some get 409s (default: each pair once).")
        var withReplacement = false
        @Option(help: "Seconds of load before measuring (not counted).") var warmup = 2.0
        @Option(help: "PostgreSQL connections per event loop in the server (as in `serve`).")
        var postgresConnectionsPerLoop = ConfigureOptions.defaultPostgresConnectionsPerEventLoop
        @Flag(help: "Generate the load with wrk in a separate process (closed loop; needs `apt-get install wrk`).")
        var wrk = false
        @Option(help: "Bookings the database holds before the run (later days of the same salon; up to 1,000,000).")
        var existingBookings = 0

        func validate() throws {
            if !(0...1_000_000).contains(existingBookings) { throw ValidationError("--existing-bookings must be 0 to 1000000") }
            if wrk && rate != nil { throw ValidationError("--wrk runs a closed loop; leave out --rate, or leave out --wrk") }
            if warmup < 0 || seconds <= 0 { throw ValidationError("--warmup must be 0 or more and --seconds more than 0") }
            if !(1...100).contains(postgresConnectionsPerLoop) { throw ValidationError("--postgres-connections-per-loop must be 1 to 100") }
        }

        func run() async throws {
            var options = BookingsBenchmark.Options()
            options.clients = clients
            options.seconds = seconds
            options.port = port
            options.databaseURL = databaseURL
            options.rate = rate
            options.notifications = !withoutNotifications
            options.useWrk = wrk
            options.timeline = timeline
            options.withReplacement = withReplacement
            options.warmupSeconds = warmup
            options.postgresConnectionsPerEventLoop = postgresConnectionsPerLoop
            options.existingBookings = existingBookings
            try await BookingsBenchmark.run(options) { print($0) }
        }
    }
}
