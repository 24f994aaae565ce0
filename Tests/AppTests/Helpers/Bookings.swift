import Foundation
import Testing
import VaporTesting
@testable import App

/// A salon with one 60-minute service and two staff (Alex, Sam) working Mon-Sat 09:00-17:00.
struct Salon {
    let tenant: TestTenant
    let service: Service
    let alex: Staff
    let sam: Staff

    static func make(_ app: Application, slug: String = "salon") async throws -> Salon {
        let tenant = try await Factory.tenant(app, slug: slug)
        let service = try await Factory.service(app, tenant: tenant, minutes: 60)
        let alex = try await Factory.staff(app, tenant: tenant, name: "Alex", services: [service])
        let sam = try await Factory.staff(app, tenant: tenant, name: "Sam", services: [service])
        return Salon(tenant: tenant, service: service, alex: alex, sam: sam)
    }

    func bookingBody(start: String, staff: Staff? = nil, email: String = "ana@example.com", consent: Bool = true) -> [String: Any] {
        var body: [String: Any] = [
            "service": service.id!.uuidString, "start": start, "consent": consent,
            "client": ["name": "Ana Silva", "email": email, "phone": "+44 7700 900123"],
        ]
        if let staff { body["staff"] = staff.id!.uuidString }
        return body
    }
}

extension Application {
    /// Sends a JSON request and returns the response (for concurrent use).
    func send(_ method: HTTPMethod, _ path: String, headers: HTTPHeaders, json: [String: Any]? = nil) async throws -> TestingHTTPResponse {
        try await send(method, path, headers: headers, body: json.map(jsonBody))
    }

    /// Sends a pre-encoded JSON body (Sendable, for task groups).
    func send(_ method: HTTPMethod, _ path: String, headers: HTTPHeaders, body: ByteBuffer?) async throws -> TestingHTTPResponse {
        var request = TestingHTTPRequest(
            method: method, url: .init(path: path), headers: body == nil ? headers : headers.json, body: body ?? ByteBuffer())
        request.headers.replaceOrAdd(name: "Content-Length", value: String(request.body.readableBytes))
        return try await testing().performTest(request: request)
    }
}
