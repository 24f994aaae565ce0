import Foundation
import NIOConcurrencyHelpers
import Testing

@testable import App

/// `KeptPerTenant` on a clock the test moves: a value is read once per lifetime, answered while its
/// refresh is read for one more lifetime only, and never after an eviction.
@Suite("Kept per tenant")
struct KeptPerTenantTests {
    /// A monotonic clock in whole seconds that the test sets.
    final class TestClock: Sendable {
        private let seconds = NIOLockedValueBox<UInt64>(1)
        func set(_ value: UInt64) { seconds.withLockedValue { $0 = value } }
        func nanoseconds() -> UInt64 { seconds.withLockedValue { $0 } * 1_000_000_000 }
    }

    /// Loads that return their number (1, 2, ...) and can be held until the test lets them finish.
    final class Loads: Sendable {
        private let count = NIOLockedValueBox(0)
        private let gate = NIOLockedValueBox<CheckedContinuation<Void, Never>?>(nil)
        private let holding = NIOLockedValueBox(false)

        var started: Int { count.withLockedValue { $0 } }
        func hold() { holding.withLockedValue { $0 = true } }

        func load() async -> Int {
            let number = count.withLockedValue {
                $0 += 1; return $0
            }
            if holding.withLockedValue({ $0 }) {
                await withCheckedContinuation { continuation in gate.withLockedValue { $0 = continuation } }
            }
            return number
        }

        /// Lets a held load finish (waits until one is held).
        func release() async {
            while true {
                if let continuation = gate.withLockedValue({ gate in
                    defer { gate = nil }; return gate
                }) {
                    holding.withLockedValue { $0 = false }
                    continuation.resume()
                    return
                }
                await Task.yield()
            }
        }
    }

    /// Without the stale answer the first request after expiry would wait on the held read: hence the limit.
    @Test(.timeLimit(.minutes(1))) func anExpiredValueIsAnsweredWhileItsRefreshIsReadForOneMoreLifetime() async throws {
        let clock = TestClock()
        let kept = KeptPerTenant<UUID, Int>(lifetime: 10, clock: clock.nanoseconds)
        let loads = Loads()
        let tenant = UUID()
        #expect(try await kept.value(tenant: tenant, load: loads.load) == 1)
        clock.set(10)
        #expect(try await kept.value(tenant: tenant, load: loads.load) == 1, "fresh: kept")
        #expect(loads.started == 1)

        // Expired: answered at once with the old value while one refresh is read.
        clock.set(12)
        loads.hold()
        #expect(try await kept.value(tenant: tenant, load: loads.load) == 1)
        #expect(try await kept.value(tenant: tenant, load: loads.load) == 1)
        await loads.release()
        #expect(loads.started == 2, "one refresh for both requests")
        while try await kept.value(tenant: tenant, load: loads.load) != 2 { await Task.yield() }
        #expect(loads.started == 2)

        // Expired for more than a lifetime: the request waits for the read.
        clock.set(12 + 25)
        #expect(try await kept.value(tenant: tenant, load: loads.load) == 3)
    }

    @Test func afterAnEvictionTheNextRequestWaitsForTheRead() async throws {
        let clock = TestClock()
        let kept = KeptPerTenant<UUID, Int>(lifetime: 10, clock: clock.nanoseconds)
        let loads = Loads()
        let tenant = UUID()
        #expect(try await kept.value(tenant: tenant, load: loads.load) == 1)
        clock.set(12)
        kept.evict(tenant: tenant)
        #expect(try await kept.value(tenant: tenant, load: loads.load) == 2, "not the old value, even within its stale lifetime")
        // Another tenant's value is its own.
        #expect(try await kept.value(tenant: UUID(), load: loads.load) == 3)
    }

    /// `keptValue` never waits: it answers what may be shown, starting a refresh when that is stale,
    /// and leaves a missing or too old value to `value(tenant:load:)`.
    @Test(.timeLimit(.minutes(1))) func aKeptValueIsAnsweredWithoutWaitingOrNotAtAll() async throws {
        let clock = TestClock()
        let kept = KeptPerTenant<String, Int>(lifetime: 10, clock: clock.nanoseconds)
        let loads = Loads()
        #expect(kept.keptValue(tenant: "salon", refresh: loads.load) == nil)
        #expect(loads.started == 0, "nothing kept: nothing read")
        #expect(try await kept.value(tenant: "salon", load: loads.load) == 1)
        clock.set(10)
        #expect(kept.keptValue(tenant: "salon", refresh: loads.load) == 1)
        #expect(loads.started == 1, "fresh: not read again")

        // Stale: answered, and one refresh started for both calls.
        clock.set(12)
        loads.hold()
        #expect(kept.keptValue(tenant: "salon", refresh: loads.load) == 1)
        #expect(kept.keptValue(tenant: "salon", refresh: loads.load) == 1)
        await loads.release()
        while kept.keptValue(tenant: "salon", refresh: loads.load) != 2 { await Task.yield() }
        #expect(loads.started == 2)

        // Too old, or evicted: nil, and nothing read.
        clock.set(12 + 25)
        #expect(kept.keptValue(tenant: "salon", refresh: loads.load) == nil)
        #expect(try await kept.value(tenant: "salon", load: loads.load) == 3)
        kept.evict(tenant: "salon")
        #expect(kept.keptValue(tenant: "salon", refresh: loads.load) == nil)
        #expect(loads.started == 3)
        let off = KeptPerTenant<String, Int>(lifetime: 0, clock: clock.nanoseconds)
        #expect(off.keptValue(tenant: "salon", refresh: loads.load) == nil, "a zero lifetime keeps nothing")
    }
}
