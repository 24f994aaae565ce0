import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting

@testable import App

/// Portal users (issue 22): password rules, bcrypt without silent truncation, and the ways users are
/// created (`create-user`, `create-tenant --owner-email`, `create-instance`, the demo seed).
@Suite("Portal users")
struct UserAccountTests {
    @Test func passwordsNeedTenCharactersAndAtMost72Bytes() {
        #expect(Passwords.problem("nine-char") == "must be at least 10 characters")
        #expect(Passwords.problem("ten-chars!") == nil)
        #expect(Passwords.problem(String(repeating: "a", count: 72)) == nil)
        #expect(Passwords.problem(String(repeating: "a", count: 73))?.contains("at most 72 bytes") == true)
        // Counted in bytes, not characters: 37 "é" are 74 bytes.
        #expect(Passwords.problem(String(repeating: "é", count: 36)) == nil)
        #expect(Passwords.problem(String(repeating: "é", count: 37))?.contains("72 bytes") == true)
        #expect(Passwords.problem("🙂🙂🙂🙂🙂🙂🙂🙂🙂") != nil)  // nine characters, however many bytes
    }

    @Test func aLongerPasswordWhose72BytePrefixIsStoredDoesNotSignIn() async throws {
        try await withTestApp { app in
            let prefix = String(repeating: "correct horse battery staple ", count: 3).prefix(72)
            let stored = String(prefix)
            #expect(stored.utf8.count == 72)
            // At the cost every real run uses (the tests make other hashes cheaper).
            #expect(AppConfig().passwordHashCost == 12)
            let hash = try await Passwords.hash(stored, cost: AppConfig().passwordHashCost, on: app.threadPool)
            #expect(hash.hasPrefix("$2b$12$"))  // bcrypt, cost 12
            // bcrypt on its own reads 72 bytes and would let the longer one in:
            #expect(try Bcrypt.verify(stored + " and more", created: hash))
            #expect(try await Passwords.verify(stored, against: hash, on: app.threadPool))
            #expect(try await !Passwords.verify(stored + " and more", against: hash, on: app.threadPool))
            #expect(try await !Passwords.verify(String(stored.dropLast()), against: hash, on: app.threadPool))
            #expect(try await !Passwords.verify("", against: hash, on: app.threadPool))
        }
    }

