import Foundation
import Vapor

/// Collects "field: what is wrong" lines while validating input, then fails once with all of them
/// (422), so a client can fix everything in one go.
struct FieldProblems {
    /// Each problem as the field it concerns and what is wrong with it (pages word them for people).
    private(set) var items: [(field: String, reason: String)] = []

    /// "field reason", as the JSON API answers them.
    var lines: [String] { items.map { "\($0.field) \($0.reason)" } }

    mutating func add(_ field: String, _ reason: String) { items.append((field, reason)) }

    mutating func add(contentsOf other: FieldProblems) { items += other.items }

    var isEmpty: Bool { items.isEmpty }

    func throwIfAny() throws {
        guard lines.isEmpty else { throw APIError.unprocessable(lines.joined(separator: "; ")) }
    }

    /// Text a person typed: present when `required`, at most `max` characters, and free of control
    /// characters and bidirectional overrides (`multiline` text may hold tabs and line breaks).
    mutating func requireText(_ value: String?, _ field: String, max: Int, required: Bool = true, multiline: Bool = false) {
        guard let value else {
            if required { add(field, "is required") }
            return
        }
        let trimmed = value.trimmingCharacters(in: .whitespacesAndNewlines)
        if required && trimmed.isEmpty { add(field, "must not be empty") }
        if value.count > max { add(field, "must be at most \(max) characters") }
        requirePlainText(value, field, multiline: multiline)
    }

    /// Refuses C0 and C1 control characters, DEL, line and paragraph separators, and the Unicode
    /// bidirectional controls that make text read differently from what is stored (U+202E shows
    /// "txt.exe" as "exe.txt"). PostgreSQL also refuses the NUL byte outright.
    mutating func requirePlainText(_ value: String, _ field: String, multiline: Bool = false) {
        guard let scalar = value.unicodeScalars.first(where: { TextRules.isForbidden($0, multiline: multiline) }) else { return }
        let code = "U+" + String(scalar.value, radix: 16, uppercase: true).leftPadded(to: 4)
        add(field, "must not contain control characters or bidirectional overrides (found \(code))")
    }

    mutating func requireRange(_ value: Int?, _ field: String, _ range: ClosedRange<Int>) {
        guard let value else { return }
        if !range.contains(value) { add(field, "must be between \(range.lowerBound) and \(range.upperBound)") }
    }
}

/// Which characters typed text may hold.
enum TextRules {
    static func isForbidden(_ scalar: Unicode.Scalar, multiline: Bool) -> Bool {
        switch scalar.value {
        case 0x09, 0x0A, 0x0D: return !multiline
        case 0x00...0x1F, 0x7F...0x9F: return true
        case 0x2028, 0x2029: return true
        case 0x200E, 0x200F, 0x202A...0x202E, 0x2066...0x2069, 0x061C: return true
        default: return false
        }
    }
}

/// Small format checks shared by every form and API.
enum Formats {
    /// A plausible email address: one `@`, no spaces, a dotted domain, at most 254 characters.
    static func isEmail(_ text: String) -> Bool { emailProblem(text) == nil }

    /// What is wrong with an email address, in words for the person who typed it, or nil.
    ///
    /// The part before the `@` must be what RFC 5321 allows unquoted (a dot-atom): ASCII letters,
    /// digits and ``! # $ % & ' * + - / = ? ^ _ ` { | } ~``, in dot-separated runs. Anything else
    /// (`<`, `>`, `,`, quotes, spaces, zero-width or non-Latin characters) would change the meaning of
    /// `RCPT TO:<...>` or a `Reply-To` header, or lets one address pass for another.
    static func emailProblem(_ text: String) -> String? {
        guard !text.isEmpty else { return "is required" }
        guard text.utf8.count <= 254 else { return "must be at most 254 characters" }
        let parts = text.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2 else { return "must have exactly one @, like name@example.com" }
        let (local, domain) = (parts[0], parts[1])
        guard !local.isEmpty, local.utf8.count <= 64 else { return "must have 1 to 64 characters before the @" }
        guard local.utf8.allSatisfy({ isAtext($0) || $0 == UInt8(ascii: ".") }) else {
            return "may hold only letters, digits and . ! # $ % & ' * + - / = ? ^ _ ` { | } ~ before the @"
        }
        guard !local.hasPrefix("."), !local.hasSuffix("."), !local.contains("..") else {
            return "must not start or end with a dot, or have two dots together, before the @"
        }
        guard domain.contains("."), !domain.hasPrefix("."), !domain.hasSuffix("."), !domain.contains(".."),
            domain.utf8.allSatisfy({ isASCIILetterOrDigit($0) || $0 == UInt8(ascii: "-") || $0 == UInt8(ascii: ".") })
        else { return "must end in a domain name like example.com" }
        return nil
    }

    private static func isASCIILetterOrDigit(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte) || (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte)
            || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
    }

    /// RFC 5322's `atext`.
    private static func isAtext(_ byte: UInt8) -> Bool {
        isASCIILetterOrDigit(byte) || "!#$%&'*+-/=?^_`{|}~".utf8.contains(byte)
    }

    /// `#rrggbb`.
    static func isHexColour(_ text: String) -> Bool {
        text.count == 7 && text.hasPrefix("#") && text.dropFirst().allSatisfy(\.isHexDigit)
    }

    /// An absolute http(s) URL.
    static func isWebURL(_ text: String) -> Bool {
        guard text.count <= 2048, let url = URL(string: text), let scheme = url.scheme?.lowercased(),
            let host = url.host, !host.isEmpty
        else { return false }
        return scheme == "https" || scheme == "http"
    }

    /// A three-letter ISO 4217 currency code.
    static func isCurrency(_ text: String) -> Bool {
        text.count == 3 && text.allSatisfy { $0.isASCII && $0.isUppercase }
    }

    /// An IANA time zone this system knows.
    static func isTimeZone(_ text: String) -> Bool {
        !text.isEmpty && text.count <= 64 && TimeZone(identifier: text) != nil
            && (text.contains("/") || text == "UTC" || text == "GMT")
    }
}
