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
final class KeptSessionListings: Sendable {
    /// A tenant's listings built since the last eviction or expiry, by range.
    final class Listings: Sendable {
        /// Past this many ranges (clients may ask for any), further ones are built but not kept.
        static let rangesKept = 16
        private let bodies = NIOLockedValueBox<[Range<Date>: Task<ByteBuffer, any Error>]>([:])

        /// The listing for `range`, built once (requests that ask while it is built wait for it).
        func body(for range: Range<Date>, build: @escaping @Sendable () async throws -> ByteBuffer) async throws -> ByteBuffer {
            let task = bodies.withLockedValue { bodies -> Task<ByteBuffer, any Error>? in
                if let kept = bodies[range] { return kept }
                guard bodies.count < Self.rangesKept else { return nil }
                let task = Task { try await build() }
                bodies[range] = task
                return task
            }
            guard let task else { return try await build() }
            do {
                return try await task.value
            } catch {
                bodies.withLockedValue { if $0[range] == task { $0[range] = nil } }
                throw error
            }
        }
    }

    private let kept: KeptPerTenant<UUID, Listings>

    init(lifetime: TimeInterval) { kept = KeptPerTenant(lifetime: lifetime) }

    /// The tenant's listing for `range`: kept, or `build`'s. With a zero lifetime, always `build`'s.
    func body(
        tenant: UUID, range: Range<Date>, build: @escaping @Sendable () async throws -> ByteBuffer
    ) async throws -> ByteBuffer {
        guard kept.keeps else { return try await build() }
        return try await kept.value(tenant: tenant) { Listings() }.body(for: range, build: build)
    }

    /// Forgets the tenant's listings.
    func evict(tenant: UUID) { kept.evict(tenant: tenant) }
}
