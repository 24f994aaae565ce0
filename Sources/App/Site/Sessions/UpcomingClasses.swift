import Foundation
import NIOConcurrencyHelpers

/// Each tenant's upcoming classes as the class list and a class's page show them, kept for a second
/// like the tenant row (`TenantCache`): reading and decoding the rows of a 37-class timetable was
/// over a fifth of the class list's CPU (issue 24). Any request on this server that may write (every
/// method but GET and HEAD) evicts its tenant's timetable when it ends, so this server shows its own
/// enrolments and changes at once; another server's show within two lifetimes (`KeptPerTenant`). Places are only shown
/// here: enrolling always counts them in the database.
///
/// Kept by `KeptPerTenant`: one read per tenant for the requests that find it expired together, and
/// a read that began before an eviction is not kept.
final class UpcomingClasses: Sendable {
    /// One tenant's timetable as read at one moment, and the class list built from it.
    final class Timetable: Sendable {
        /// Scheduled classes from the start of the read's day to the end of the booking window, soonest
        /// first (`SessionListPage.timetable`); the class list shows those that have not started.
        let rows: [SessionRow]
        private let index: [UUID: Int]
        private let listPage = NIOLockedValueBox<(key: ListKey, page: Task<SessionListPage, any Error>)?>(nil)

        /// What a built class list depends on besides the rows: the site and the tenant's settings
        /// (its zone, waitlist, and the catalog version the teachers' names come from).
        struct ListKey: Equatable, Sendable {
            let site: SiteContext
            let tenant: TenantContext
        }

        init(rows: [SessionRow]) {
            self.rows = rows
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

    private let kept: KeptPerTenant<UUID, Timetable>

    init(lifetime: TimeInterval) { kept = KeptPerTenant(lifetime: lifetime) }

    var lifetime: TimeInterval { kept.lifetime }

    /// Whether timetables are kept at all (not with a zero lifetime, as in tests): without that, a
    /// class is better read alone than found in a whole timetable read for it.
    var keepsTimetables: Bool { kept.keeps }

    /// The tenant's timetable: the kept one while fresh, else `load`'s, read once for all the
    /// requests that ask meanwhile (`KeptPerTenant`). With a zero lifetime, always `load`'s.
    func timetable(tenant: UUID, load: @escaping @Sendable () async throws -> [SessionRow]) async throws -> Timetable {
        try await kept.value(tenant: tenant) { Timetable(rows: try await load()) }
    }

    /// Forgets the tenant's timetable, and any read of it still under way.
    func evict(tenant: UUID) { kept.evict(tenant: tenant) }
}
