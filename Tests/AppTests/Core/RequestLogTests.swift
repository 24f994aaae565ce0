import Foundation
import Logging
import Testing
import Vapor
import VaporTesting
@testable import App

@Suite("Request log")
struct RequestLogTests {
    @Test func oneJSONLinePerRequestWithTheRoutePatternAndNoSecrets() async throws {
        try await withTestApp { app in
            let lines = Locked<[Data]>([])
            var logger = Logger(label: "test") { JSONLogHandler(label: $0, write: { line in lines.withLock { $0.append(line) } }) }
            logger[metadataKey: "tenant"] = "salon"
            let request = Request(
                application: app, method: .GET, url: URI(string: "/api/v1/bookings/6F9619FF-8B86-D011-B42D-00C04FC964FF?token=SECRET"),
                logger: logger, on: app.eventLoopGroup.any())
            request.route = Route(
                method: .GET, path: ["api", "v1", "bookings", ":id"], responder: AsyncBasicResponder { _ in Response(status: .notFound) },
                requestType: Request.self, responseType: Response.self)
            let response = try await RequestLogMiddleware().respond(
                to: request, chainingTo: AsyncBasicResponder { _ in Response(status: .notFound) })
            #expect(response.status == .notFound)
            let line = try #require(lines.value.first)
            #expect(lines.value.count == 1 && line.last == UInt8(ascii: "\n"))
            let text = String(decoding: line, as: UTF8.self)
            #expect(!text.contains("SECRET") && !text.contains("6F9619FF"))
            let json = try #require(try JSONSerialization.jsonObject(with: line) as? [String: Any])
            #expect(json["message"] as? String == "request" && json["level"] as? String == "info")
            #expect(json["route"] as? String == "/api/v1/bookings/:id" && json["method"] as? String == "GET")
            #expect(json["status"] as? String == "404" && json["tenant"] as? String == "salon")
            #expect(Double(json["latency_ms"] as? String ?? "") != nil)
        }
    }

    @Test func logFormatIsValidated() throws {
        #expect(try AppConfig.load(from: ["LOG_FORMAT": "json"]).jsonLogs)
        #expect(try !AppConfig.load(from: [:]).jsonLogs)
        #expect(throws: ConfigurationError.self) { try AppConfig.load(from: ["LOG_FORMAT": "xml"]) }
    }
}
