import Foundation
import Scheduling

/// Each tenant's busy time over its whole booking window, read in one query at most once a second
/// per server (`KeptPerTenant`), for the requests that only show free times: `GET /slots` and the
/// day-and-time page. Reading four weeks of bookings on every such request was the largest share of
/// the database's work in the page mixes (issue 24); one read a second serves them all.
///
/// What may be shown is not what may be sold: a booking never relies on this. Creating one either
/// reads the busy time afresh inside its write or leaves it to the database's overlap constraint,
/// and a client whose chosen time was taken meanwhile is told so and offered the nearest free ones
/// (the details step's conflict answer). Any request on this server that may write
/// evicts its tenant's busy time when it ends (`TenantMiddleware`), so a client sees their own
/// booking at once; another server's bookings show within two lifetimes.
final class KeptBusyTime: Sendable {
    /// Every staff member's busy spans over a range of time, as read at one moment.
    struct Snapshot: Sendable {
        /// The blocked spans read are those overlapping this range.
        let range: Range<Date>
        /// The staff members read (every one in the catalog at the time).
        let staff: Set<UUID>
        /// Sorted by start, then end; only staff members with any.
        let spans: [UUID: [Span]]

        /// What `BusyTimeRepository.spans` would read for `wanted` over `from..<to` (with nothing
        /// excluded): the same spans in the same order. `nil` when the snapshot does not cover the
        /// window or one of the staff members.
        func spans(staff wanted: [UUID], from: Date, to: Date) -> [UUID: [Span]]? {
            guard from >= range.lowerBound, to <= range.upperBound, wanted.allSatisfy(staff.contains) else { return nil }
            let earliest = BusySpans.earliestStart(before: from)
            var result: [UUID: [Span]] = [:]
            for id in wanted {
                guard let all = spans[id] else { continue }
                // The repository's condition: starts after `earliest` and before `to`, ends after `from`.
                let lower = all.partitioningIndex { $0.start > earliest }
                let upper = max(lower, all.partitioningIndex { $0.start >= to })
                let overlapping = all[lower..<upper].filter { $0.end > from }
                if !overlapping.isEmpty { result[id] = overlapping }
            }
            return result
        }
    }

    private let kept: KeptPerTenant<UUID, Snapshot>

    init(lifetime: TimeInterval) { kept = KeptPerTenant(lifetime: lifetime) }

    /// Whether busy time is kept at all (not with a zero lifetime, as in tests).
    var keeps: Bool { kept.keeps }

    /// The range a snapshot read at `now` covers: from three days before (a day's first slots reach
    /// back by a buffer and two hours) to four days past the furthest any service may be booked.
    static func range(now: Date, maxAdvanceDays: Int) -> Range<Date> {
        now.addingTimeInterval(-3 * 86_400)..<now.addingTimeInterval(TimeInterval(maxAdvanceDays + 4) * 86_400)
    }

    /// The tenant's kept snapshot, or the one `read` returns (read once for the requests that ask
    /// meanwhile; see `KeptPerTenant`).
    func snapshot(
        tenant: UUID, read: @escaping @Sendable () async throws -> Snapshot
    ) async throws -> Snapshot {
        try await kept.value(tenant: tenant, load: read)
    }

    /// Forgets the tenant's busy time, and any read of it still under way.
    func evict(tenant: UUID) { kept.evict(tenant: tenant) }

    /// How many tenants' busy time is kept (for tests).
    var keptCount: Int { kept.keptCount }
}
