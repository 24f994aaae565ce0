import NIOCore
import NIOPosix

/// Runs Swift concurrency's tasks on the server's own event loops.
///
/// Without it, every async route hops from the event loop that read the request to Swift's
/// cooperative pool, and every database reply hops back again: on two cores that is four busy
/// threads trading places for each request. With NIO's event loop group as the global executor, a
/// task started on an event loop stays on it (`GET /slots` under wrk: see docs/benchmarks.md).
/// The price is the rule NIO sets for its loops: async code must never block its thread.
public enum EventLoopExecutor {
    /// Installs the event loop group as the global executor. Call once, first thing in `main`,
    /// before any task starts. Returns false where the runtime does not allow it.
    @discardableResult
    public static func install() -> Bool {
        NIOSingletons.unsafeTryInstallSingletonPosixEventLoopGroupAsConcurrencyGlobalExecutor()
    }
}
