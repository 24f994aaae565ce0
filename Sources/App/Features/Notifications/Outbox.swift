import Fluent
import Foundation
import SQLKit

/// A message to queue: what it announces, to whom (by subject), and from when it may be sent.
struct OutboxEntry: Sendable, Equatable {
    var kind: NotificationKind
    var channel: NotificationChannel
    var bookingID: UUID?
    var enrollmentID: UUID?
    var details: OutboxDetails = .none
    var dueAt: Date
}

/// A new outbox row: an entry of one tenant, its details encoded.
struct OutboxRow: Sendable {
    let id = UUID()
    let tenant: UUID
    let entry: OutboxEntry
    let details: String
    let now: Date

    init(_ entry: OutboxEntry, tenant: UUID, now: Date) throws {
        self.tenant = tenant
        self.entry = entry
        details = try Outbox.encode(entry.details)
        self.now = now
    }
}

/// Writes outbox rows. Call it inside the transaction that makes the change being announced.
enum Outbox {
    /// Every column a new outbox row is written with (here and in `PostgresBookingStore`).
    static let columns = InsertColumns<OutboxRow>(
        table: OutboxMessage.schema,
        columns: [
            .init(name: "id", type: .uuid(nil)) { .uuid($0.id) },
            .init(name: "tenant_id", type: .uuid(nil)) { .uuid($0.tenant) },
            .init(name: "kind", type: .text(nil)) { .text($0.entry.kind.rawValue) },
            .init(name: "channel", type: .text(nil)) { .text($0.entry.channel.rawValue) },
            .init(name: "booking_id", type: .uuid(nil)) { .uuid($0.entry.bookingID) },
            .init(name: "enrollment_id", type: .uuid(nil)) { .uuid($0.entry.enrollmentID) },
            .init(name: "details", type: .text(nil)) { .text($0.details) },
            .init(name: "status", type: .text(nil)) { _ in .text(OutboxStatus.pending.rawValue) },
            .init(name: "attempts", type: .int(0)) { _ in .int(0) },
            .init(name: "due_at", type: .date(.distantPast)) { .date($0.entry.dueAt) },
            .init(name: "created_at", type: .date(.distantPast)) { .date($0.now) },
            .init(name: "updated_at", type: .date(.distantPast)) { .date($0.now) },
        ])

    static func enqueue(_ entries: [OutboxEntry], tenant: UUID, now: Date, on db: any Database) async throws {
        guard !entries.isEmpty, let sql = db as? any SQLDatabase else { return }
        try await columns.insert(try entries.map { try OutboxRow($0, tenant: tenant, now: now) }, on: sql).run()
    }

    /// The `details` column's JSON ("{}" when there is nothing to add, the common case).
    static func encode(_ details: OutboxDetails) throws -> String {
        guard details != .none else { return "{}" }
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .iso8601
        encoder.outputFormatting = .sortedKeys
        return String(decoding: try encoder.encode(details), as: UTF8.self)
    }

    /// Cancels the unsent reminders of a booking or enrolment (it was cancelled or moved).
    static func cancelReminders(booking: UUID? = nil, enrollment: UUID? = nil, now: Date, on db: any Database) async throws {
        guard let sql = db as? any SQLDatabase, booking != nil || enrollment != nil else { return }
        var update = sql.update(OutboxMessage.schema)
            .set("status", to: OutboxStatus.cancelled.rawValue)
            .set("last_error", to: "no longer applies: the booking was cancelled or moved")
            .set("updated_at", to: now)
            .where("kind", .equal, NotificationKind.reminder.rawValue)
            .where("status", .equal, OutboxStatus.pending.rawValue)
        if let booking { update = update.where("booking_id", .equal, booking) }
        if let enrollment { update = update.where("enrollment_id", .equal, enrollment) }
        try await update.run()
    }
}

/// Decides which messages an event produces for one tenant: email when the tenant's email flag is
/// on, SMS when its SMS flag is on (whether the client has a phone and opted in is checked when the
/// message is sent, so a later opt-out is honoured), reminders by the tenant's reminder policy.
struct NotificationPlanner {
    let tenant: TenantContext
    let now: Date

    /// A subject of messages: a booking or an enrolment, with its start.
    enum Subject {
        case booking(UUID)
        case enrollment(UUID)

        func entry(_ kind: NotificationKind, _ channel: NotificationChannel, due: Date, details: OutboxDetails = .none) -> OutboxEntry {
            switch self {
            case .booking(let id): OutboxEntry(kind: kind, channel: channel, bookingID: id, details: details, dueAt: due)
            case .enrollment(let id): OutboxEntry(kind: kind, channel: channel, enrollmentID: id, details: details, dueAt: due)
            }
        }
    }

    /// The client's messages of `kind` (email and SMS), plus a business notice when asked.
    func announce(
        _ kind: NotificationKind, about subject: Subject, details: OutboxDetails = .none, notifyBusiness: Bool = true
    ) -> [OutboxEntry] {
        var entries: [OutboxEntry] = []
        if tenant.emailEnabled {
            entries.append(subject.entry(kind, .email, due: now, details: details))
            if notifyBusiness {
                var notice = details
                notice.event = kind
                entries.append(subject.entry(.businessNotice, .email, due: now, details: notice))
            }
        }
        if tenant.smsEnabled { entries.append(subject.entry(kind, .sms, due: now, details: details)) }
        return entries
    }

    /// A waitlisted client's promotion: "a place is yours", and their reminders.
    func promotion(of enrollment: UUID, startingAt start: Date) -> [OutboxEntry] {
        let subject = Subject.enrollment(enrollment)
        return announce(.waitlistPromotion, about: subject, notifyBusiness: false) + reminders(for: subject, startingAt: start)
    }

    /// Reminders due before `start` by the tenant's policy; those already past are skipped.
    func reminders(for subject: Subject, startingAt start: Date) -> [OutboxEntry] {
        tenant.reminderPolicy.leadTimes.flatMap { lead -> [OutboxEntry] in
            let due = start.addingTimeInterval(-lead)
            guard due > now else { return [] }
            var entries: [OutboxEntry] = []
            if tenant.emailEnabled { entries.append(subject.entry(.reminder, .email, due: due)) }
            if tenant.smsEnabled { entries.append(subject.entry(.reminder, .sms, due: due)) }
            return entries
        }
    }
}
