import Fluent
import SQLKit
import Vapor

/// A stored answer to a POST sent with an `Idempotency-Key`.
final class IdempotencyRecord: Model, TenantOwned, @unchecked Sendable {
    static let schema = "idempotency_keys"
    static var tenantField: KeyPath<IdempotencyRecord, FieldProperty<IdempotencyRecord, UUID>> { \.$tenantID }

    @ID(key: .id) var id: UUID?
    @Field(key: "tenant_id") var tenantID: UUID
    @Field(key: "key") var key: String
    @Field(key: "request_hash") var requestHash: String
    /// `nil` while the first request is still being handled.
    @OptionalField(key: "response_status") var responseStatus: Int?
    /// The response, with any manage token taken out (`ManageTokenRedaction`).
    @OptionalField(key: "response_body") var responseBody: String?
    /// `booking:<id>` or `enrollment:<id>` when the response carried that subject's manage token,
    /// which is derived again on replay rather than stored.
    @OptionalField(key: "secret_subject") var secretSubject: String?
    @Field(key: "created_at") var createdAt: Date

    init() {}

    init(tenantID: UUID, key: String, requestHash: String, createdAt: Date) {
        self.tenantID = tenantID
        self.key = key
        self.requestHash = requestHash
        self.createdAt = createdAt
    }
}

/// Makes POSTs safe to retry: the same `Idempotency-Key` with the same request replays the first
/// successful response and creates nothing; with a different request it is a 422. The key is claimed
/// (unique row) before the work runs, so two concurrent retries cannot both create.
///
/// Future-based: a request without a key (every GET) passes straight on, without the task an
/// `AsyncMiddleware` would start for it.
struct IdempotencyMiddleware: Middleware {
    /// A claim left by a request that crashed is taken over after this long.
    static let abandonedAfter: TimeInterval = 60

    func respond(to request: Request, chainingTo next: any Responder) -> EventLoopFuture<Response> {
        guard request.method == .POST, let key = request.headers.first(name: "Idempotency-Key") else {
            return next.respond(to: request)
        }
        return request.eventLoop.makeFutureWithTask { try await Self.respond(to: request, key: key, chainingTo: next) }
    }

    private static func respond(to request: Request, key: String, chainingTo next: any Responder) async throws -> Response {
        // Printable ASCII only (PostgreSQL refuses a NUL byte in text, and control characters have no place in a key).
        guard (1...255).contains(key.count), key.unicodeScalars.allSatisfy({ (0x20...0x7E).contains($0.value) }) else {
            throw APIError.badRequest("Idempotency-Key must be 1 to 255 printable ASCII characters.")
        }
        let tenantID = try request.tenantID
        // Vapor's collect stores the body on the request, so the route can still read it (iterating the
        // stream directly would leave the route waiting for a body already consumed).
        let body = try await request.body.collect(max: 262_144).get() ?? ByteBuffer()
        let hash = Secrets.sha256Hex("\(request.method.rawValue) \(request.url.path)\n\(canonical(body))")
        let now = try request.scope.now

        if let finished = try await claim(key: key, hash: hash, tenant: tenantID, now: now, on: request.db) {
            return try await replay(finished, request: request)
        }
        let response: Response
        do {
            response = try await next.respond(to: request).get()
        } catch {
            try await release(key: key, tenant: tenantID, on: request.db)
            throw error
        }
        if (200..<300).contains(response.status.code), let body = response.body.string,
            let stored = ManageTokenRedaction.storable(body)
        {
            try await IdempotencyRecord.query(on: request.db, tenant: tenantID).filter(\.$key == key)
                .set(\.$responseStatus, to: Int(response.status.code)).set(\.$responseBody, to: stored.body)
                .set(\.$secretSubject, to: stored.subject?.label).update()
        } else {
            try await release(key: key, tenant: tenantID, on: request.db)
        }
        return response
    }

    /// JSON bodies are compared by meaning (keys sorted), so a retry that orders keys differently is
    /// still the same request; anything else is compared byte for byte.
    static func canonical(_ body: ByteBuffer) -> String {
        let data = Data(body.readableBytesView)
        if let object = try? JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed]),
            let sorted = try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .fragmentsAllowed])
        {
            return String(decoding: sorted, as: UTF8.self)
        }
        return String(buffer: body)
    }

    /// Claims the key (nil), or returns the finished record to replay, or throws when the key is in
    /// use or was used for another request.
    static func claim(key: String, hash: String, tenant: UUID, now: Date, on db: any Database) async throws -> IdempotencyRecord?
    {
        do {
            try await IdempotencyRecord(tenantID: tenant, key: key, requestHash: hash, createdAt: now).create(on: db)
            return nil
        } catch let error as any DatabaseError where error.isConstraintFailure {
            guard let existing = try await IdempotencyRecord.query(on: db, tenant: tenant).filter(\.$key == key).first() else {
                throw IdempotencyError.inProgress
            }
            guard existing.requestHash == hash else { throw IdempotencyError.usedForAnotherRequest }
            if existing.responseStatus != nil && existing.responseBody != nil { return existing }
            if now.timeIntervalSince(existing.createdAt) > Self.abandonedAfter {
                existing.createdAt = now
                try await existing.update(on: db)
                return nil
            }
            throw IdempotencyError.inProgress
        }
    }

    /// The first response again, its manage token (if it had one) derived again from its subject.
    private static func replay(_ record: IdempotencyRecord, request: Request) async throws -> Response {
        var body = record.responseBody ?? ""
        if let label = record.secretSubject, let subject = ManageToken.Subject(label: label) {
            let token = try await request.scope.manageTokens().token(for: subject)
            body = ManageTokenRedaction.restored(body, token: token) ?? body
        }
        var headers = HTTPHeaders()
        headers.contentType = .json
        headers.replaceOrAdd(name: "Idempotent-Replayed", value: "true")
        return Response(
            status: HTTPResponseStatus(statusCode: record.responseStatus ?? 200), headers: headers, body: .init(string: body))
    }

    static func release(key: String, tenant: UUID, on db: any Database) async throws {
        try await IdempotencyRecord.query(on: db, tenant: tenant).filter(\.$key == key)
            .filter(\.$responseStatus == nil).delete()
    }
}
