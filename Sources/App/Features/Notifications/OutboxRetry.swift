import Fluent
import Foundation

/// Sends a message that gave up (`dead`) again: back to the queue with fresh attempts, due now. The
/// admin API and the portal's retry button both call this.
enum OutboxRetry {
    enum Refusal: Error, Equatable {
        case notFound
        case notDead(OutboxStatus)

        var message: String {
            switch self {
            case .notFound: "No outbox message with that id."
            case .notDead(let status): "Only dead messages can be retried; this one is \(status.rawValue)."
            }
        }
    }

    static func requeue(_ id: UUID?, tenant: UUID, now: Date, on db: any Database) async throws -> OutboxMessage {
        guard let row = try await OutboxMessage.find(id, on: db, tenant: tenant) else { throw Refusal.notFound }
        guard row.status == .dead else { throw Refusal.notDead(row.status) }
        row.status = .pending
        row.attempts = 0
        row.dueAt = now
        row.updatedAt = now
        row.lockedUntil = nil
        try await row.update(on: db)
        return row
    }
}
