import Fluent
import Foundation
import Vapor

/// Delivers the outbox: claims due rows, composes each message, hands it to its transport, and
/// marks it sent, retried later, dead, or skipped. Safe to run in several processes at once.
struct OutboxWorker: Sendable {
    let app: Application
    let transports: Transports
    var policy = RetryPolicy.standard
    var batchSize = 20
    var pollInterval: Duration = .seconds(1)

    /// Counts of one pass.
    struct Pass: Sendable, Equatable {
        var sent = 0
        var failed = 0
        var skipped = 0
        var total: Int { sent + failed + skipped }
    }

    private var channels: [NotificationChannel] {
        (transports.mail == nil ? [] : [.email]) + (transports.sms == nil ? [] : [.sms])
    }

    /// Claims and handles one batch of due rows.
    func runOnce(now: Date) async throws -> Pass {
        let store = app.services.storage.outbox(app.db)
        let rows = try await store.claim(channels: channels, limit: batchSize, now: now)
        guard !rows.isEmpty else { return Pass() }
        AppMetrics.workerClaimed(rows.count)
        let composer = MessageComposer(
            app: app, tokens: try await app.services.manageTokens(on: app.db), publicBaseURL: app.config.publicBaseURL,
            senderAddress: app.config.smtp?.from ?? "no-reply@localhost")
        var tenants: [UUID: TenantContext] = [:]
        var pass = Pass()
        for row in rows {
            let id = try row.requireID()
            do {
                if tenants[row.tenantID] == nil {
                    tenants[row.tenantID] = try await app.services.storage.tenants(app.db).find(id: row.tenantID)
                }
                let composed: MessageComposer.Composed
                if row.kind == .myBookingsLink, let tenant = tenants[row.tenantID] {
                    composed = try await composer.myBookingsLink(row, tenant: tenant, now: now)
                } else if row.kind == .accountLink, let tenant = tenants[row.tenantID] {
                    composed = try await composer.accountLink(row, tenant: tenant, now: now)
                } else {
                    guard let tenant = tenants[row.tenantID],
                        let facts = try await SubjectFacts.load(
                            booking: row.bookingID, enrollment: row.enrollmentID, tenant: row.tenantID, on: app.db)
                    else {
                        try await store.markSkipped(id, reason: "no longer applies: its booking or enrolment is gone", now: now)
                        pass.skipped += 1
                        continue
                    }
                    composed = try await composer.compose(row, tenant: tenant, facts: facts, now: now)
                }
                switch composed {
                case .skip(let reason):
                    try await Self.whileDatabaseReturns { try await store.markSkipped(id, reason: reason, now: now) }
                    pass.skipped += 1
                    continue
                case .email(let message):
                    guard let mail = transports.mail else { continue }
                    try await mail.send(message)
                case .sms(let number, let body):
                    guard let sms = transports.sms else { continue }
                    try await sms.send(to: number, body: body)
                }
                try await Self.whileDatabaseReturns { try await store.markSent(id, now: now) }
                pass.sent += 1
                AppMetrics.workerSent()
            } catch {
                let failure = error as? any DeliveryFailure
                let permanent = failure?.isPermanent ?? false
                // Codes and stages only: a server's reply can echo the recipient's address or number.
                let reason = failure?.summary ?? String(describing: error)
                app.logger.warning(
                    "outbox message \(id) (\(row.kind.rawValue), \(row.channel.rawValue)) failed on attempt \(row.attempts): \(reason)"
                )
                try await Self.whileDatabaseReturns {
                    try await store.markFailed(row, error: reason, permanent: permanent, policy: policy, now: now)
                }
                pass.failed += 1
                AppMetrics.workerFailed()
            }
        }
        return pass
    }

    /// Runs `mark` (recording a claimed row's outcome) again while the database is unreachable, for
    /// up to about a minute. A message already handed to the mail server must be marked sent once
    /// the database is back: otherwise its claim runs out and it goes out twice (seen in
    /// `scripts/load/storm.py --postgres-restart`).
    static func whileDatabaseReturns(_ mark: () async throws -> Void) async throws {
        var delay = 0.25
        var waited = 0.0
        while true {
            do {
                return try await mark()
            } catch  where DatabaseUnavailable.matches(error) && waited < 60 {
                try await Task.sleep(for: .milliseconds(Int(delay * 1000)))
                waited += delay
                delay = min(delay * 2, 5)
            }
        }
    }

    /// Runs until the task is cancelled: a batch whenever rows are due, else a short sleep.
    func run() async {
        app.logger.info("outbox worker started (channels: \(channels.map(\.rawValue).joined(separator: ", ")))")
        var lastSweep = Date.distantPast
        while !Task.isCancelled {
            let now = app.clock.now()
            if now.timeIntervalSince(lastSweep) >= AccountHousekeeping.interval {
                lastSweep = now
                do {
                    try await AccountHousekeeping.sweep(now: now, on: app.db)
                } catch {
                    app.logger.warning("expired portal sessions and links not swept: \(String(describing: error))")
                }
            }
            do {
                let pass = try await runOnce(now: app.clock.now())
                if pass.total > 0 { continue }
            } catch is CancellationError {
                break
            } catch {
                app.logger.error("outbox worker pass failed: \(String(describing: error)); retrying shortly")
            }
            try? await Task.sleep(for: pollInterval)
        }
        app.logger.info("outbox worker stopped")
    }
}
