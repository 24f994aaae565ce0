import Fluent
import Foundation
import Testing
import VaporTesting

@testable import App

@Suite("Stand-alone instances")
struct InstanceCreationTests {
    @Test func aNewInstanceGetsItsFirstOwnerSignIn() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("nbne-instance-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let created = try await InstanceCreation.create(
            name: "Corner Barber", folder: folder, slug: nil, timezone: "Europe/London", kind: .appointments, contactEmail: nil,
            port: 8124, owner: .init(email: "Me@Corner.Example"))
        let owner = try #require(created.owner)
        let password = try #require(owner.generatedPassword)
        #expect(owner.email == "me@corner.example" && owner.role == .owner)
        let config = AppConfig(mode: .testing, database: .sqliteFile(path: folder + "/data/booking.sqlite"))
        try await AppRunner.with(config: config) { app in
            let user = try #require(try await User.query(on: app.db).filter(\.$email == "me@corner.example").first())
            #expect(try await Passwords.verify(password, against: user.passwordHash, on: app.threadPool))
        }
    }

    @Test func aNewInstanceServesItsBusinessWithNoTenantNamed() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("nbne-instance-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let created = try await InstanceCreation.create(
            name: "Studio Öl & Co.", folder: folder, slug: nil, timezone: "Europe/Paris", kind: .sessions, contactEmail: nil,
            port: 8123)
        #expect(created.slug == "studio-ol-co" && created.url == "http://127.0.0.1:8123")
        let envPath = folder + "/.env"
        let attributes = try FileManager.default.attributesOfItem(atPath: envPath)
        #expect((attributes[.posixPermissions] as? Int) == 0o600)
        let env = DotEnv.parse(try String(contentsOfFile: envPath, encoding: .utf8))
        #expect(env["DEFAULT_TENANT"] == "studio-ol-co" && env["DATABASE_URL"] == "sqlite://data/booking.sqlite")
        #expect((env["APP_SECRET"] ?? "").count == 64)
        #expect(!(try String(contentsOfFile: envPath, encoding: .utf8)).contains(created.apiKey))

        // What `booking serve` reads when started in the folder (the relative path made absolute here).
        var config = try AppConfig.load(from: env.merging(["DATABASE_URL": "sqlite://\(folder)/data/booking.sqlite"]) { $1 })
        #expect(config.mode == .production && config.defaultTenant == "studio-ol-co" && config.port == 8123)
        config.mode = .testing
        try await AppRunner.with(config: config) { app in
            try await app.testing().test(.GET, "api/v1/tenant") { res in
                #expect(res.status == .ok)
                #expect(res.json["name"] as? String == "Studio Öl & Co." && res.json["timezone"] as? String == "Europe/Paris")
            }
            try await app.testing().test(.GET, "api/v1/admin/settings", headers: ["Authorization": "Bearer \(created.apiKey)"]) {
                res in
                #expect(res.status == .ok)
            }
        }

        // A folder that holds an instance is refused, and nothing in it changes.
        await #expect(throws: TenantProvisioning.Failure.self) {
            _ = try await InstanceCreation.create(
                name: "Other", folder: folder, slug: nil, timezone: "Europe/London", kind: .appointments, contactEmail: nil,
                port: 8080)
        }
        #expect(DotEnv.parse(try String(contentsOfFile: envPath, encoding: .utf8)) == env)
    }

    @Test func slugsFromNames() {
        #expect(InstanceCreation.slug(from: "House of Hair") == "house-of-hair")
        #expect(InstanceCreation.slug(from: "  Zoë's  Café & Bar!! ") == "zoe-s-cafe-bar")
    }
}
