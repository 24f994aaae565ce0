import Dispatch
import Foundation
import NIOConcurrencyHelpers

/// Each tenant's upcoming classes as the class list and a class's page show them, kept for a second
/// like the tenant row (`TenantCache`): reading and decoding the rows of a 37-class timetable was
/// over a fifth of the class list's CPU (issue 24). Any request on this server that may write (every
/// method but GET and HEAD) evicts its tenant's timetable when it ends, so this server shows its own
/// enrolments and changes at once; another server's show within the lifetime. Places are only shown
/// here: enrolling always counts them in the database.
///
/// A read that began before an eviction does not keep what it read (a generation per tenant), so a
/// write that lands during a read is never hidden for a second.
final class UpcomingClasses: Sendable {
    /// One tenant's timetable as read at one moment, and the class list built from it.
    final class Timetable: Sendable {
        /// Scheduled classes from the read's moment to the end of the booking window, soonest first.
        let rows: [SessionRow]
        let expires: UInt64
        private let index: [UUID: Int]
        private let listPage = NIOLockedValueBox<(key: ListKey, page: Task<SessionListPage, any Error>)?>(nil)

        /// What a built class list depends on besides the rows: the site and the tenant's settings
        /// (its zone, waitlist, and the catalog version the teachers' names come from).
        struct ListKey: Equatable, Sendable {
            let site: SiteContext
            let tenant: TenantContext
        }

        init(rows: [SessionRow], expires: UInt64) {
            self.rows = rows
            self.expires = expires
            index = Dictionary(rows.enumerated().map { ($1.id, $0) }, uniquingKeysWith: { first, _ in first })
        }

        /// The scheduled class `id`, if it is one of these.
        func row(_ id: UUID) -> SessionRow? { index[id].map { rows[$0] } }

        /// The class list for `key`, built once per timetable and key (requests that ask while it
        /// is being built wait for it).
        func listPage(
            for key: ListKey, build: @escaping @Sendable () async throws -> SessionListPage
        ) async throws -> SessionListPage {
            let task = listPage.withLockedValue { kept -> Task<SessionListPage, any Error> in
                if let kept, kept.key == key { return kept.page }
                let task = Task { try await build() }
                kept = (key, task)
                return task
            }
            do {
                return try await task.value
            } catch {
                listPage.withLockedValue { if $0?.key == key { $0 = nil } }
                throw error
            }
        }
    }

    /// Past this many tenants kept, the expired timetables are dropped before another is kept.
    static let tenantsBeforePruning = 256
    let lifetime: TimeInterval

    private struct Loading {
        let generation: UInt64
        let task: Task<Timetable, any Error>
    }
    private struct State {
        var kept: [UUID: Timetable] = [:]
        /// The read under way per tenant: requests that find the timetable expired wait for it
        /// instead of each reading and building it again (64 at once under load, each second).
        var loading: [UUID: Loading] = [:]
        var generations: [UUID: UInt64] = [:]
    }
    private let state = NIOLockedValueBox(State())

    init(lifetime: TimeInterval) { self.lifetime = lifetime }

    /// Whether timetables are kept at all (not with a zero lifetime, as in tests): without that, a
    /// class is better read alone than found in a whole timetable read for it.
    var keepsTimetables: Bool { lifetime > 0 }

    /// The tenant's timetable: the kept one while fresh, else `load`'s, read once for all the
    /// requests that ask meanwhile. With a zero lifetime, always `load`'s.
    func timetable(tenant: UUID, load: @escaping @Sendable () async throws -> [SessionRow]) async throws -> Timetable {
        guard keepsTimetables else { return Timetable(rows: try await load(), expires: 0) }
        let lifetime = UInt64(lifetime * 1_000_000_000)
        enum Found {
            case kept(Timetable)
            case reading(Task<Timetable, any Error>)
        }
        let found = state.withLockedValue { state -> Found in
            let now = DispatchTime.now().uptimeNanoseconds
            if let kept = state.kept[tenant], kept.expires > now { return .kept(kept) }
            let generation = state.generations[tenant] ?? 0
            // A read that began before the last eviction may miss that write: start another.
            if let loading = state.loading[tenant], loading.generation == generation { return .reading(loading.task) }
            let task = Task {
                let result: Result<Timetable, any Error>
                do {
                    result = .success(Timetable(rows: try await load(), expires: now + lifetime))
                } catch {
                    result = .failure(error)
                }
                self.state.withLockedValue { state in
                    if state.loading[tenant]?.generation == generation { state.loading[tenant] = nil }
                    guard case .success(let timetable) = result, (state.generations[tenant] ?? 0) == generation else { return }
                    if state.kept.count >= Self.tenantsBeforePruning { state.kept = state.kept.filter { $0.value.expires > now } }
                    state.kept[tenant] = timetable
                }
                return try result.get()
            }
            state.loading[tenant] = Loading(generation: generation, task: task)
            return .reading(task)
        }
        switch found {
        case .kept(let timetable): return timetable
        case .reading(let task): return try await task.value
        }
    }

    /// Forgets the tenant's timetable, and any read of it still under way.
    func evict(tenant: UUID) {
        state.withLockedValue { state in
            state.kept[tenant] = nil
            state.generations[tenant, default: 0] &+= 1
        }
    }
}
