import Fluent
import Leaf
import LeafKit
import NIOCore
import Vapor

extension Application {
    private struct ConfigKey: StorageKey { typealias Value = AppConfig }

    /// The configuration the application was started with.
    public var config: AppConfig {
        get { storage[ConfigKey.self] ?? AppConfig() }
        set { storage[ConfigKey.self] = newValue }
    }
}

/// Options for tests and tools that need to steer set-up beyond `AppConfig`.
public struct ConfigureOptions: Sendable {
    /// PostgreSQL schemas to use (tests give each app its own schema).
    public var postgresSearchPath: [String]?
    /// PostgreSQL pool size per event loop (Vapor runs one event loop per core): 4, the size with the
    /// lowest p99 under `bench bookings` (docs/benchmarks.md, "Bookings"). Tests use a smaller pool:
    /// they run many apps at once.
    public var postgresMaxConnectionsPerEventLoop: Int
    public static let defaultPostgresConnectionsPerEventLoop = 4
    /// How long a request waits for a database connection before it is answered 503. Tests wait
    /// longer: hundreds of apps start at once on two cores, and the concurrency suite's 200 racing
    /// requests then queued past 10 s (a slow machine, not a wrong answer).
    public var connectionPoolTimeout: TimeAmount
    public static let defaultConnectionPoolTimeout = TimeAmount.seconds(10)

    public init(
        postgresSearchPath: [String]? = nil, postgresMaxConnectionsPerEventLoop: Int = defaultPostgresConnectionsPerEventLoop,
        connectionPoolTimeout: TimeAmount = defaultConnectionPoolTimeout
    ) {
        self.postgresSearchPath = postgresSearchPath
        self.postgresMaxConnectionsPerEventLoop = postgresMaxConnectionsPerEventLoop
        self.connectionPoolTimeout = connectionPoolTimeout
    }
}

/// Configures the application: database, migrations, middleware, views and routes.
public func configure(_ app: Application, config: AppConfig, options: ConfigureOptions = .init()) throws {
    Passwords.use(cost: config.passwordHashCost)
    app.config = config
    app.http.server.configuration.hostname = config.host
    app.http.server.configuration.port = config.port
    app.http.server.configuration.idleTimeout = .seconds(Int64(config.idleTimeoutSeconds))

    try DatabaseSetup.configure(app, location: config.database, options: options)
    app.migrations.add(AppMigrations.all)
    // Shared per-process state and the storage for this database, built before any request.
    app.services = try AppServices.build(for: app, config: config)

    app.middleware = Middlewares()
    app.middleware.use(InFlightRequests.Counting(inFlight: app.services.inFlight))
    app.middleware.use(RequestLogMiddleware())
    app.middleware.use(PageHeaders())
    app.middleware.use(JSONErrorMiddleware())

    JSONCoding.install()
    AppMetrics.bootstrap()

    try Templates.install(in: app)
    app.routes.defaultMaxBodySize = "256kb"

    try routes(app)
}

/// ISO-8601 dates, sorted keys and unescaped slashes for every JSON body. Vapor's content
/// configuration is process-wide, so it is installed exactly once (tests build many apps at once).
enum JSONCoding {
    private static let installed: Void = {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .iso8601
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        ContentConfiguration.global.use(encoder: encoder, for: .json)
        ContentConfiguration.global.use(decoder: StrictJSONDecoder(decoder: decoder), for: .json)
    }()

    static func install() { _ = installed }
}

/// Leaf templates ship inside the App module's resource bundle (`Sources/App/Resources/Views`), so
/// the server finds them whatever its working directory.
enum Views {
    static let directory: String = {
        guard let url = Bundle.module.resourceURL else { return "Resources/Views/" }
        return url.appendingPathComponent("Views").path + "/"
    }()
}
