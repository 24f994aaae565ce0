import Foundation
import NIOCore
import NIOPosix
import Testing
import VaporTesting

@testable import App

/// A connection that goes quiet is closed after `IDLE_TIMEOUT_SECONDS` (regression: with none, a
/// client holding 20,000 silent connections starved `/health`).
@Suite("Idle connections")
struct IdleTimeoutTests {
    @Test func aSilentConnectionAndAHalfSentHeadAreClosed() async throws {
        try await withTestApp(config: { $0.idleTimeoutSeconds = 1 }) { app in
            try await StreamedBodyTests.onFreePort { port in
                try await app.asyncBoot()
                try await app.server.start(address: .hostname("127.0.0.1", port: port))
                do {
                    let silent = try await Self.connect(port: port)
                    let halfHead = try await Self.connect(port: port)
                    try await halfHead.writeAndFlush(ByteBuffer(string: "GET /health HTTP/1.1\r\nHost: local")).get()
                    let started = ContinuousClock.now
                    for channel in [silent, halfHead] {
                        #expect(try await Self.closes(channel, within: .seconds(10)), "closed by the server")
                    }
                    let waited = ContinuousClock.now - started
                    #expect(
                        waited >= .milliseconds(800) && waited < .seconds(10), "closed by the timeout, not at once: \(waited)")

                    // A connection in use is not cut: a request answered after half a second of quiet.
                    let active = try await Self.connect(port: port)
                    try await Task.sleep(for: .milliseconds(500))
                    try await active.writeAndFlush(ByteBuffer(string: "GET /health HTTP/1.1\r\nHost: local\r\n\r\n")).get()
                    #expect(!(try await Self.closes(active, within: .milliseconds(300))), "still open right after a request")
                } catch {
                    await app.server.shutdown()
                    throw error
                }
                await app.server.shutdown()
            }
        }
    }

    @Test func theTimeoutIsReadFromTheEnvironment() throws {
        #expect(try AppConfig.load(from: [:]).idleTimeoutSeconds == 75)
        #expect(try AppConfig.load(from: ["IDLE_TIMEOUT_SECONDS": "30"]).idleTimeoutSeconds == 30)
        #expect(throws: ConfigurationError.self) { try AppConfig.load(from: ["IDLE_TIMEOUT_SECONDS": "0"]) }
        #expect(throws: ConfigurationError.self) { try AppConfig.load(from: ["IDLE_TIMEOUT_SECONDS": "soon"]) }
    }

    static func connect(port: Int) async throws -> any Channel {
        try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton).connect(host: "127.0.0.1", port: port).get()
    }

    /// Whether the server closes `channel` within `limit` (when it does not, the channel is closed here).
    static func closes(_ channel: any Channel, within limit: Duration) async throws -> Bool {
        try await withThrowingTaskGroup(of: Bool.self) { group in
            group.addTask {
                try await channel.closeFuture.get()
                return true
            }
            group.addTask {
                try await Task.sleep(for: limit)
                return false
            }
            let first = try await group.next()!
            group.cancelAll()
            if !first { try? await channel.close() }
            return first
        }
    }
}
