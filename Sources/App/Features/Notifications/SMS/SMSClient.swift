import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1

/// Sends text messages through a Twilio-compatible REST API.
struct SMSClient: Sendable {
    struct Failure: DeliveryFailure, CustomStringConvertible {
        let description: String
        /// 4xx other than 429: the request itself is wrong (a bad number, bad credentials).
        let isPermanent: Bool
        /// Without the API's answer, which can echo the number and the message.
        var summary: String

        init(description: String, isPermanent: Bool, summary: String? = nil) {
            self.description = description
            self.isPermanent = isPermanent
            self.summary = summary ?? description
        }
    }

    let settings: SMSSettings
    let http: HTTPClient

    func send(to number: String, body: String) async throws {
        let base = settings.apiURL.hasSuffix("/") ? String(settings.apiURL.dropLast()) : settings.apiURL
        let account = settings.account.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? settings.account
        var request = HTTPClientRequest(url: "\(base)/Accounts/\(account)/Messages.json")
        request.method = .POST
        let credentials = Data("\(settings.account):\(settings.token)".utf8).base64EncodedString()
        request.headers.add(name: "Authorization", value: "Basic \(credentials)")
        request.headers.add(name: "Content-Type", value: "application/x-www-form-urlencoded")
        request.body = .bytes(ByteBuffer(string: Self.form(["To": number, "From": settings.from, "Body": body])))
        let response: HTTPClientResponse
        do {
            response = try await http.execute(request, timeout: .seconds(30))
        } catch {
            throw Failure(description: "could not reach the SMS API at \(base) (\(error))", isPermanent: false)
        }
        let answer = try await response.body.collect(upTo: 64 * 1024)
        guard (200..<300).contains(response.status.code) else {
            let detail = String(buffer: answer).prefix(200)
            let permanent = (400..<500).contains(response.status.code) && response.status.code != 429
            throw Failure(
                description: "the SMS API answered \(response.status.code): \(detail)", isPermanent: permanent,
                summary: "the SMS API answered \(response.status.code)")
        }
    }

    /// `application/x-www-form-urlencoded`, keys in a stable order.
    static func form(_ fields: [String: String]) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        return fields.sorted { $0.key < $1.key }
            .map { "\($0.key)=\($0.value.addingPercentEncoding(withAllowedCharacters: allowed) ?? "")" }
            .joined(separator: "&")
    }
}
