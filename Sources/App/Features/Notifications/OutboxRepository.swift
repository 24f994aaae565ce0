import Fluent
import Foundation
import SQLKit

/// The worker's statements on the outbox: claim due rows, then settle each one.
///
/// Claiming marks rows `sending` with a lease. On PostgreSQL the candidate rows are picked with
/// `FOR UPDATE SKIP LOCKED`, so any number of workers claim disjoint rows without waiting on each
/// other; on SQLite the claim runs in a write unit (`BEGIN IMMEDIATE`), which serialises claims
/// across processes. A worker that dies mid-send leaves its rows `sending`; once the lease expires
/// another worker takes them over.
protocol OutboxRepository: Sendable {
    func claim(channels: [NotificationChannel], limit: Int, now: Date) async throws -> [OutboxMessage]
    func markSent(_ id: UUID, now: Date) async throws
    /// The message no longer applies (or may not be sent); it is kept, with the reason, for the record.
    func markSkipped(_ id: UUID, reason: String, now: Date) async throws
    /// Back to pending with a later due time, or dead after the last attempt or a permanent failure.
    func markFailed(_ message: OutboxMessage, error: String, permanent: Bool, policy: RetryPolicy, now: Date) async throws
}

/// The outbox statements of both databases, which differ only in how the claim locks its rows, so
/// one implementation serves both (`SQLiteStorage` and `PostgresStorage` set `skipLocked`).
struct SQLOutboxRepository: OutboxRepository {
    let db: any Database
    let storage: any Storage
    /// `FOR UPDATE SKIP LOCKED` in the claim (PostgreSQL).
    let skipLocked: Bool
    var lease: TimeInterval = 10 * 60

    func claim(channels: [NotificationChannel], limit: Int, now: Date) async throws -> [OutboxMessage] {
        guard !channels.isEmpty, db is any SQLDatabase else { return [] }
        struct Row: Decodable { let id: UUID }
        let forUpdate: SQLQueryString = skipLocked ? "FOR UPDATE SKIP LOCKED" : ""
        let channelList = SQLList(channels.map { SQLBind($0.rawValue) })
        let claimStatement: SQLQueryString = """
            UPDATE outbox_messages
            SET status = \(bind: OutboxStatus.sending.rawValue), attempts = attempts + 1, locked_until = \(bind: now.addingTimeInterval(lease)),
                updated_at = \(bind: now)
            WHERE id IN (
                SELECT id FROM outbox_messages
                WHERE ((status = \(bind: OutboxStatus.pending.rawValue) AND due_at <= \(bind: now))
                       OR (status = \(bind: OutboxStatus.sending.rawValue) AND locked_until < \(bind: now)))
                  AND channel IN (\(channelList))
                ORDER BY due_at
                LIMIT \(unsafeRaw: String(max(1, limit)))
                \(forUpdate)
            )
            RETURNING id
            """
        let ids = try await storage.write(on: db) { db in
            try await (db as! any SQLDatabase).raw(claimStatement).all(decoding: Row.self).map(\.id)
        }
        guard !ids.isEmpty else { return [] }
        return try await OutboxMessage.query(on: db).filter(\.$id ~~ ids).sort(\.$dueAt).all()
    }

    func markSent(_ id: UUID, now: Date) async throws {
        try await settle(
            id, now: now, ["status": SQLBind(OutboxStatus.sent.rawValue), "sent_at": SQLBind(now), "last_error": SQLLiteral.null])
    }

    /// The message no longer applies (or may not be sent); it is kept, with the reason, for the record.
    func markSkipped(_ id: UUID, reason: String, now: Date) async throws {
        try await settle(id, now: now, ["status": SQLBind(OutboxStatus.cancelled.rawValue), "last_error": SQLBind(reason)])
    }

    /// Back to pending with a later due time, or dead after the last attempt or a permanent failure.
    func markFailed(_ message: OutboxMessage, error: String, permanent: Bool, policy: RetryPolicy, now: Date) async throws {
        let dead = permanent || message.attempts >= policy.maxAttempts
        let retryAt = now.addingTimeInterval(policy.delay(afterAttempt: message.attempts))
        try await settle(
            message.requireID(), now: now,
            [
                "status": SQLBind((dead ? OutboxStatus.dead : .pending).rawValue),
                "last_error": SQLBind(String(error.prefix(1000))),
                "due_at": SQLBind(dead ? message.dueAt : retryAt),
            ])
    }

    /// Applies `changes` to a row this worker holds (`sending`); a row settled meanwhile is left alone.
    private func settle(_ id: UUID, now: Date, _ changes: [String: any SQLExpression]) async throws {
        try await storage.write(on: db) { db in
            guard let sql = db as? any SQLDatabase else { return }
            var update = sql.update(OutboxMessage.schema)
                .set("locked_until", to: SQLLiteral.null).set("updated_at", to: SQLBind(now))
            for (column, value) in changes.sorted(by: { $0.key < $1.key }) { update = update.set(SQLColumn(column), to: value) }
            try await update.where("id", .equal, id).where("status", .equal, OutboxStatus.sending.rawValue).run()
        }
    }
}
