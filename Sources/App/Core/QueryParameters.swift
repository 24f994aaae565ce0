import Vapor

/// A request's query string, parsed once into its `name=value` pairs (percent-decoded, `+` as a
/// space; the first value of a repeated name wins).
///
/// `req.query[String.self, at: name]` runs Vapor's whole form decoder over the full query for every
/// single parameter: on `GET /slots`, which reads four, that was 9 % of the server's CPU under wrk.
struct QueryParameters: Sendable {
    private var values: [Substring: String] = [:]

    init(_ query: String?) {
        guard let query, !query.isEmpty else { return }
        for pair in query.split(separator: "&", omittingEmptySubsequences: true) {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let name = parts[0]
            guard !name.isEmpty, values[name] == nil else { continue }
            let raw = parts.count > 1 ? parts[1] : ""
            let spaced = raw.contains("+") ? raw.replacingOccurrences(of: "+", with: " ") : String(raw)
            values[name] = spaced.contains("%") ? (spaced.removingPercentEncoding ?? spaced) : spaced
        }
    }

    init(_ req: Request) { self.init(req.url.query) }

    subscript(name: String) -> String? { values[Substring(name)] }
}
