import Vapor

/// A request's query string, parsed once into its `name=value` pairs (percent-decoded, `+` as a
/// space; the first value of a repeated name wins; a value with a broken escape is kept as typed).
/// Every handler reads its query through it, so a parameter means the same on every route.
///
/// `req.query[String.self, at: name]` runs Vapor's whole form decoder over the full query for every
/// single parameter: on `GET /slots`, which reads four, that was 9 % of the server's CPU under wrk.
/// The parse works on the UTF-8 bytes: Foundation's `contains("+")` and `removingPercentEncoding`
/// bridged each value through `NSString` (another 2 % of the CPU on `GET /slots`).
struct QueryParameters: Sendable {
    private var values: [Substring: String] = [:]

    init(_ query: String?) {
        guard let query, !query.isEmpty else { return }
        for pair in query.utf8.split(separator: UInt8(ascii: "&")) {
            let equals = pair.firstIndex(of: UInt8(ascii: "="))
            let name = Substring(pair[..<(equals ?? pair.endIndex)])
            guard !name.isEmpty, values[name] == nil else { continue }
            let raw = equals.map { pair[pair.index(after: $0)...] } ?? pair[pair.endIndex...]
            values[name] = Self.decode(raw)
        }
    }

    init(_ req: Request) { self.init(req.url.query) }

    subscript(name: String) -> String? { values[Substring(name)] }

    /// `+` as a space and `%XX` as its byte; the value as typed (with `+` as spaces) when an escape is
    /// broken or the bytes are not UTF-8, as `removingPercentEncoding` did.
    private static func decode(_ raw: Substring.UTF8View) -> String {
        guard raw.contains(where: { $0 == UInt8(ascii: "+") || $0 == UInt8(ascii: "%") }) else { return String(Substring(raw)) }
        let spaced = raw.map { $0 == UInt8(ascii: "+") ? UInt8(ascii: " ") : $0 }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(spaced.count)
        var index = 0
        while index < spaced.count {
            let byte = spaced[index]
            if byte == UInt8(ascii: "%") {
                guard index + 2 < spaced.count, let high = hexValue(spaced[index + 1]), let low = hexValue(spaced[index + 2])
                else {
                    return String(decoding: spaced, as: UTF8.self)
                }
                bytes.append(high << 4 | low)
                index += 3
            } else {
                bytes.append(byte)
                index += 1
            }
        }
        return String(validating: bytes, as: UTF8.self) ?? String(decoding: spaced, as: UTF8.self)
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}
