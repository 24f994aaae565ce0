import Fluent
import NIOConcurrencyHelpers
import Vapor

/// The database handle a request's scope uses: one per event loop, made once and shared by every
/// request that loop serves.
///
/// A Fluent handle is a plain value (the loop's connection pool, a logger, settings), but
/// `request.db` makes a new one for each request: a locked lookup of the configuration and, on
/// PostgreSQL, runtime type lookups for the driver's opaque types, 2.9 % of the server's CPU on the
/// manage page (issue 24). Requests share the handle as they share the pool behind it. While the
/// log level shows statements (debug or trace), each request makes its own again, so every logged
/// statement still carries its request's `request-id`.
final class DatabaseHandles: Sendable {
    private let kept = NIOLockedValueBox<[ObjectIdentifier: any Database]>([:])

    /// The handle for `request`'s event loop.
    func handle(for request: Request) -> any Database {
        guard request.logger.logLevel > .debug else { return request.db }
        let loop = ObjectIdentifier(request.eventLoop)
        if let handle = kept.withLockedValue({ $0[loop] }) { return handle }
        let app = request.application
        // Nil once the databases have shut down: then `request.db` reports it as it always has.
        guard
            let handle = app.databases.database(
                logger: app.logger, on: request.eventLoop, pageSizeLimit: app.fluent.pagination.pageSizeLimit)
        else { return request.db }
        kept.withLockedValue { $0[loop] = handle }
        return handle
    }
}
