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
        /// The list was cut at the read's limit, so a class later than the last row may exist.
        let truncated: Bool
        let expires: UInt64
        private let index: [UUID: Int]
        private let listPage = NIOLockedValueBox<(key: ListKey, page: SessionListPage)?>(nil)

        /// What a built class list depends on besides the rows: the site and the tenant's settings
        /// (its zone, waitlist, and the catalog version the teachers' names come from).
        struct ListKey: Equatable, Sendable {
            let site: SiteContext
            let tenant: TenantContext
        }

        init(rows: [SessionRow], truncated: Bool, expires: UInt64) {
            self.rows = rows
            self.truncated = truncated
            self.expires = expires
            index = Dictionary(rows.enumerated().map { ($1.id, $0) }, uniquingKeysWith: { first, _ in first })
        }

        /// The scheduled class `id`, if it is one of these.
        func row(_ id: UUID) -> SessionRow? { index[id].map { rows[$0] } }

        /// The class list for `key`, built once per timetable and key.
        func listPage(for key: ListKey, build: () async throws -> SessionListPage) async throws -> SessionListPage {
            if let kept = listPage.withLockedValue({ $0 }), kept.key == key { return kept.page }
            let page = try await build()
            listPage.withLockedValue { $0 = (key, page) }
            return page
        }
    }

    /// Past this many tenants kept, the expired timetables are dropped before another is kept.
    static let tenantsBeforePruning = 256
    let lifetime: TimeInterval
    private let state = NIOLockedValueBox<(kept: [UUID: Timetable], generations: [UUID: UInt64])>(([:], [:]))

    init(lifetime: TimeInterval) { self.lifetime = lifetime }

    /// The tenant's timetable: the kept one while fresh, else `load`'s (`limit` is the number of rows
    /// it was asked for, so a full read counts as cut). With a zero lifetime, always `load`'s.
    func timetable(tenant: UUID, limit: Int, load: () async throws -> [SessionRow]) async throws -> Timetable {
        let now = DispatchTime.now().uptimeNanoseconds
        let (kept, generation) = state.withLockedValue { ($0.kept[tenant], $0.generations[tenant] ?? 0) }
        if let kept, kept.expires > now { return kept }
        let rows = try await load()
        let timetable = Timetable(
            rows: rows, truncated: rows.count >= limit, expires: now + UInt64(max(0, lifetime) * 1_000_000_000))
        guard lifetime > 0 else { return timetable }
        state.withLockedValue { state in
            guard (state.generations[tenant] ?? 0) == generation else { return }
            if state.kept.count >= Self.tenantsBeforePruning { state.kept = state.kept.filter { $0.value.expires > now } }
            state.kept[tenant] = timetable
        }
        return timetable
    }

    /// Forgets the tenant's timetable, and any read of it still under way.
    func evict(tenant: UUID) {
        state.withLockedValue { state in
            state.kept[tenant] = nil
            state.generations[tenant, default: 0] &+= 1
        }
    }
}
