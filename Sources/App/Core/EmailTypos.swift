/// Spots the common slips in an email address's domain ("gmial.com", "hotmail.co", "example.con")
/// and proposes the likely address, so a client can fix it before booking. It only suggests: a
/// domain it does not recognise as a slip is left alone, and the client may keep what they typed.
enum EmailTypos {
    /// The big providers' names and the domains each really uses.
    private static let providers: [String: [String]] = [
        "gmail": ["gmail.com"], "googlemail": ["googlemail.com"], "hotmail": ["hotmail.com", "hotmail.co.uk"],
        "outlook": ["outlook.com"], "yahoo": ["yahoo.com", "yahoo.co.uk"], "icloud": ["icloud.com"],
    ]
    /// Real providers whose names are one letter from a big one's ("mail" and "gmail").
    private static let lookalikes: Set<String> = ["mail", "email", "ymail", "aol", "me", "mac", "msn", "live", "gmx", "zoho"]
    /// Slips for "com" after a provider's name ("gmail.co", "yahoo.cmo").
    private static let comSlips: Set<String> = ["co", "con", "cm", "om", "cmo", "ocm", "comm", "vom", "xom", "cpm", "c0m"]

    /// The address as the client probably meant it, or nil when it looks right.
    static func suggestion(for address: String) -> String? {
        guard let at = address.lastIndex(of: "@") else { return nil }
        let local = address[..<at]
        let domain = address[address.index(after: at)...].lowercased()
        guard let corrected = correctedDomain(domain), corrected != domain else { return nil }
        return "\(local)@\(corrected)"
    }

    private static func correctedDomain(_ domain: String) -> String? {
        if providers.values.contains(where: { $0.contains(domain) }) { return nil }
        let labels = domain.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
        guard labels.count >= 2, let name = labels.first, !name.isEmpty else { return nil }
        let suffix = labels.dropFirst().joined(separator: ".")
        // A provider's own name with a slip in "com".
        if let domains = providers[name], comSlips.contains(suffix), domains.contains("\(name).com") { return "\(name).com" }
        // A slip in the provider's name ("gmial", "hotmal"), with a suffix it uses or a slip in "com".
        if !lookalikes.contains(name), name.count >= 4 {
            let near = providers.keys.map { ($0, distance(name, $0)) }.filter { $0.1 > 0 && $0.1 <= ($0.0.count <= 5 ? 1 : 2) }
            if let (provider, _) = near.min(by: { $0.1 < $1.1 }) {
                let domains = providers[provider]!
                if domains.contains("\(provider).\(suffix)") { return "\(provider).\(suffix)" }
                if comSlips.contains(suffix), domains.contains("\(provider).com") { return "\(provider).com" }
            }
        }
        // ".con" is never a real ending: it is ".com".
        if labels.last == "con" { return labels.dropLast().joined(separator: ".") + ".com" }
        return nil
    }

    /// Edits between two words: insertions, deletions, substitutions and swaps of neighbours.
    static func distance(_ a: String, _ b: String) -> Int {
        let x = Array(a), y = Array(b)
        if x.isEmpty || y.isEmpty { return max(x.count, y.count) }
        var table = Array(repeating: Array(repeating: 0, count: y.count + 1), count: x.count + 1)
        for i in 0...x.count { table[i][0] = i }
        for j in 0...y.count { table[0][j] = j }
        for i in 1...x.count {
            for j in 1...y.count {
                let cost = x[i - 1] == y[j - 1] ? 0 : 1
                table[i][j] = min(table[i - 1][j] + 1, table[i][j - 1] + 1, table[i - 1][j - 1] + cost)
                if i > 1, j > 1, x[i - 1] == y[j - 2], x[i - 2] == y[j - 1] {
                    table[i][j] = min(table[i][j], table[i - 2][j - 2] + 1)
                }
            }
        }
        return table[x.count][y.count]
    }
}
