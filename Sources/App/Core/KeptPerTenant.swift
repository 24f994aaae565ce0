import Dispatch
import Foundation
import NIOConcurrencyHelpers

/// A value read from the database once per tenant and kept for `lifetime` (a second outside tests),
/// for reads that hundreds of requests a second would otherwise repeat: the tenant row by slug
/// (`TenantCache`), the class timetable (`UpcomingClasses`), the staff's busy time
/// (`KeptBusyTime`) and the sessions API's listings (`KeptSessionListings`). `Key` names the tenant
/// (its id, or its slug before the row is read).
///
/// - Requests that find the value missing wait for one read instead of each starting their own (64
///   at once under load). Requests that find it expired less than a lifetime ago are answered with
///   it while one read refreshes it, so they do not all stall on the read once a lifetime: a value
///   is shown for at most two lifetimes after it was read.
/// - `evict(tenant:)` forgets the value; any request on this server that may write evicts its
///   tenant's values when it ends (`TenantMiddleware`), so this server sees its own writes at once
///   and another server's within two lifetimes.
/// - A read that began before an eviction is not kept (a generation per tenant), so a write that
///   lands during a read is never hidden for a lifetime.
/// - With a zero lifetime (tests) nothing is kept: every call reads.
final class KeptPerTenant<Key: Hashable & Sendable, Value: Sendable>: Sendable {
    /// Past this many tenants kept, the expired values are dropped before another is kept.
    static var tenantsBeforePruning: Int { 256 }
    let lifetime: TimeInterval
    /// Nanoseconds on a monotonic clock (a test's own clock in tests).
    private let clock: @Sendable () -> UInt64

    private struct Kept {
        let value: Value
        let expires: UInt64
    }
    private struct Loading {
        let generation: UInt64
        let task: Task<Value, any Error>
    }
    private struct State {
        var kept: [Key: Kept] = [:]
        var loading: [Key: Loading] = [:]
        var generations: [Key: UInt64] = [:]
    }
    private enum Found {
        case kept(Value)
        case reading(Task<Value, any Error>)
        case missing
    }
    private let state = NIOLockedValueBox(State())

    /// The clock outside tests: nanoseconds since boot, monotonic.
    static func uptimeNanoseconds() -> UInt64 { DispatchTime.now().uptimeNanoseconds }

    init(lifetime: TimeInterval, clock: @escaping @Sendable () -> UInt64 = uptimeNanoseconds) {
        self.lifetime = lifetime
        self.clock = clock
    }

    /// Whether values are kept at all (not with a zero lifetime).
    var keeps: Bool { lifetime > 0 }

    /// The tenant's value: the kept one while fresh (or while its refresh is read, for a lifetime
    /// after it expired), else `load`'s, read once for all the requests that ask meanwhile. With a
    /// zero lifetime, always `load`'s.
    func value(tenant: Key, load: @escaping @Sendable () async throws -> Value) async throws -> Value {
        try await value(tenant: tenant, refreshing: { _ in try await load() })
    }

    /// `value(tenant:load:)` for a value made from the one it replaces: `load` is given the kept
    /// value that expired less than a lifetime ago (the one still answered meanwhile), or `nil`
    /// when there is none (nothing kept, kept too long, evicted, or a zero lifetime).
    func value(tenant: Key, refreshing load: @escaping @Sendable (_ expired: Value?) async throws -> Value) async throws -> Value
    {
        guard keeps else { return try await load(nil) }
        switch find(tenant, load: load, readingIfMissing: true) {
        case .kept(let value): return value
        case .reading(let task): return try await task.value
        case .missing: return try await load(nil)  // Not returned when reading if missing.
        }
    }

    /// The tenant's value without waiting: the kept one while fresh, or while its refresh by `load`
    /// (started by this call unless one is under way) is read, for a lifetime after it expired.
    /// `nil` when nothing that may be shown is kept, or with a zero lifetime: `value(tenant:load:)`
    /// then reads it.
    func keptValue(tenant: Key, refresh load: @escaping @Sendable () async throws -> Value) -> Value? {
        guard keeps, case .kept(let value) = find(tenant, load: { _ in try await load() }, readingIfMissing: false) else {
            return nil
        }
        return value
    }

    /// The kept value, or the read that will bring it (started here unless one is under way, and
    /// when nothing is kept only if `readingIfMissing`).
    private func find(
        _ tenant: Key, load: @escaping @Sendable (_ expired: Value?) async throws -> Value, readingIfMissing: Bool
    ) -> Found {
        let lifetime = UInt64(lifetime * 1_000_000_000)
        let now = clock()
        return state.withLockedValue { state -> Found in
            var stale: Value?
            if let kept = state.kept[tenant] {
                if kept.expires > now { return .kept(kept.value) }
                if kept.expires + lifetime > now { stale = kept.value }
            }
            guard stale != nil || readingIfMissing else { return .missing }
            let generation = state.generations[tenant] ?? 0
            // A read that began before the last eviction may miss that write: start another.
            if let loading = state.loading[tenant], loading.generation == generation {
                return stale.map(Found.kept) ?? .reading(loading.task)
            }
            let task = Task { [stale] in
                let result: Result<Value, any Error>
                do {
                    result = .success(try await load(stale))
                } catch {
                    result = .failure(error)
                }
                self.state.withLockedValue { state in
                    if state.loading[tenant]?.generation == generation { state.loading[tenant] = nil }
                    guard case .success(let value) = result, (state.generations[tenant] ?? 0) == generation else { return }
                    if state.kept.count >= Self.tenantsBeforePruning { state.kept = state.kept.filter { $0.value.expires > now } }
                    state.kept[tenant] = Kept(value: value, expires: now + lifetime)
                }
                return try result.get()
            }
            state.loading[tenant] = Loading(generation: generation, task: task)
            return stale.map(Found.kept) ?? .reading(task)
        }
    }

    /// Forgets the tenant's value, and any read of it still under way.
    func evict(tenant: Key) {
        state.withLockedValue { state in
            state.kept[tenant] = nil
            state.generations[tenant, default: 0] &+= 1
        }
    }

    /// How many tenants' values are kept, expired or not (for tests).
    var keptCount: Int { state.withLockedValue { $0.kept.count } }
}
