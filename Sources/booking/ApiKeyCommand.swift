import App
import ArgumentParser
import Foundation

/// `booking api-key create|list|revoke`: manage a tenant's admin API keys.
struct ApiKeyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "api-key",
        abstract: "Create, list or revoke a tenant's admin API keys (rotate: create, switch, revoke the old one).",
        subcommands: [Create.self, List.self, Revoke.self])

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Issue a key and print it once.")
        @Option(help: "The tenant's slug.") var tenant: String
        @Option(help: "What the key is for, e.g. 'front desk'.") var name: String = "admin"

        func run() async throws {
            try await reporting { config in
                let key = try await ApiKeyCommands.create(tenant: tenant, name: name, config: config)
                print("Admin API key for '\(tenant)' (store it now; it is shown only once):")
                print(key)
            }
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List a tenant's keys (never their secrets).")
        @Option(help: "The tenant's slug.") var tenant: String

        func run() async throws {
            try await reporting { config in
                let keys = try await ApiKeyCommands.list(tenant: tenant, config: config)
                print("id                                    prefix        created               status     name")
                for key in keys {
                    let created = key.createdAt.map { ISO8601DateFormatter().string(from: $0) } ?? "-"
                    let status = key.revokedAt.map { "revoked " + ISO8601DateFormatter().string(from: $0) } ?? "active"
                    print("\(key.id.uuidString.lowercased())  \(key.prefix)  \(created)  \(status)  \(key.name)")
                }
            }
        }
    }

    struct Revoke: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Revoke a key at once (refused for the tenant's last active key).")
        @Option(help: "The tenant's slug.") var tenant: String
        @Argument(help: "The key's id or prefix (from `api-key list`), or the key itself.") var key: String

        func run() async throws {
            try await reporting { config in
                try await ApiKeyCommands.revoke(tenant: tenant, key: key, config: config)
                print("Revoked. Requests with that key now answer 401.")
            }
        }
    }
}

/// Runs `work` with the configuration, reporting known failures as one line and exit status 1.
private func reporting(_ work: (AppConfig) async throws -> Void) async throws {
    let config = loadConfig()
    try await runReportingErrors { try await work(config) }
}
