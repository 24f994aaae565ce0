import FluentKit
import NIOConcurrencyHelpers
import NIOCore
import Vapor

/// How long a request would wait for a database connection right now.
///
/// The connection pools (AsyncKit's `EventLoopConnectionPool`) keep their waiting list to themselves
/// and report no waits, so the wait is measured from outside: at each scrape of `/metrics`, one
/// connection is taken from the pool of every event loop and handed straight back, and the longest
/// time it took is the gauge `booking_db_pool_wait_seconds`. An idle pool answers in microseconds; a
/// pool whose connections are all busy makes the probe queue behind the requests, as a request would.
/// A probe waits at most `limit`, then reports `limit` (the scrape is not held up by a stuck pool).
enum DatabasePoolProbe {
    static let limit = TimeAmount.seconds(2)

    /// The longest wait, in seconds, over the pools of every event loop.
    static func longestWait(app: Application) async -> Double {
        var longest = 0.0
        for eventLoop in app.eventLoopGroup.makeIterator() {
            guard let db = app.databases.database(logger: app.logger, on: eventLoop) else { continue }
            longest = max(longest, await wait(on: db, eventLoop: eventLoop, limit: limit))
        }
        return longest
    }

    /// The time `db` took to lend one connection, or `limit` if it had not within it.
    static func wait(on db: any Database, eventLoop: any EventLoop, limit: TimeAmount) async -> Double {
        (try? await start(on: db, eventLoop: eventLoop, limit: limit).get()) ?? seconds(limit)
    }

    /// Asks `db` for a connection now (queued behind any requests already waiting) and gives it back
    /// at once; the future holds the seconds it took, or `limit`.
    static func start(on db: any Database, eventLoop: any EventLoop, limit: TimeAmount) -> EventLoopFuture<Double> {
        let started = NIODeadline.now()
        let promise = eventLoop.makePromise(of: Double.self)
        let done = NIOLockedValueBox(false)
        let finish: @Sendable (TimeAmount) -> Void = { waited in
            let first = done.withLockedValue { done in
                defer { done = true }
                return !done
            }
            if first { promise.succeed(seconds(waited)) }
        }
        let timeout = eventLoop.scheduleTask(in: limit) { finish(limit) }
        db.withConnection { _ in eventLoop.makeSucceededFuture(()) }.whenComplete { _ in
            timeout.cancel()
            finish(NIODeadline.now() - started)
        }
        return promise.futureResult
    }

    private static func seconds(_ amount: TimeAmount) -> Double { Double(amount.nanoseconds) / 1_000_000_000 }
}
