import Testing
@testable import App

@Suite("Configuration")
struct AppConfigTests {
    @Test func defaultsToSQLiteFileOnLocalhost() throws {
        let config = try AppConfig.load(from: [:])
        #expect(config.database == .sqliteFile(path: "data/booking.sqlite"))
        #expect(config.mode == .development)
        #expect(config.host == "127.0.0.1" && config.port == 8080)
        #expect(config.baseDomain == nil && config.defaultTenant == nil)
    }

    @Test(arguments: [
        ("postgres://u:p@db.example:5432/booking", AppConfig.DatabaseLocation.postgres(url: "postgres://u:p@db.example:5432/booking")),
        ("postgresql://u@localhost/booking", .postgres(url: "postgresql://u@localhost/booking")),
        ("sqlite://data/other.sqlite", .sqliteFile(path: "data/other.sqlite")),
        ("sqlite:///var/lib/booking.sqlite", .sqliteFile(path: "/var/lib/booking.sqlite")),
        ("sqlite::memory:", .sqliteMemory),
    ])
    func databaseURLSelectsTheBackend(url: String, expected: AppConfig.DatabaseLocation) throws {
        #expect(try AppConfig.load(from: ["DATABASE_URL": url]).database == expected)
    }

    @Test func readsEveryVariable() throws {
        let config = try AppConfig.load(from: [
            "HOST": "0.0.0.0", "PORT": "9090", "BASE_DOMAIN": "Booking.Example.com", "DEFAULT_TENANT": "house-of-hair",
            "APP_ENV": "production", "APP_SECRET": String(repeating: "s", count: 40),
        ])
        #expect(config.host == "0.0.0.0" && config.port == 9090)
        #expect(config.baseDomain == "booking.example.com")
        #expect(config.defaultTenant == "house-of-hair")
        #expect(config.mode == .production)
    }

    @Test(arguments: [
        (["PORT": "eighty"], "PORT: 'eighty' is not a port number between 1 and 65535"),
        (["PORT": "70000"], "PORT: '70000' is not a port number between 1 and 65535"),
        (["APP_ENV": "staging"], "APP_ENV: 'staging' is not one of development, production, testing"),
        (["APP_ENV": "production"], "APP_SECRET: is required when APP_ENV=production (at least 32 random characters)"),
        (["APP_ENV": "production", "APP_SECRET": "short"], "APP_SECRET: must be at least 32 characters in production"),
        (["DEFAULT_TENANT": "Bad Slug!"], "DEFAULT_TENANT: 'Bad Slug!' is not a tenant slug (2-63 characters: lowercase letters, digits and hyphens, not starting or ending with a hyphen)"),
        (["BASE_DOMAIN": "intranet"], "BASE_DOMAIN: 'intranet' is not a domain name such as booking.example.com"),
        (["BASE_DOMAIN": "bad_name.com"], "BASE_DOMAIN: 'bad_name.com' is not a domain name such as booking.example.com"),
        (["DATABASE_URL": "postgres://user@host"], "DATABASE_URL: names no database; expected postgres://USER:PASSWORD@HOST:PORT/DATABASE"),
        (["DATABASE_URL": "sqlite://"], "DATABASE_URL: sqlite:// needs a file path, e.g. sqlite://data/booking.sqlite"),
    ])
    func badValuesNameTheVariable(env: [String: String], problem: String) {
        #expect(throws: ConfigurationError(problems: [problem])) { try AppConfig.load(from: env) }
    }

    @Test func unsupportedDatabaseNeverEchoesTheSecret() {
        do {
            _ = try AppConfig.load(from: ["DATABASE_URL": "mysql://root:hunter2@db/booking"])
            Issue.record("expected an error")
        } catch {
            #expect(error.description.contains("DATABASE_URL: unsupported scheme 'mysql'"))
            #expect(!error.description.contains("hunter2"))
        }
    }

    @Test func everyProblemIsReportedAtOnce() {
        do {
            _ = try AppConfig.load(from: ["PORT": "0", "APP_ENV": "nope"])
            Issue.record("expected an error")
        } catch {
            #expect(error.problems.count == 2)
            #expect(error.description.split(separator: "\n").allSatisfy { $0.hasPrefix("configuration error: ") })
        }
    }

    @Test func dotEnvFileIsParsedAndTheProcessWins() {
        let parsed = DotEnv.parse(
            """
            # comment
            export PORT=9000
            HOST = "0.0.0.0"
            DATABASE_URL='sqlite::memory:'
            not a line
            """)
        #expect(parsed == ["PORT": "9000", "HOST": "0.0.0.0", "DATABASE_URL": "sqlite::memory:"])
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("env-\(UUID().uuidString)").path
        #expect(FileManager.default.createFile(atPath: path, contents: Data("PORT=9000\nHOST=a\n".utf8)))
        defer { try? FileManager.default.removeItem(atPath: path) }
        #expect(DotEnv.environment(merging: ["PORT": "7000"], file: path) == ["PORT": "7000", "HOST": "a"])
    }
}

import Foundation
