import Foundation

/// Reads back what the SMTP client sent: headers, MIME parts (base64 decoded) and iCalendar fields.
/// Deliberately independent of `MIMEWriter`, so the tests check the format, not the writer's own idea of it.
struct ParsedMail {
    struct Part {
        let headers: [String: String]
        let body: String
        var contentType: String { headers["content-type"] ?? "" }
    }

    let headers: [String: String]
    /// Leaf parts in order (multiparts flattened).
    let parts: [Part]

    init(_ data: String) {
        let (headers, body) = Self.split(data)
        self.headers = headers.mapValues(Self.decodeWords)
        parts = Self.leaves(headers: headers, body: body)
    }

    func part(_ type: String) -> Part? { parts.first { $0.contentType.lowercased().hasPrefix(type) } }

    /// Decodes RFC 2047 "=?UTF-8?B?...?=" words; whitespace between two encoded words is dropped.
    static func decodeWords(_ value: String) -> String {
        guard value.contains("=?") else { return value }
        var result = ""
        var lastWasEncoded = false
        for token in value.split(separator: " ", omittingEmptySubsequences: true) {
            if token.hasPrefix("=?UTF-8?B?"), token.hasSuffix("?="),
                let data = Data(base64Encoded: String(token.dropFirst(10).dropLast(2)))
            {
                result += (result.isEmpty || lastWasEncoded ? "" : " ") + String(decoding: data, as: UTF8.self)
                lastWasEncoded = true
            } else {
                result += (result.isEmpty ? "" : " ") + token
                lastWasEncoded = false
            }
        }
        return result
    }

    private static func split(_ text: String) -> ([String: String], String) {
        let normalized = text.replacingOccurrences(of: "\r\n", with: "\n")
        let pieces = normalized.components(separatedBy: "\n\n")
        let head = pieces.first ?? ""
        var headers: [String: String] = [:]
        var lastKey: String?
        for line in head.split(separator: "\n") {
            if line.first == " " || line.first == "\t", let key = lastKey {
                headers[key, default: ""] += " " + line.trimmingCharacters(in: .whitespaces)
            } else if let colon = line.firstIndex(of: ":") {
                let key = line[..<colon].lowercased()
                headers[key] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
                lastKey = key
            }
        }
        return (headers, pieces.dropFirst().joined(separator: "\n\n"))
    }

    private static func leaves(headers: [String: String], body: String) -> [Part] {
        let type = headers["content-type"] ?? "text/plain"
        if type.lowercased().hasPrefix("multipart/"), let range = type.range(of: "boundary=\"") {
            let boundary = String(type[range.upperBound...].prefix { $0 != "\"" })
            let sections = body.components(separatedBy: "--" + boundary)
            return sections.dropFirst().filter { !$0.hasPrefix("--") }.flatMap { section -> [Part] in
                let trimmed = section.hasPrefix("\n") ? String(section.dropFirst()) : section
                let (partHeaders, partBody) = split(trimmed)
                return leaves(headers: partHeaders, body: partBody)
            }
        }
        var decoded = body
        if headers["content-transfer-encoding"]?.lowercased() == "base64" {
            let compact = body.filter { !$0.isWhitespace }
            decoded = Data(base64Encoded: compact).map { String(decoding: $0, as: UTF8.self) } ?? "<invalid base64>"
        }
        return [Part(headers: headers, body: decoded)]
    }
}

/// The properties of an iCalendar text (lines unfolded; parameters dropped from the keys).
func calendarFields(_ text: String) -> [String: String] {
    let unfolded = text.replacingOccurrences(of: "\r\n ", with: "").replacingOccurrences(of: "\n ", with: "")
    var fields: [String: String] = [:]
    for line in unfolded.split(whereSeparator: \.isNewline) {
        guard let colon = line.firstIndex(of: ":") else { continue }
        let key = line[..<colon].split(separator: ";").first.map(String.init) ?? ""
        if fields[key] == nil { fields[key] = String(line[line.index(after: colon)...]) }
    }
    return fields
}

/// "20261201T100000Z" → Date.
func calendarDate(_ text: String?) -> Date? {
    guard let text else { return nil }
    let formatter = DateFormatter()
    formatter.locale = Locale(identifier: "en_US_POSIX")
    formatter.timeZone = TimeZone(identifier: "UTC")
    formatter.dateFormat = "yyyyMMdd'T'HHmmss'Z'"
    return formatter.date(from: text)
}
