import Fluent
import Foundation
import Testing
import VaporTesting

@testable import App

@Suite("Outbox worker")
struct OutboxWorkerTests {
    @Test("two workers at once deliver 500 messages, each exactly once (FOR UPDATE SKIP LOCKED on PostgreSQL)")
    func twoWorkersExactlyOnce() async throws {
        try await withTestApp { app in
            let salon = try await Salon.make(app)
            let mailroom = try await Mailroom.open(app)
            defer { Task { try await mailroom.close() } }
            let created = try await app.send(
                .POST, "api/v1/bookings", headers: salon.tenant.headers, json: salon.bookingBody(start: "2026-12-01T10:00:00Z"))
            let bookingID = try #require(UUID(uuidString: created.json["id"] as? String ?? ""))
            try await OutboxMessage.query(on: app.db).delete()
            let entries = (0..<500).map { _ in
                OutboxEntry(kind: .confirmation, channel: .email, bookingID: bookingID, dueAt: testNow)
            }
            try await Outbox.enqueue(entries, tenant: salon.tenant.id, now: testNow, on: app.db)

            let worker = mailroom.worker
            let counts = try await withThrowingTaskGroup(of: Int.self) { group in
                for _ in 0..<2 {
                    group.addTask {
                        var sent = 0
                        while true {
                            let pass = try await worker.runOnce(now: testNow)
                            #expect(pass.failed == 0)
                            if pass.total == 0 { return sent }
                            sent += pass.sent
                        }
                    }
                }
                return try await group.reduce(into: [Int]()) { $0.append($1) }
            }
            #expect(counts.reduce(0, +) == 500)
            #expect(counts.allSatisfy { $0 > 0 }, "both workers took part: \(counts)")
            let ids = mailroom.mails.compactMap { $0.headers["message-id"] }
            #expect(ids.count == 500)
            #expect(Set(ids).count == 500)
            let rows = try await OutboxMessage.query(on: app.db).all()
            #expect(rows.allSatisfy { $0.status == .sent && $0.attempts == 1 })
        }
    }

    @Test("a row left 'sending' by a crashed worker is taken over once its lease expires, with the same Message-ID")
    func expiredLeaseIsReclaimed() async throws {
        try await withTestApp { app in
            let salon = try await Salon.make(app)
            let mailroom = try await Mailroom.open(app)
            defer { Task { try await mailroom.close() } }
            #expect(
                try await app.send(
                    .POST, "api/v1/bookings", headers: salon.tenant.headers,
                    json: salon.bookingBody(start: "2026-12-01T10:00:00Z")
                ).status == .created)
            // A worker claims the due rows, then "crashes" before sending.
            let store = app.services.storage.outbox(app.db)
            let claimed = try await store.claim(channels: [.email], limit: 10, now: testNow)
            #expect(claimed.count == 2)
            #expect(try await mailroom.deliver(now: testNow + 60).total == 0, "still leased")
            #expect(try await mailroom.deliver(now: testNow + 11 * 60).sent == 2)
            let confirmation = try #require(claimed.first { $0.kind == .confirmation })
            #expect(
                mailroom.mails.contains { $0.headers["message-id"] == "<\(confirmation.id!.uuidString.lowercased())@nbne.test>" })
        }
    }

    @Test("backoff doubles per attempt with jitter inside [half, full], capped")
    func backoff() {
        let policy = RetryPolicy.standard
        #expect(policy.delay(afterAttempt: 1, random: 0) == 30)
        #expect(policy.delay(afterAttempt: 1, random: 0.999) < 60)
        #expect(policy.delay(afterAttempt: 4, random: 0) == 240)
        #expect(policy.delay(afterAttempt: 30, random: 1) == 6 * 3600)
    }
}
