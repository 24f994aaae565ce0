import Fluent
import Vapor

/// A booking or enrolment form is acted on once, even when it is sent twice (a double tap with
/// JavaScript off, a reload of the answer): each rendered form carries a random `_once` id, and the
/// first send claims it as an idempotency key (`IdempotencyRecord`, the table behind the API's
/// `Idempotency-Key`). A second send of the same form goes to what the first one made; the manage
/// token is derived again from the stored subject, never stored.
struct FormOnce {
    static let fieldName = "_once"

    /// A fresh id for a form about to be rendered.
    static func newID() -> String { Secrets.base64URL(Secrets.randomBytes(16)) }

    let key: String
    let hash: String
    let tenant: UUID
    let db: any Database

    /// nil when the form carries no (well-formed) id: it is then handled as before, without the guard.
    init?(id: String?, action: String, fields: [String], tenant: UUID, db: any Database) {
        guard let id, (16...64).contains(id.count), Secrets.isBase64URL(id) else { return nil }
        key = "form:\(action):\(id)"
        hash = Secrets.sha256Hex(([action] + fields).joined(separator: "\n"))
        self.tenant = tenant
        self.db = db
    }

    enum Claim {
        /// First send: go ahead, then `finish` or `release`.
        case claimed
        /// Sent before and acted on: the subject it made.
        case done(ManageToken.Subject)
    }

    func claim(now: Date) async throws -> Claim {
        guard let label = try await claimStored(now: now) else { return .claimed }
        guard let subject = ManageToken.Subject(label: label) else { throw Self.alreadySent }
        return .done(subject)
    }

    /// For a portal form that creates something (a service, a staff member): nil on the first send
    /// (go ahead, then `finish(created:kind:)` or `release`), the id of what it created on a later one.
    func claimCreated(_ kind: String, now: Date) async throws -> UUID? {
        let label: String?
        do {
            label = try await claimStored(now: now)
        } catch is PageError {
            throw Self.sentTwice
        }
        guard let label else { return nil }
        guard label.hasPrefix(kind + ":"), let id = UUID(uuidString: String(label.dropFirst(kind.count + 1))) else {
            throw Self.sentTwice
        }
        return id
    }

    /// Records what a portal form created (`claimCreated`).
    func finish(created id: UUID, kind: String) async throws {
        try await store(label: "\(kind):\(id.uuidString.lowercased())")
    }

    /// The label of what an earlier send made, or nil when this is the first send (now claimed).
    private func claimStored(now: Date) async throws -> String? {
        do {
            guard let finished = try await IdempotencyMiddleware.claim(key: key, hash: hash, tenant: tenant, now: now, on: db)
            else {
                return nil
            }
            guard let label = finished.secretSubject else { throw Self.alreadySent }
            return label
        } catch IdempotencyError.inProgress {
            throw PageError(
                .conflict, title: "Your booking is on its way",
                message:
                    "The form was sent twice; the first is still being handled. Your confirmation email will follow, or find it on the My bookings page."
            )
        } catch IdempotencyError.usedForAnotherRequest {
            throw Self.alreadySent
        }
    }

    /// Records what the form made, so a second send finds it.
    func finish(_ subject: ManageToken.Subject) async throws {
        try await store(label: subject.label)
    }

    private func store(label: String) async throws {
        try await IdempotencyRecord.query(on: db, tenant: tenant).filter(\.$key == key)
            .set(\.$responseStatus, to: 303).set(\.$responseBody, to: "").set(\.$secretSubject, to: label).update()
    }

    /// The form was not acted on (a mistake to fix, a time taken): it may be sent again.
    func release() async throws {
        try await IdempotencyMiddleware.release(key: key, tenant: tenant, on: db)
    }

    /// A portal form sent again while (or after) the first send was handled with other values.
    static let sentTwice = PageError(
        .conflict, title: "This form was sent twice",
        message: "The first send is handled. Go back to the list to see what it made, and change it there if needed.")

    static let alreadySent = PageError(
        .unprocessableEntity, title: "This form was already sent",
        message:
            "What it asked for was done with the details first sent. To make another booking, start again from the booking page.")
}
