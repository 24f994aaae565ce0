import App
import ArgumentParser

struct Bench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Benchmarks (build with -c release for meaningful numbers).",
        subcommands: [Slots.self])

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
}
