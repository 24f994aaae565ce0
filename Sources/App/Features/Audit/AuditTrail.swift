import Fluent
import Foundation
import Vapor

/// Writes the audit log. Sign-ins are recorded by the sign-in page; every change through the portal
/// or the admin API by `AuditTrail.Recorder`, from the route it took, so a route added later is
/// audited without anyone remembering to.
enum AuditTrail {
    static func record(
        tenant: UUID, at: Date, actor: AuditActor, action: String, objectType: String, objectID: UUID? = nil,
        fields: [String] = [], via: String, on db: any Database
    ) async throws {
        try await AuditEvent(
            tenantID: tenant, at: at, actor: actor, action: action, objectType: objectType, objectID: objectID,
            fields: fields, via: via
        ).create(on: db)
    }

    /// What a route's path says was changed: `/admin/bookings/:id/cancel` → (`booking`, `cancel`);
    /// `/api/v1/admin/services` with POST → (`service`, `create`).
    static func describe(route: [String], method: HTTPMethod) -> (objectType: String, action: String) {
        var parts = route
        if parts.starts(with: ["t", ":tenantSlug"]) { parts.removeFirst(2) }
        if parts.starts(with: ["api", "v1"]) { parts.removeFirst(2) }
        if parts.first == "admin" { parts.removeFirst() }
        let idIndex = parts.firstIndex(of: ":id")
        let collection = idIndex.map { $0 > 0 ? parts[$0 - 1] : "" } ?? parts.first ?? ""
        let verb: String =
            if let idIndex, idIndex + 1 < parts.count {
                parts[(idIndex + 1)...].joined(separator: " ")
            } else {
                switch method {
                case .POST where idIndex == nil: "create"
                case .DELETE: "delete"
                default: "update"
                }
            }
        return (singular(collection), verb)
    }

    static func singular(_ collection: String) -> String {
        switch collection {
        case "staff", "settings", "opening-hours": collection
        case "outbox": "message"
        default: collection.hasSuffix("s") ? String(collection.dropLast()) : collection
        }
    }

    /// The names of the fields a form or JSON body sent (never their values), without the form's own
    /// `_csrf` and `_once`.
    static func fieldNames(of request: Request) -> [String] {
        guard let body = request.body.data, body.readableBytes > 0 else { return [] }
        let bytes = Data(body.readableBytesView)
        if request.headers.contentType == .json {
            guard let object = try? JSONSerialization.jsonObject(with: bytes) as? [String: Any] else { return [] }
            return object.keys.sorted()
        }
        let text = String(decoding: bytes, as: UTF8.self)
        let names = text.split(separator: "&").compactMap { pair -> String? in
            let name = pair.split(separator: "=", maxSplits: 1).first.map(String.init) ?? ""
            return name.removingPercentEncoding?.replacingOccurrences(of: "+", with: " ")
        }
        return Array(Set(names.filter { !$0.isEmpty && !$0.hasPrefix("_") })).sorted()
    }

    /// Records every change that succeeded (any method but GET and HEAD, answered below 400) by the
    /// user or API key the request authenticated as. Placed after authentication and after the
    /// idempotency check, so a replayed answer is not recorded twice.
    struct Recorder: AsyncMiddleware {
        let via: String

        func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
            let response = try await next.respond(to: request)
            guard request.method != .GET, request.method != .HEAD, response.status.code < 400,
                let actor = request.auditActor, let route = request.route
            else { return response }
            var (objectType, action) = AuditTrail.describe(route: route.path.map(\.description), method: request.method)
            var objectID = request.parameters.get("id", as: UUID.self) ?? Self.createdID(response)
            switch request.auditObject {
            case .changed(let type, let verb, let id): (objectType, action, objectID) = (type, verb, id)
            case .unchanged: return response
            case nil: break
            }
            do {
                let scope = try request.scope
                try await AuditTrail.record(
                    tenant: scope.tenant.id, at: scope.now, actor: actor, action: action, objectType: objectType,
                    objectID: objectID, fields: AuditTrail.fieldNames(of: request), via: via, on: scope.db)
            } catch {
                // The change itself is done and answered; a log line must not turn it into an error.
                request.logger.error("audit event not recorded: \(String(reflecting: error))")
            }
            return response
        }

        /// The `id` of what a JSON `POST` created, from its answer.
        private static func createdID(_ response: Response) -> UUID? {
            guard response.status == .created, let data = response.body.data, data.count < 65_536,
                let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any]
            else { return nil }
            return (object["id"] as? String).flatMap(UUID.init(uuidString:))
        }
    }
}

/// What a request changed, as its handler tells the audit log.
enum AuditObject: Sendable {
    case changed(type: String, action: String, id: UUID)
    case unchanged
}

extension Request {
    private struct AuditActorKey: StorageKey { typealias Value = AuditActor }

    private struct AuditObjectKey: StorageKey { typealias Value = AuditObject }

    /// What a handler says it changed, when its route does not say (a phone-in's new booking), or
    /// that it changed nothing (a form sent a second time).
    var auditObject: AuditObject? {
        get { storage[AuditObjectKey.self] }
        set { storage[AuditObjectKey.self] = newValue }
    }

    /// Who this request acts as: the signed-in user or the API key (set by the authentication middleware).
    var auditActor: AuditActor? {
        get { storage[AuditActorKey.self] }
        set { storage[AuditActorKey.self] = newValue }
    }
}
