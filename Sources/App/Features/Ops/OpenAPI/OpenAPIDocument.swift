import Foundation

/// The OpenAPI 3.1 description of every public and admin route, served at `GET /openapi.json`.
/// A test checks that it names exactly the routes the application registers.
enum OpenAPIDocument {
    typealias JSON = [String: Any]

    private static let cached: Data = {
        // Built once; the document is static.
        (try? JSONSerialization.data(withJSONObject: document, options: [.sortedKeys, .withoutEscapingSlashes])) ?? Data()
    }()

    /// The serialised document (built once; immutable after).
    static var json: Data { cached }

    static var document: JSON {
        [
            "openapi": "3.1.0",
            "info": [
                "title": "NBNE Booking API", "version": "1.0.0",
                "description": """
                Appointments and sessions for small businesses. Every route except /health and /openapi.json \
                belongs to a tenant, named by the X-Tenant header (or a /t/{tenant}/ path prefix, a \
                {tenant}.BASE_DOMAIN host, or the instance's default tenant). Errors are {"error": true, "reason": "..."}.
                """,
            ],
            "servers": [["url": "/"]],
            "components": components,
            "paths": paths,
        ]
    }

    // MARK: - Building blocks

    static func ref(_ name: String) -> JSON { ["$ref": "#/components/schemas/\(name)"] }
    static var uuid: JSON { ["type": "string", "format": "uuid"] }
    static var dateTime: JSON { ["type": "string", "format": "date-time"] }
    static var date: JSON { ["type": "string", "format": "date"] }
    /// A string that is one of an enum's raw values, listed from the enum itself.
    static func oneOf<Value: CaseIterable & RawRepresentable>(_: Value.Type) -> JSON where Value.RawValue == String {
        ["type": "string", "enum": Value.allCases.map(\.rawValue)]
    }

    static func string(max: Int? = nil) -> JSON { max.map { ["type": "string", "maxLength": $0] } ?? ["type": "string"] }
    static func integer(_ range: ClosedRange<Int>? = nil) -> JSON {
        range.map { ["type": "integer", "minimum": $0.lowerBound, "maximum": $0.upperBound] } ?? ["type": "integer"]
    }
    /// A value of `schema`, or `null` (which means what `description` says).
    static func orNull(_ schema: JSON, _ description: String) -> JSON {
        ["oneOf": [schema, ["type": "null"]], "description": description]
    }
    static func array(_ items: JSON) -> JSON { ["type": "array", "items": items] }
    static func object(_ properties: [String: JSON], required: [String] = []) -> JSON {
        var schema: JSON = ["type": "object", "properties": properties]
        if !required.isEmpty { schema["required"] = required }
        return schema
    }

    static var tenantHeader: JSON {
        [
            "name": "X-Tenant", "in": "header", "required": false, "schema": ["type": "string"],
            "description": "Tenant slug (or use another way of naming the tenant).",
        ]
    }
    static var idPath: JSON { ["name": "id", "in": "path", "required": true, "schema": uuid] }
    static var tokenQuery: JSON { ["name": "token", "in": "query", "required": false, "schema": string(max: 128)] }
    static var idempotencyKey: JSON {
        [
            "name": "Idempotency-Key", "in": "header", "required": false, "schema": string(max: 255),
            "description": "Retrying with the same key and body returns the first response and creates nothing.",
        ]
    }
    static func query(_ name: String, _ schema: JSON, required: Bool = false) -> JSON {
        ["name": name, "in": "query", "required": required, "schema": schema]
    }

    static func response(_ description: String, _ schema: JSON? = nil, type: String = "application/json") -> JSON {
        guard let schema else { return ["description": description] }
        return ["description": description, "content": [type: ["schema": schema]]]
    }

    static var errors: [String: JSON] {
        [
            "400": response("Malformed request", ref("Error")),
            "404": response("Unknown tenant or resource", ref("Error")),
            "409": response("Conflict with the current state", ref("Error")),
            "422": response("Invalid input; the reason names the field", ref("Error")),
        ]
    }

    /// An operation whose body is an image (PNG, JPEG or WebP bytes), not JSON.
    static func imageUpload(_ operation: JSON) -> JSON {
        var op = operation
        let binary: JSON = ["schema": ["type": "string", "format": "binary"]]
        op["requestBody"] = ["required": true, "content": ["image/png": binary, "image/jpeg": binary, "image/webp": binary]]
        return op
    }

    static func operation(
        _ summary: String, admin: Bool = false, parameters: [JSON] = [], body: JSON? = nil, _ responses: [String: JSON]
    ) -> JSON {
        var op: JSON = ["summary": summary, "parameters": [tenantHeader] + parameters]
        var all = errors
        for (code, value) in responses { all[code] = value }
        if admin {
            op["security"] = [["bearer": [String]()]]
            all["401"] = response("Missing or wrong API key for this tenant", ref("Error"))
        }
        op["responses"] = all
        if let body { op["requestBody"] = ["required": true, "content": ["application/json": ["schema": body]]] }
        return op
    }
}
