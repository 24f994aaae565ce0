/// One reply from an SMTP server (RFC 5321 §4.2): a three-digit code and one or more text lines.
struct SMTPReply: Sendable, Equatable, CustomStringConvertible {
    let code: Int
    let lines: [String]

    /// 2xx: done. 3xx: go on (DATA, AUTH challenges). 4xx: try again later. 5xx: never.
    var isPositive: Bool { (200..<400).contains(code) }
    var isTransientFailure: Bool { (400..<500).contains(code) }
    var isPermanentFailure: Bool { code >= 500 }

    var text: String { lines.joined(separator: " ") }

    /// The reply code and its enhanced status code (RFC 3463, "5.1.1") when the text starts with one:
    /// what may be logged, since the text can echo a recipient's address.
    var codes: String {
        let first = lines.first?.split(separator: " ").first.map(String.init) ?? ""
        let parts = first.split(separator: ".")
        let enhanced = parts.count == 3 && parts.allSatisfy { !$0.isEmpty && $0.allSatisfy(\.isNumber) }
        return enhanced ? "\(code) \(first)" : "\(code)"
    }
    var description: String { "\(code) \(text)" }

    /// The extensions an EHLO reply advertises (every line after the greeting), upper-cased.
    var extensions: [String] { lines.dropFirst().map { $0.uppercased() } }

    /// The AUTH mechanisms advertised by an EHLO reply.
    var authMechanisms: Set<String> {
        Set(
            extensions.filter { $0.hasPrefix("AUTH ") || $0.hasPrefix("AUTH=") }
                .flatMap { $0.dropFirst(5).split(separator: " ").map(String.init) })
    }
}
