import Foundation

/// One rule for every string in every JSON body the API takes (public and admin alike): no control
/// characters other than tab and line breaks, no C1 controls, no line or paragraph separators and no
/// bidirectional overrides (`TextRules`). Fields then apply their own rules (single-line fields
/// refuse line breaks too), but none can store a NUL, which PostgreSQL refuses with a 500 and
/// SQLite stores, nor read back as something other than what the business typed.
enum JSONTextRule {
    /// The first string that breaks the rule, as "field must not contain ..." (the JSON API's
    /// wording for field problems), or nil when every string is plain text.
    static func problem(in data: Data) -> String? {
        guard mayHoldForbiddenText(data),
            let root = try? JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed])
        else { return nil }
        return problem(in: root, at: "")
    }

    /// Every forbidden character is either escaped (`\u0000`) or not ASCII; a body with neither
    /// (most bodies) needs no second parse.
    static func mayHoldForbiddenText(_ data: Data) -> Bool {
        var previous: UInt8 = 0
        for byte in data {
            if byte >= 0x80 || (previous == UInt8(ascii: "\\") && byte == UInt8(ascii: "u")) { return true }
            // An escaped backslash (`\\u`) is no escape: forget it so `\\` + `u` does not match.
            previous = previous == UInt8(ascii: "\\") && byte == UInt8(ascii: "\\") ? 0 : byte
        }
        return false
    }

    private static func problem(in value: Any, at path: String) -> String? {
        switch value {
        case let text as String:
            guard let scalar = text.unicodeScalars.first(where: { TextRules.isForbidden($0, multiline: true) }) else {
                return nil
            }
            let code = "U+" + String(scalar.value, radix: 16, uppercase: true).leftPadded(to: 4)
            return
                "\(path.isEmpty ? "body" : path) must not contain control characters or bidirectional overrides (found \(code))"
        case let object as [String: Any]:
            for key in object.keys.sorted() {
                let field = path.isEmpty ? key : "\(path).\(key)"
                if let found = problem(in: key, at: field) { return found }
                if let found = problem(in: object[key]!, at: field) { return found }
            }
            return nil
        case let array as [Any]:
            for (index, element) in array.enumerated() {
                if let found = problem(in: element, at: "\(path)[\(index)]") { return found }
            }
            return nil
        default:
            return nil
        }
    }
}
