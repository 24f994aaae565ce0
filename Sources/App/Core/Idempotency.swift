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
    @OptionalField(key: "response_body") var responseBody: String?
    @Field(key: "created_at") var createdAt: Date

    init() {}

    init(tenantID: UUID, key: String, requestHash: String, createdAt: Date) {
        self.tenantID = tenantID
        self.key = key
        self.requestHash = requestHash
        self.createdAt = createdAt
    }
}

struct CreateIdempotencyRecord: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(IdempotencyRecord.schema)
            .id()
            .field("tenant_id", .uuid, .required, .references(Tenant.schema, "id", onDelete: .cascade))
            .field("key", .string, .required)
            .field("request_hash", .string, .required)
            .field("response_status", .int)
            .field("response_body", .string)
            .field("created_at", .datetime, .required)
            .unique(on: "tenant_id", "key")
            .create()
    }

    func revert(on database: any Database) async throws { try await database.schema(IdempotencyRecord.schema).delete() }
}

/// Makes POSTs safe to retry: the same `Idempotency-Key` with the same request replays the first
/// successful response and creates nothing; with a different request it is a 422. The key is claimed
/// (unique row) before the work runs, so two concurrent retries cannot both create.
struct IdempotencyMiddleware: AsyncMiddleware {
    /// A claim left by a request that crashed is taken over after this long.
    static let abandonedAfter: TimeInterval = 60

    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        guard request.method == .POST, let key = request.headers.first(name: "Idempotency-Key") else {
            return try await next.respond(to: request)
        }
        guard (1...255).contains(key.count), key.allSatisfy({ $0.isASCII && !$0.isNewline }) else {
            throw APIError.badRequest("Idempotency-Key must be 1 to 255 printable ASCII characters.")
        }
        let tenantID = try request.tenantID
        // Vapor's collect stores the body on the request, so the route can still read it (iterating the
        // stream directly would leave the route waiting for a body already consumed).
        let body = try await request.body.collect(max: 262_144).get() ?? ByteBuffer()
        let hash = ApiKeyService.sha256Hex("\(request.method.rawValue) \(request.url.path)\n\(Self.canonical(body))")
        let now = request.clock.now()

        if let replay = try await claim(key: key, hash: hash, tenant: tenantID, now: now, on: request.db) {
            return replay
        }
        let response: Response
        do {
            response = try await next.respond(to: request)
        } catch {
            try await release(key: key, tenant: tenantID, on: request.db)
            throw error
        }
        if (200..<300).contains(response.status.code), let stored = response.body.string {
            try await IdempotencyRecord.query(on: request.db, tenant: tenantID).filter(\.$key == key)
                .set(\.$responseStatus, to: Int(response.status.code)).set(\.$responseBody, to: stored).update()
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

    /// Claims the key, or returns the response to give instead (a replay, or an error).
    private func claim(key: String, hash: String, tenant: UUID, now: Date, on db: any Database) async throws -> Response? {
        do {
            try await IdempotencyRecord(tenantID: tenant, key: key, requestHash: hash, createdAt: now).create(on: db)
            return nil
        } catch let error as any DatabaseError where error.isConstraintFailure {
            guard let existing = try await IdempotencyRecord.query(on: db, tenant: tenant).filter(\.$key == key).first() else {
                throw APIError.conflict("A request with this Idempotency-Key is being handled; retry shortly.")
            }
            guard existing.requestHash == hash else {
                throw APIError.unprocessable("Idempotency-Key was already used with a different request; use a new key.")
            }
            if let status = existing.responseStatus, let body = existing.responseBody {
                var headers = HTTPHeaders()
                headers.contentType = .json
                headers.replaceOrAdd(name: "Idempotent-Replayed", value: "true")
                return Response(status: HTTPResponseStatus(statusCode: status), headers: headers, body: .init(string: body))
            }
            if now.timeIntervalSince(existing.createdAt) > Self.abandonedAfter {
                existing.createdAt = now
                try await existing.update(on: db)
                return nil
            }
            throw APIError.conflict("A request with this Idempotency-Key is being handled; retry shortly.")
        }
    }

    private func release(key: String, tenant: UUID, on db: any Database) async throws {
        try await IdempotencyRecord.query(on: db, tenant: tenant).filter(\.$key == key)
            .filter(\.$responseStatus == nil).delete()
    }
}
