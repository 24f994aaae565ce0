import Foundation
import NIOSSL

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
    /// The address clients reach the site at, for links in messages (default `http://HOST:PORT`).
    public var publicURL: String?
    /// Outgoing email; without it, messages are logged (and counted as sent) in development.
    public var smtp: SMTPSettings?
    public var sms: SMSSettings?
    /// Development without SMTP or SMS settings writes each message into this folder (`DEV_MAIL_DIR`).
    public var developmentMailDirectory = "data/mail"
    /// `LOG_FORMAT=json` writes one JSON object per log line (for log shippers); default text.
    public var jsonLogs = false
    /// `GET /metrics` answers only with `Authorization: Bearer <METRICS_TOKEN>`; without it, 404.
    public var metricsToken: String?
    /// A connection that sends and receives nothing for this long is closed (`IDLE_TIMEOUT_SECONDS`),
    /// so clients that open connections and go quiet cannot hold them all. Above the 60 s keep-alive
    /// of common proxies (nginx's upstream keep-alive, load balancers), so the proxy closes first.
    public var idleTimeoutSeconds = AppConfig.defaultIdleTimeoutSeconds
    /// bcrypt's cost for portal passwords: 12 in every real run (not read from the environment).
    /// The tests lower it, so the suite's CPU goes to what it tests rather than to hashing.
    public var passwordHashCost = AppConfig.defaultPasswordHashCost
    public static let defaultPasswordHashCost = 12
    /// Whether a tenant's row and a studio's upcoming classes are kept between requests for a second
    /// (`TenantCache`, `UpcomingClasses`). `nil`: kept in every mode but testing, whose tests change
    /// tenants straight in the database. The benchmarks keep them, as a server in production does.
    public var keepsRecentReads: Bool?
    /// What `keepsRecentReads` comes to for this mode.
    public var keepsRecentReadsInEffect: Bool { keepsRecentReads ?? (mode != .testing) }
    public static let defaultIdleTimeoutSeconds = 75
    public static let idleTimeoutRange = 1...3600

    /// The base of links in messages, without a trailing slash.
    public var publicBaseURL: String {
        let base = publicURL ?? "http://\(host):\(port)"
        return base.hasSuffix("/") ? String(base.dropLast()) : base
    }

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
            // `localhost` too: browsers resolve `<slug>.localhost` to loopback, so a developer can open
            // http://house-of-hair.localhost:8080/ with nothing to set up.
            if isHostname(domain) || domain == "localhost" {
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
        if let raw = value("DEV_MAIL_DIR") { config.developmentMailDirectory = raw }
        if let raw = value("METRICS_TOKEN") {
            if raw.count >= 16 {
                config.metricsToken = raw
            } else {
                problems.append("METRICS_TOKEN: must be at least 16 characters")
            }
        }
        if let raw = value("IDLE_TIMEOUT_SECONDS") {
            if let seconds = Int(raw), idleTimeoutRange.contains(seconds) {
                config.idleTimeoutSeconds = seconds
            } else {
                problems.append("IDLE_TIMEOUT_SECONDS: '\(raw.prefix(20))' is not a number of seconds from 1 to 3600")
            }
        }
        if let raw = value("LOG_FORMAT") {
            switch raw.lowercased() {
            case "json": config.jsonLogs = true
            case "text": config.jsonLogs = false
            default: problems.append("LOG_FORMAT: '\(raw)' is not one of text, json")
            }
        }
        if let raw = value("PUBLIC_URL") {
            if Formats.isWebURL(raw) {
                config.publicURL = raw
            } else {
                problems.append("PUBLIC_URL: '\(raw.prefix(80))' is not an http(s) URL such as https://booking.example.com")
            }
        }
        config.smtp = parseSMTP(value, problems: &problems)
        config.sms = parseSMS(value, problems: &problems)
        if config.mode == .production {
            if let secret = config.appSecret {
                if secret.count < 32 { problems.append("APP_SECRET: must be at least 32 characters in production") }
            } else {
                problems.append("APP_SECRET: is required when APP_ENV=production (at least 32 random characters)")
            }
            if let from = config.smtp?.from, let domain = reservedMailDomain(from) {
                problems.append(
                    "SMTP_FROM: '\(from.prefix(80))' is at \(domain), which cannot receive replies or pass mail checks; use an address at your own domain, e.g. bookings@yoursalon.co.uk"
                )
            }
        }
        guard problems.isEmpty else { throw ConfigurationError(problems: problems) }
        return config
    }

    struct DatabaseURLProblem: Error { let reason: String }

    /// The domain of `address` when it is one that never receives mail: localhost, or a name
    /// reserved for examples and tests (RFC 2606, RFC 6761); nil for a real domain.
    static func reservedMailDomain(_ address: String) -> String? {
        guard let at = address.lastIndex(of: "@") else { return nil }
        let domain = address[address.index(after: at)...].lowercased().trimmingCharacters(in: CharacterSet(charactersIn: "."))
        let exact: Set<String> = ["localhost", "example.com", "example.org", "example.net", "localdomain"]
        let endings = [
            ".localhost", ".example", ".test", ".invalid", ".local", ".localdomain", ".example.com", ".example.org",
            ".example.net",
        ]
        if exact.contains(domain) || endings.contains(where: { domain.hasSuffix($0) }) || !domain.contains(".") { return domain }
        return nil
    }

    static func parseSMTP(_ value: (String) -> String?, problems: inout [String]) -> SMTPSettings? {
        guard let host = value("SMTP_HOST") else {
            for key in ["SMTP_PORT", "SMTP_USERNAME", "SMTP_PASSWORD", "SMTP_FROM", "SMTP_TLS", "SMTP_CA_FILE"]
            where value(key) != nil {
                problems.append("\(key): is set but SMTP_HOST is not; set SMTP_HOST to the mail server's name")
            }
            return nil
        }
        var security = SMTPSettings.Security.starttls
        if let raw = value("SMTP_TLS") {
            if let parsed = SMTPSettings.Security(rawValue: raw.lowercased()) {
                security = parsed
            } else {
                problems.append("SMTP_TLS: '\(raw)' is not one of none, starttls, tls")
            }
        }
        var port: Int?
        if let raw = value("SMTP_PORT") {
            if let parsed = Int(raw), (1...65535).contains(parsed) {
                port = parsed
            } else {
                problems.append("SMTP_PORT: '\(raw)' is not a port number between 1 and 65535")
            }
        }
        let username = value("SMTP_USERNAME")
        let password = value("SMTP_PASSWORD")
        if (username == nil) != (password == nil) {
            problems.append("SMTP_USERNAME and SMTP_PASSWORD: set both to log in, or neither")
        }
        guard let from = value("SMTP_FROM") else {
            problems.append("SMTP_FROM: is required with SMTP_HOST (the address messages come from, e.g. bookings@example.com)")
            return nil
        }
        guard Formats.isEmail(from) else {
            problems.append("SMTP_FROM: '\(from.prefix(80))' is not an email address")
            return nil
        }
        var settings = SMTPSettings(
            host: host, port: port, security: security, username: username, password: password, from: from)
        if let path = value("SMTP_CA_FILE") {
            do {
                settings.tlsConfiguration.trustRoots = .certificates(try NIOSSLCertificate.fromPEMFile(path))
            } catch {
                problems.append(
                    "SMTP_CA_FILE: cannot read PEM certificates from '\(path)'; give the path of the CA certificate that signed the mail server's certificate"
                )
            }
        }
        return settings
    }

    static func parseSMS(_ value: (String) -> String?, problems: inout [String]) -> SMSSettings? {
        let keys = ["SMS_API_URL", "SMS_ACCOUNT", "SMS_TOKEN", "SMS_FROM"]
        let missing = keys.filter { value($0) == nil }
        guard missing.count < keys.count else { return nil }
        guard missing.isEmpty else {
            problems.append(
                "\(missing.joined(separator: ", ")): SMS needs all of \(keys.joined(separator: ", ")), or none of them")
            return nil
        }
        let url = value("SMS_API_URL")!
        guard Formats.isWebURL(url) else {
            problems.append("SMS_API_URL: is not an http(s) URL such as https://api.twilio.com/2010-04-01")
            return nil
        }
        return SMSSettings(apiURL: url, account: value("SMS_ACCOUNT")!, token: value("SMS_TOKEN")!, from: value("SMS_FROM")!)
    }

    static func parseDatabaseURL(_ raw: String) -> Result<DatabaseLocation, DatabaseURLProblem> {
        if raw == "sqlite::memory:" || raw == "sqlite://:memory:" { return .success(.sqliteMemory) }
        if raw.hasPrefix("sqlite://") {
            let path = String(raw.dropFirst("sqlite://".count))
            guard !path.isEmpty else {
                return .failure(.init(reason: "sqlite:// needs a file path, e.g. sqlite://data/booking.sqlite"))
            }
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
        return .failure(
            .init(reason: "unsupported scheme '\(scheme.prefix(20))'; use postgres://..., sqlite://PATH or sqlite::memory:"))
    }

    static func isHostname(_ text: String) -> Bool {
        let labels = text.split(separator: ".", omittingEmptySubsequences: false)
        return labels.count >= 2
            && labels.allSatisfy { label in
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
