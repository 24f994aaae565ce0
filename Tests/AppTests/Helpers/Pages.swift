import Foundation
import Testing
import VaporTesting

@testable import App

/// A browser's side of the website in tests: pages fetched with a form-token cookie, and forms
/// posted URL-encoded with the same token (or without it, to test the refusal).
enum Pages {
    static let formToken = String(repeating: "k", count: 43)
    static var cookie: HTTPHeaders { ["Cookie": "\(CSRFProtection.cookieName)=\(formToken)"] }
}

extension Application {
    func page(_ path: String, headers: HTTPHeaders = [:]) async throws -> TestingHTTPResponse {
        var all = Pages.cookie
        for (name, value) in headers {
            // One Cookie header, as a browser sends: the form token's and any other.
            if name.lowercased() == "cookie" {
                all.replaceOrAdd(name: .cookie, value: (all.first(name: .cookie) ?? "") + "; " + value)
            } else {
                all.add(name: name, value: value)
            }
        }
        return try await send(.GET, path, headers: all, body: nil)
    }

    /// Posts a form as a browser would. `method: .running(...)` sends it over a real socket, where a
    /// body over a few KB arrives in pieces (the in-memory tester hands it over whole).
    func postForm(
        _ path: String, _ fields: [(String, String)], token: String? = Pages.formToken, headers: HTTPHeaders = [:],
        method: Application.Method = .inMemory
    ) async throws -> TestingHTTPResponse {
        var all = Pages.cookie
        all.add(contentsOf: headers)
        all.replaceOrAdd(name: .contentType, value: "application/x-www-form-urlencoded")
        let pairs = fields + (token.map { [("_csrf", $0)] } ?? [])
        let body = pairs.map { "\(Self.formEncode($0.0))=\(Self.formEncode($0.1))" }.joined(separator: "&")
        var request = TestingHTTPRequest(method: .POST, url: .init(path: path), headers: all, body: ByteBuffer(string: body))
        request.headers.replaceOrAdd(name: "Content-Length", value: String(request.body.readableBytes))
        return try await testing(method: method).performTest(request: request)
    }

    private static func formEncode(_ text: String) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._*")
        return (text.addingPercentEncoding(withAllowedCharacters: allowed) ?? text).replacingOccurrences(of: "%20", with: "+")
    }
}

extension TestingHTTPResponse {
    /// The `<main>` of an HTML page, with entities for & < > " ' turned back into characters.
    var main: String {
        let html = body.string
        guard let start = html.range(of: "<main"), let end = html.range(of: "</main>") else { return html }
        return String(html[start.lowerBound..<end.upperBound]).replacingOccurrences(of: "&amp;", with: "&")
            .replacingOccurrences(of: "&#39;", with: "'").replacingOccurrences(of: "&quot;", with: "\"")
    }

    /// Where a 303 sends the browser.
    var location: String { headers.first(name: .location) ?? "" }
}