    @Test func usersAreCreatedWithTheirRulesAndNothingIsStoredOnARefusal() async throws {
        try await withTestApp { app in
            let salon = try await TenantProvisioning.create(
                .init(slug: "salon", name: "Salon", timezone: "Europe/London"), on: app.db)
            let other = try await TenantProvisioning.create(
                .init(slug: "other", name: "Other", timezone: "Europe/London"), on: app.db)
            let stylist = Staff(tenantID: salon.tenantID, name: "Alex")
            try await stylist.create(on: app.db)
            let elsewhere = Staff(tenantID: other.tenantID, name: "Sam")
            try await elsewhere.create(on: app.db)
            func create(_ input: UserProvisioning.Input) async throws -> UserProvisioning.Created {
                try await UserProvisioning.create(input, on: app.db, threadPool: app.threadPool)
            }
            func problems(_ input: UserProvisioning.Input) async -> [String] {
                do {
                    _ = try await create(input)
                    return []
                } catch let failure as UserProvisioning.Failure {
                    return failure.problems.map { "\($0.option): \($0.message)" }
                } catch {
                    return ["unexpected \(error)"]
                }
            }

            let owner = try await create(.init(tenantID: salon.tenantID, email: " Owner@Salon.Example ", role: .owner))
            #expect(owner.email == "owner@salon.example")
            let generated = try #require(owner.generatedPassword)
            #expect(generated.count == 20 && Passwords.problem(generated) == nil)
            let stored = try #require(try await User.find(owner.userID, on: app.db))
            #expect(stored.name == "owner" && stored.role == .owner && stored.active && stored.tenantID == salon.tenantID)
            #expect(try await Passwords.verify(generated, against: stored.passwordHash, on: app.threadPool))

            let staff = try await create(
                .init(
                    tenantID: salon.tenantID, email: "alex@salon.example", name: "Alex Morgan", role: .staff,
                    staffID: stylist.id, password: "a long enough secret"))
            #expect(staff.generatedPassword == nil)
            #expect(try await User.find(staff.userID, on: app.db)?.staffID == stylist.id)

            // The same address in another business is another account.
            _ = try await create(.init(tenantID: other.tenantID, email: "owner@salon.example", role: .owner))

            let before = try await User.query(on: app.db).count()
            #expect(
                await problems(.init(tenantID: salon.tenantID, email: "OWNER@salon.example", role: .owner)) == [
                    "email: owner@salon.example has an account in this business already"
                ])
            #expect(
                await problems(.init(tenantID: salon.tenantID, email: "new@salon.example", role: .staff)).first?.hasPrefix(
                    "staff:") == true)
            #expect(
                await problems(.init(tenantID: salon.tenantID, email: "new@salon.example", role: .staff, staffID: elsewhere.id))
                    == [
                        "staff: no staff member \(elsewhere.id!) in this business"
                    ])
            #expect(
                await problems(.init(tenantID: salon.tenantID, email: "new@salon.example", role: .owner, password: "short")) == [
                    "password: must be at least 10 characters"
                ])
            #expect(await problems(.init(tenantID: salon.tenantID, email: "not an email", name: "", role: .owner)).count == 2)
            #expect(try await User.query(on: app.db).count() == before)
        }
    }

    @Test func aTenantIsCreatedWithItsOwnerOrNotAtAll() async throws {
        try await withTestApp { app in
            let input = TenantProvisioning.Input(slug: "studio", name: "Studio", timezone: "Europe/London")
            await #expect(throws: TenantProvisioning.Failure.self) {
                _ = try await TenantProvisioning.create(
                    input, owner: .init(email: "me@studio.example", password: "too short"), on: app.db, threadPool: app.threadPool
                )
            }
            #expect(try await Tenant.query(on: app.db).count() == 0)
            let created = try await TenantProvisioning.create(
                input, owner: .init(email: "me@studio.example", password: "ten or more characters"), on: app.db,
                threadPool: app.threadPool)
            let owner = try #require(created.owner)
            #expect(owner.role == .owner && owner.generatedPassword == nil)
            #expect(try await User.query(on: app.db).filter(\.$tenantID == created.tenantID).count() == 1)
        }
    }

    @Test func theCommandChecksItsOptionsAndTheTenant() async throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("nbne-users-\(UUID().uuidString).sqlite").path
        defer { for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) } }
        let config = AppConfig(mode: .testing, database: .sqliteFile(path: path))
        try await AppRunner.with(config: config) { app in
            try await AppRunner.migrate(app)
            _ = try await TenantProvisioning.create(.init(slug: "salon", name: "Salon", timezone: "Europe/London"), on: app.db)
        }
        await #expect(throws: UserProvisioning.Failure.self) {
            _ = try await UserCommands.create(
                tenant: "salon", email: "a@salon.example", name: nil, role: "admin", staff: "nope", password: nil, config: config)
        }
        await #expect(throws: ApiKeyCommands.Failure.self) {
            _ = try await UserCommands.create(
                tenant: "nobody", email: "a@salon.example", name: nil, role: "owner", staff: nil, password: nil, config: config)
        }
        let created = try await UserCommands.create(
            tenant: "salon", email: "a@salon.example", name: "Ann", role: "Owner", staff: nil, password: nil, config: config)
        #expect(created.role == .owner && created.generatedPassword != nil)
    }

    @Test func theDemoSeedGivesAnOwnerAndAStaffSignInPerTenant() async throws {
        try await withTestApp { app in
            let seeded = try await DemoData.seed(into: app)
            let salon = try #require(seeded["house-of-hair"])
            #expect(salon.logins.map(\.role) == [.owner, .staff])
            #expect(salon.logins.map(\.email) == ["owner@houseofhair.example", "alex@houseofhair.example"])
            for login in salon.logins + (seeded["mind-department"]?.logins ?? []) {
                let user = try #require(try await User.query(on: app.db).filter(\.$email == login.email).first())
                #expect(try await Passwords.verify(login.password, against: user.passwordHash, on: app.threadPool))
                #expect((user.role == .staff) == (user.staffID != nil))
            }
        }
    }
}
