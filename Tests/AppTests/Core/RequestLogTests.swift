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
            var logger = Logger(label: "test") {
                JSONLogHandler(label: $0, write: { line in lines.withLock { $0.append(Data(line)) } })
            }
            logger[metadataKey: "tenant"] = "salon"
            let request = Request(
                application: app, method: .GET,
                url: URI(string: "/api/v1/bookings/6F9619FF-8B86-D011-B42D-00C04FC964FF?token=SECRET"),
                logger: logger, on: app.eventLoopGroup.any())
            request.route = Route(
                method: .GET, path: ["api", "v1", "bookings", ":id"],
                responder: AsyncBasicResponder { _ in Response(status: .notFound) },
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

    @Test func jsonLinesStayValidJSONWhateverTheTextHolds() throws {
        let awkward = "quote \" backslash \\ slash / newline \n tab \t bell \u{07} nul \u{00} caf\u{E9} \u{1F600} \u{2028}"
        let lines = Locked<[[UInt8]]>([])
        var logger = Logger(label: "label \"x\"") {
            JSONLogHandler(label: $0, write: { line in lines.withLock { $0.append(line) } })
        }
        logger[metadataKey: "tenant"] = .string(awkward)
        logger[metadataKey: "time"] = "spoofed"
        logger.info(
            "message \(awkward)",
            metadata: [
                "list": .array([.string("a"), .stringConvertible(42)]), "nested": .dictionary(["b": "2", "a": .string(awkward)]),
            ])
        logger.debug("below the level, not written")
        let line = try #require(lines.value.first)
        #expect(
            lines.value.count == 1 && line.last == UInt8(ascii: "\n") && line.dropLast().allSatisfy { $0 != UInt8(ascii: "\n") })
        let json = try #require(try JSONSerialization.jsonObject(with: Data(line)) as? [String: Any])
        #expect(json["label"] as? String == "label \"x\"" && json["level"] as? String == "info")
        #expect(json["message"] as? String == "message \(awkward)" && json["tenant"] as? String == awkward)
        #expect(json["list"] as? [String] == ["a", "42"])
        #expect((json["nested"] as? [String: String]) == ["a": awkward, "b": "2"])
        let time = try #require(json["time"] as? String)
        #expect(
            time != "spoofed" && time.count == 20 && time.hasSuffix("Z"), "the log's own fields are not overridden by metadata")
        let text = String(decoding: line, as: UTF8.self)
        #expect(text.hasPrefix(#"{"label":"#), "keys sorted, as before")
    }

    @Test func timestampsMatchFoundationsISO8601() {
        for seconds in [0, 59, 86_399, 86_400, 951_782_400, 1_796_219_215, 4_102_444_799, 253_402_300_799, -1, -86_401] {
            let date = Date(timeIntervalSince1970: TimeInterval(seconds))
            #expect(JSONLine.utcTimestamp(seconds) == date.formatted(.iso8601), "\(seconds)")
        }
    }

    @Test func textLinesKeepStreamLogHandlersFormatOnOneLine() throws {
        let lines = Locked<[[UInt8]]>([])
        var logger = Logger(label: "codes.vapor.application") {
            TextLogHandler(label: $0, write: { line in lines.withLock { $0.append(line) } })
        }
        logger[metadataKey: "tenant"] = "salon"
        logger.info("request", metadata: ["status": .stringConvertible(200), "method": "GET", "list": .array(["a", "b"])])
        logger.warning("two\nlines", metadata: ["forged": "x\r\n2026-01-01T00:00:00+0000 info fake: [App] admin signed in"])
        logger.debug("below the level, not written")
        let text = lines.value.map { String(decoding: $0, as: UTF8.self) }
        #expect(
            text.count == 2 && text.allSatisfy { $0.hasSuffix("\n") && $0.dropLast().allSatisfy { $0 != "\n" && $0 != "\r" } })
        let first = try #require(text.first)
        let stamp = try #require(first.split(separator: " ").first)
        #expect(stamp.wholeMatch(of: /\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d{4}/) != nil, "\(stamp)")
        #expect(
            first.dropFirst(stamp.count)
                == " info codes.vapor.application: list=[\"a\", \"b\"] method=GET status=200 tenant=salon [AppTests] request\n")
        #expect(
            text.last?.hasSuffix(
                #" warning codes.vapor.application: forged=x\r\n2026-01-01T00:00:00+0000 info fake: [App] admin signed in tenant=salon [AppTests] two\nlines"#
                    + "\n") == true)
    }

    @Test func textTimestampsAreStrftimesLocalTime() {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.dateFormat = "yyyy-MM-dd'T'HH:mm:ssxx"
        for seconds in [0, 59, 86_399, 951_782_400, 1_796_219_215, 4_102_444_799] {
            let date = Date(timeIntervalSince1970: TimeInterval(seconds))
            #expect(
                String(decoding: LocalTimestamp.format(time_t(seconds)), as: UTF8.self) == formatter.string(from: date),
                "\(seconds)")
        }
    }

    @Test func logFormatIsValidated() throws {
        #expect(try AppConfig.load(from: ["LOG_FORMAT": "json"]).jsonLogs)
        #expect(try !AppConfig.load(from: [:]).jsonLogs)
        #expect(throws: ConfigurationError.self) { try AppConfig.load(from: ["LOG_FORMAT": "xml"]) }
    }
}
