import Fluent
import Foundation
import Vapor

/// What `booking api-key create|list|revoke` does, for the operator at the command line.
public enum ApiKeyCommands {
    /// A failure to report as one line.
    public struct Failure: Error, CustomStringConvertible {
        public let description: String
    }

    /// A key as listed (never its secret).
    public struct Listed: Sendable {
        public let id: UUID
        public let name: String
        public let prefix: String
        public let createdAt: Date?
        public let revokedAt: Date?
    }

    /// Issues a key; the returned plaintext is shown once and never stored.
    public static func create(tenant slug: String, name: String, config: AppConfig) async throws -> String {
        try await onMigratedApp(config) { try await create(tenant: slug, name: name, on: $0) }
    }

    public static func list(tenant slug: String, config: AppConfig) async throws -> [Listed] {
        try await onMigratedApp(config) { try await list(tenant: slug, on: $0) }
    }

    /// Revokes the key named by id, prefix or whole key; it answers 401 from then on.
    public static func revoke(tenant slug: String, key: String, config: AppConfig) async throws {
        try await onMigratedApp(config) { try await revoke(tenant: slug, key: key, on: $0) }
    }

    static func create(tenant slug: String, name: String, on app: Application) async throws -> String {
        let trimmed = name.trimmingCharacters(in: .whitespacesAndNewlines)
        var problems = FieldProblems()
        problems.requireText(trimmed, "--name", max: 80)
        guard problems.isEmpty else { throw Failure(description: problems.lines.joined(separator: "; ")) }
        return try await ApiKeyService.issue(tenantID: try await tenantID(slug, on: app), name: trimmed, on: app.db).plaintext
    }

    static func list(tenant slug: String, on app: Application) async throws -> [Listed] {
        try await ApiKeyService.list(tenantID: try await tenantID(slug, on: app), on: app.db).map {
            Listed(id: try $0.requireID(), name: $0.name, prefix: $0.prefix, createdAt: $0.createdAt, revokedAt: $0.revokedAt)
        }
    }

    static func revoke(tenant slug: String, key: String, on app: Application) async throws {
        let tenant = try await tenantID(slug, on: app)
        guard let record = try await ApiKeyService.find(key, tenantID: tenant, on: app.db) else {
            throw Failure(
                description: "tenant '\(slug)' has no API key '\(key)' (give its id or its prefix, as `api-key list` shows)")
        }
        do {
            try await ApiKeyService.revoke(record, now: app.clock.now(), on: app.db, storage: app.services.storage)
        } catch let error as ApiKeyService.RevokeError {
            throw Failure(description: error.reason)
        }
    }

    private static func onMigratedApp<T>(_ config: AppConfig, _ work: (Application) async throws -> T) async throws -> T {
        try await AppRunner.with(config: config) { app in
            try await AppRunner.migrate(app)
            return try await work(app)
        }
    }

    /// The tenant named on the command line, or a one-line failure naming the slug.
    static func tenantID(_ slug: String, on app: Application) async throws -> UUID {
        guard let tenant = try await app.services.storage.tenants(app.db).find(slug: slug.lowercased()) else {
            throw Failure(description: "no tenant with slug '\(slug)'")
        }
        return tenant.id
    }
}
