import Fluent
import Foundation

/// One entry of a tenant's audit log: a sign-in, a failed sign-in, a sign-out, or a change made
/// through the portal or the admin API. It names who (a user or an API key), what (the action, the
/// object and the names of the fields sent, never their values, so never a password or token) and
/// when.
final class AuditEvent: Model, TenantOwned, @unchecked Sendable {
    static let schema = "audit_events"
    static var tenantField: KeyPath<AuditEvent, FieldProperty<AuditEvent, UUID>> { \.$tenantID }

    @ID(key: .id) var id: UUID?
    @Field(key: "tenant_id") var tenantID: UUID
    @Field(key: "at") var at: Date
    /// `user`, `api_key`, or `visitor` (a failed sign-in: someone not known to be anyone).
    @Field(key: "actor_kind") var actorKind: String
    @OptionalField(key: "actor_id") var actorID: UUID?
    /// The user's email address or the API key's name and prefix, as it was then.
    @Field(key: "actor_label") var actorLabel: String
    /// `sign_in`, `sign_in_failed`, `sign_out`, `create`, `update`, `delete`, or a route's own verb
    /// (`cancel`, `status`, `retry`, `hours`...).
    @Field(key: "action") var action: String
    /// `booking`, `service`, `staff`, `user`... ("" when the change concerns the tenant as a whole).
    @Field(key: "object_type") var objectType: String
    @OptionalField(key: "object_id") var objectID: UUID?
    /// The names of the fields sent, comma-separated.
    @Field(key: "fields") var fields: String
    /// `portal` or `api`.
    @Field(key: "via") var via: String

    init() {}

    init(
        tenantID: UUID, at: Date, actor: AuditActor, action: String, objectType: String, objectID: UUID?, fields: [String],
        via: String
    ) {
        self.tenantID = tenantID
        self.at = at
        self.actorKind = actor.kind.rawValue
        self.actorID = actor.id
        self.actorLabel = String(actor.label.prefix(200))
        self.action = action
        self.objectType = objectType
        self.objectID = objectID
        self.fields = fields.joined(separator: ",")
        self.via = via
    }
}

/// Who did something the audit log records.
struct AuditActor: Sendable, Equatable {
    enum Kind: String, Sendable {
        case user
        case apiKey = "api_key"
        case visitor
    }

    let kind: Kind
    let id: UUID?
    let label: String

    static func user(_ user: PortalSessions.Current) -> AuditActor { AuditActor(kind: .user, id: user.userID, label: user.email) }
}
