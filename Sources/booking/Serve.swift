import App
import ArgumentParser

struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run pending migrations, seed demo data into an empty database, and serve HTTP.")

    @Option(name: .long, help: "Address to listen on (default: HOST or 127.0.0.1).")
    var hostname: String?

    @Option(name: .long, help: "Port to listen on (default: PORT or 8080).")
    var port: Int?

    @Flag(name: .long, help: "Do not seed the demo tenants into an empty database.")
    var noDemo = false

    @Flag(name: .long, help: "Do not run the outbox worker in this process (run `booking worker` instead).")
    var noWorker = false

    func run() async throws {
        var overrides: [String: String] = [:]
        if let hostname { overrides["HOST"] = hostname }
        if let port { overrides["PORT"] = String(port) }
        let config = loadConfig(overrides: overrides)
        try await runReportingErrors {
            try await AppRunner.serve(config: config, seedDemo: !noDemo, runWorker: !noWorker)
        }
    }
}

struct Migrate: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Apply pending database migrations and exit.")

    func run() async throws {
        let config = loadConfig()
        try await runReportingErrors {
            try await AppRunner.with(config: config) { app in
                try await AppRunner.migrate(app)
                print("Migrations are up to date.")
            }
        }
    }
}

struct Seed: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Seed the demo tenants (house-of-hair, mind-department), or benchmark tenants. Safe to run again.")

    @Flag(name: .long, help: "Seed the demo tenants.")
    var demo = false

    @Option(name: .long, help: "Seed this many synthetic benchmark salons, bench-1 to bench-N (for scripts/wrk-mix.sh).")
    var benchTenants: Int?

    func validate() throws {
        guard demo || benchTenants != nil else { throw ValidationError("Nothing to seed: pass --demo or --bench-tenants N.") }
        if let benchTenants, !(1...1000).contains(benchTenants) {
            throw ValidationError("--bench-tenants must be between 1 and 1000.")
        }
    }

    func run() async throws {
        let config = loadConfig()
        try await runReportingErrors {
            try await AppRunner.with(config: config) { app in
                try await AppRunner.migrate(app)
                if demo {
                    let seeded = try await DemoData.seed(into: app)
                    if seeded.isEmpty { print("Demo tenants already present; nothing to do.") }
                    for (slug, access) in seeded.sorted(by: { $0.key < $1.key }) {
                        print("Seeded \(slug). Admin API key (shown once): \(access.apiKey)")
                        for login in access.logins {
                            print("  \(login.role.rawValue) sign-in: \(login.email)  password (shown once): \(login.password)")
                        }
                    }
                }
                if let benchTenants {
                    let slugs = try await BenchFixtures.manyTenants(count: benchTenants, on: app, now: app.clock.now())
                    print("Benchmark tenants present: \(slugs.first ?? "") to \(slugs.last ?? "") (\(slugs.count)).")
                }
            }
        }
    }
}
