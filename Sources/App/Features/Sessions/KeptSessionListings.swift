import Foundation
import NIOConcurrencyHelpers
import Vapor

/// The public sessions listing (`GET /api/v1/sessions`) as the JSON bytes it answers, per tenant
/// and date range, kept like the class list's timetable (`UpcomingClasses`): built at most once a
/// lifetime per range, and evicted by any request on this server that may write, so this server's
/// own enrolments and changes show at once; another server's within two lifetimes
/// (`KeptPerTenant`). Two queries and a `JSONEncoder` run per listing made a twentieth of the page
/// mix's requests a third of its CPU on PostgreSQL (issue 24). Places are only shown here:
/// enrolling always counts them in the database.
///
/// A listing that expired is answered while it is built again, as the timetable is: when every
/// request that found it expired waited for the build, the listing's p99 in the many-tenant mix
/// on PostgreSQL was 258 ms against 18-26 ms for every other route, and it set the mix's p99.
final class KeptSessionListings: Sendable {
    /// A tenant's listings built since the last eviction or expiry, by range.
    final class Listings: Sendable {
        /// Past this many ranges (clients may ask for any), further ones are built but not kept.
        static let rangesKept = 16
        private struct State {
            var building: [Range<Date>: Task<ByteBuffer, any Error>] = [:]
            var built: [Range<Date>: ByteBuffer] = [:]
        }
        private let state = NIOLockedValueBox(State())
        private enum Found {
            case body(ByteBuffer)
            case building(Task<ByteBuffer, any Error>)
            case notKept
        }
        /// The bodies of the listings these replace, answered while each is built again.
        private let expired: [Range<Date>: ByteBuffer]

        /// Listings that answer `expired`'s bodies while they are built again (none if `nil`).
        init(replacing expired: Listings? = nil) {
            self.expired = expired?.state.withLockedValue { $0.built } ?? [:]
        }

        /// The listing for `range`, built once: requests that ask while it is built wait for it,
        /// unless the expired listings had it.
        func body(for range: Range<Date>, build: @escaping @Sendable () async throws -> ByteBuffer) async throws -> ByteBuffer {
            let found = state.withLockedValue { state -> Found in
                if let body = state.built[range] { return .body(body) }
                let task: Task<ByteBuffer, any Error>
                if let building = state.building[range] {
                    task = building
                } else {
                    guard state.building.count < Self.rangesKept else { return .notKept }
                    task = Task {
                        do {
                            let body = try await build()
                            self.state.withLockedValue { $0.built[range] = body }
                            return body
                        } catch {
                            self.state.withLockedValue { $0.building[range] = nil }
                            throw error
                        }
                    }
                    state.building[range] = task
                }
                return expired[range].map(Found.body) ?? .building(task)
            }
            switch found {
            case .body(let body): return body
            case .building(let task): return try await task.value
            case .notKept: return try await build()
            }
        }
    }

    private let kept: KeptPerTenant<UUID, Listings>

    /// `clock` is in nanoseconds, monotonic (a test's own in tests).
    init(lifetime: TimeInterval, clock: @escaping @Sendable () -> UInt64 = KeptPerTenant<UUID, Listings>.uptimeNanoseconds) {
        kept = KeptPerTenant(lifetime: lifetime, clock: clock)
    }

    /// The tenant's listing for `range`: kept, or `build`'s. With a zero lifetime, always `build`'s.
    func body(
        tenant: UUID, range: Range<Date>, build: @escaping @Sendable () async throws -> ByteBuffer
    ) async throws -> ByteBuffer {
        guard kept.keeps else { return try await build() }
        return try await kept.value(tenant: tenant) { Listings(replacing: $0) }.body(for: range, build: build)
    }

    /// Forgets the tenant's listings.
    func evict(tenant: UUID) { kept.evict(tenant: tenant) }
}
