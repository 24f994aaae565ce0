import Foundation

/// Renders a `MailMessage` as an RFC 5322 / MIME message with CRLF line ends: multipart/alternative
/// (text/plain, text/html), wrapped in multipart/mixed with a `text/calendar` part when there is an
/// invite. Bodies are base64 (UTF-8 safe, lines ≤ 76); non-ASCII header text is RFC 2047 encoded;
/// header values never carry a line break, so user data cannot inject headers.
enum MIMEWriter {
    static func render(_ message: MailMessage) -> String {
        let seed = Secrets.sha256Hex(message.messageID).prefix(24)
        let mixed = "=_mixed_\(seed)"
        let alternative = "=_alt_\(seed)"
        var headers: [(String, String)] = [
            ("From", address(message.from)),
            ("To", message.to.map(address).joined(separator: ", ")),
        ]
        if let replyTo = message.replyTo { headers.append(("Reply-To", address(replyTo))) }
        headers += [
            ("Subject", encodedWords(message.subject)),
            ("Date", rfc5322Date(message.date)),
            ("Message-ID", "<\(headerSafe(message.messageID))>"),
            ("MIME-Version", "1.0"),
        ]
        var body = ""
        let alternatives = [
            part(contentType: "text/plain; charset=utf-8", content: message.text),
            part(contentType: "text/html; charset=utf-8", content: message.html),
        ]
        if let calendar = message.calendar {
            headers.append(("Content-Type", "multipart/mixed; boundary=\"\(mixed)\""))
            body += "--\(mixed)\r\nContent-Type: multipart/alternative; boundary=\"\(alternative)\"\r\n\r\n"
            body += multipart(alternatives, boundary: alternative)
            body += "\r\n--\(mixed)\r\n"
            body += part(
                contentType: "text/calendar; charset=utf-8; method=\(calendar.method); name=\"invite.ics\"",
                disposition: "attachment; filename=\"invite.ics\"", content: calendar.content)
            body += "--\(mixed)--\r\n"
        } else {
            headers.append(("Content-Type", "multipart/alternative; boundary=\"\(alternative)\""))
            body += multipart(alternatives, boundary: alternative)
        }
        let head = headers.map { "\($0.0): \($0.1)" }.joined(separator: "\r\n")
        return head + "\r\n\r\n" + body
    }

    private static func multipart(_ parts: [String], boundary: String) -> String {
        parts.map { "--\(boundary)\r\n" + $0 }.joined() + "--\(boundary)--\r\n"
    }

    private static func part(contentType: String, disposition: String? = nil, content: String) -> String {
        var text = "Content-Type: \(contentType)\r\nContent-Transfer-Encoding: base64\r\n"
        if let disposition { text += "Content-Disposition: \(disposition)\r\n" }
        return text + "\r\n" + base64Lines(Data(content.utf8)) + "\r\n"
    }

    static func base64Lines(_ data: Data) -> String {
        let encoded = data.base64EncodedString()
        var lines: [Substring] = []
        var index = encoded.startIndex
        while index < encoded.endIndex {
            let end = encoded.index(index, offsetBy: 76, limitedBy: encoded.endIndex) ?? encoded.endIndex
            lines.append(encoded[index..<end])
            index = end
        }
        return lines.joined(separator: "\r\n")
    }

    /// `Name <email>`, the name quoted or RFC 2047 encoded as needed.
    static func address(_ mailbox: MailAddress) -> String {
        let email = headerSafe(mailbox.email)
        guard let rawName = mailbox.name, case let name = headerSafe(rawName), !name.isEmpty else { return email }
        if name.allSatisfy({ $0.isASCII }) {
            let quoted = name.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
            return "\"\(quoted)\" <\(email)>"
        }
        return "\(encodedWords(name)) <\(email)>"
    }

    /// RFC 2047 B-encoding for text with non-ASCII characters, split into encoded words of at most
    /// 64 characters (39 bytes each, never splitting a character), folded onto continuation lines,
    /// so even the first line with its header name stays within 76 characters.
    static func encodedWords(_ raw: String) -> String {
        let text = headerSafe(raw)
        guard !text.allSatisfy({ $0.isASCII }) else { return text }
        var words: [String] = []
        var chunk = Data()
        for character in text {
            let bytes = Data(String(character).utf8)
            if chunk.count + bytes.count > 39 {
                words.append("=?UTF-8?B?\(chunk.base64EncodedString())?=")
                chunk = Data()
            }
            chunk.append(bytes)
        }
        if !chunk.isEmpty { words.append("=?UTF-8?B?\(chunk.base64EncodedString())?=") }
        return words.joined(separator: "\r\n ")
    }

    /// Removes line breaks (header injection) and other control characters.
    static func headerSafe(_ text: String) -> String {
        String(text.unicodeScalars.map { $0.properties.generalCategory == .control ? " " : Character($0) })
            .trimmingCharacters(in: .whitespaces)
    }

    static func rfc5322Date(_ date: Date) -> String {
        FixedDateFormat.string(date, "EEE, dd MMM yyyy HH:mm:ss '+0000'")
    }
}
