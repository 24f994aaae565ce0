import Foundation
import Testing
import VaporTesting

@testable import App

/// JSON request and response helpers for tests.
extension TestingHTTPResponse {
    /// The parsed JSON body as a dictionary (or fails the test).
    var json: [String: Any] {
        (try? JSONSerialization.jsonObject(with: Data(body.readableBytesView))) as? [String: Any] ?? [:]
    }

    var jsonArray: [[String: Any]] {
        (try? JSONSerialization.jsonObject(with: Data(body.readableBytesView))) as? [[String: Any]] ?? []
    }

    var reason: String { json["reason"] as? String ?? "" }

    /// The body decoded as the API's own response type, for tests that read many of its fields.
    func decoded<Body: Decodable>(_: Body.Type = Body.self) throws -> Body {
        try JSONDecoder().decode(Body.self, from: Data(body.readableBytesView))
    }

    /// Asserts the standard error shape: `{"error": true, "reason": "..."}` and nothing more.
    func expectErrorShape(_ status: HTTPStatus, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(self.status == status, "body: \(body.string)", sourceLocation: sourceLocation)
        #expect(json["error"] as? Bool == true, sourceLocation: sourceLocation)
        #expect(!reason.isEmpty, sourceLocation: sourceLocation)
        #expect(Set(json.keys) == ["error", "reason"], sourceLocation: sourceLocation)
        #expect(headers.contentType == .json, sourceLocation: sourceLocation)
    }
}

/// Encodes a JSON-compatible value as a request body.
func jsonBody(_ value: Any) -> ByteBuffer {
    ByteBuffer(data: try! JSONSerialization.data(withJSONObject: value))
}

extension HTTPHeaders {
    func with(_ name: String, _ value: String) -> HTTPHeaders {
        var copy = self
        copy.replaceOrAdd(name: name, value: value)
        return copy
    }

    var json: HTTPHeaders { with("Content-Type", "application/json") }
}
