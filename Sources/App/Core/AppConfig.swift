import Foundation

/// The application's configuration, read once at start-up from the environment (and `.env`).
public struct AppConfig: Sendable, Equatable {
    public enum Mode: String, Sendable, CaseIterable {
        case development, production, testing
    }

    /// Where the data lives.
    public enum DatabaseLocation: Sendable, Equatable {
        case sqliteFile(path: String)
        case sqliteMemory
        case postgres(url: String)

        public var isPostgres: Bool {
            if case .postgres = self { return true }
            return false
        }
    }

    public var mode: Mode
    public var database: DatabaseLocation
    public var host: String
    public var port: Int
    /// `example.com` makes `<slug>.example.com` resolve to tenant `<slug>`.
    public var baseDomain: String?
    /// The tenant used when a request names none (stand-alone instance mode).
    public var defaultTenant: String?
    public var appSecret: String?

    public static let defaultSQLitePath = "data/booking.sqlite"

    public init(
        mode: Mode = .development, database: DatabaseLocation = .sqliteFile(path: AppConfig.defaultSQLitePath),
        host: String = "127.0.0.1", port: Int = 8080, baseDomain: String? = nil, defaultTenant: String? = nil,
        appSecret: String? = nil
    ) {
        self.mode = mode
        self.database = database
        self.host = host
        self.port = port
        self.baseDomain = baseDomain
        self.defaultTenant = defaultTenant
        self.appSecret = appSecret
    }

    /// Reads the configuration from environment variables, collecting every problem before failing.
    public static func load(from env: [String: String]) throws(ConfigurationError) -> AppConfig {
        var config = AppConfig()
        var problems: [String] = []
        func value(_ key: String) -> String? {
            guard let raw = env[key]?.trimmingCharacters(in: .whitespaces), !raw.isEmpty else { return nil }
            return raw
        }

        if let raw = value("APP_ENV") {
            if let mode = Mode(rawValue: raw.lowercased()) {
                config.mode = mode
            } else {
                problems.append("APP_ENV: '\(raw)' is not one of development, production, testing")
            }
        }
        if let raw = value("DATABASE_URL") {
            switch parseDatabaseURL(raw) {
            case .success(let location): config.database = location
            case .failure(let problem): problems.append("DATABASE_URL: \(problem.reason)")
            }
        }
        if let raw = value("HOST") { config.host = raw }
        if let raw = value("PORT") {
            if let port = Int(raw), (1...65535).contains(port) {
                config.port = port
            } else {
                problems.append("PORT: '\(raw)' is not a port number between 1 and 65535")
            }
        }
        if let raw = value("BASE_DOMAIN") {
            let domain = raw.lowercased()
            if isHostname(domain) {
                config.baseDomain = domain
            } else {
                problems.append("BASE_DOMAIN: '\(raw)' is not a domain name such as booking.example.com")
            }
        }
        if let raw = value("DEFAULT_TENANT") {
            if TenantSlug.isValid(raw) {
                config.defaultTenant = raw
            } else {
                problems.append("DEFAULT_TENANT: '\(raw)' is not a tenant slug (\(TenantSlug.rule))")
            }
        }
        config.appSecret = value("APP_SECRET")
        if config.mode == .production {
            if let secret = config.appSecret {
                if secret.count < 32 { problems.append("APP_SECRET: must be at least 32 characters in production") }
            } else {
                problems.append("APP_SECRET: is required when APP_ENV=production (at least 32 random characters)")
            }
        }
        guard problems.isEmpty else { throw ConfigurationError(problems: problems) }
        return config
    }

    struct DatabaseURLProblem: Error { let reason: String }

    static func parseDatabaseURL(_ raw: String) -> Result<DatabaseLocation, DatabaseURLProblem> {
        if raw == "sqlite::memory:" || raw == "sqlite://:memory:" { return .success(.sqliteMemory) }
        if raw.hasPrefix("sqlite://") {
            let path = String(raw.dropFirst("sqlite://".count))
            guard !path.isEmpty else { return .failure(.init(reason: "sqlite:// needs a file path, e.g. sqlite://data/booking.sqlite")) }
            return .success(.sqliteFile(path: path))
        }
        if raw.hasPrefix("postgres://") || raw.hasPrefix("postgresql://") {
            guard let url = URL(string: raw), let host = url.host, !host.isEmpty else {
                return .failure(.init(reason: "not a valid URL; expected postgres://USER:PASSWORD@HOST:PORT/DATABASE"))
            }
            guard url.path.count > 1 else {
                return .failure(.init(reason: "names no database; expected postgres://USER:PASSWORD@HOST:PORT/DATABASE"))
            }
            return .success(.postgres(url: raw))
        }
        // Never echo the value: it may hold a password.
        let scheme = raw.split(separator: ":", maxSplits: 1).first.map(String.init) ?? raw
        return .failure(.init(reason: "unsupported scheme '\(scheme.prefix(20))'; use postgres://..., sqlite://PATH or sqlite::memory:"))
    }

    static func isHostname(_ text: String) -> Bool {
        let labels = text.split(separator: ".", omittingEmptySubsequences: false)
        return labels.count >= 2 && labels.allSatisfy { label in
            !label.isEmpty && label.count <= 63 && !label.hasPrefix("-") && !label.hasSuffix("-")
                && label.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-") }
        }
    }
}

/// Start-up configuration is wrong: one line per problem, each naming the variable.
public struct ConfigurationError: Error, Equatable, CustomStringConvertible {
    public let problems: [String]
    public var description: String { problems.map { "configuration error: \($0)" }.joined(separator: "\n") }
}
