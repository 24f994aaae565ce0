import Foundation

/// Which tenant a request names, and how it named it. First match wins, in the order of the cases.
enum TenantResolution: Equatable {
    case header(String)
    case pathPrefix(String)
    case host(String)
    case defaultTenant(String)

    var slug: String {
        switch self {
        case .header(let s), .pathPrefix(let s), .host(let s), .defaultTenant(let s): return s
        }
    }

    /// Resolves from the request's parts: `X-Tenant` header, `/t/<slug>/` prefix,
    /// `<slug>.<baseDomain>` host, then the instance's default tenant.
    static func resolve(
        header: String?, pathSlug: String?, host: String?, baseDomain: String?, defaultTenant: String?
    ) -> TenantResolution? {
        if let header = header.map(trimmed), !header.isEmpty { return .header(header.lowercased()) }
        if let pathSlug, !pathSlug.isEmpty { return .pathPrefix(pathSlug.lowercased()) }
        if let host, let baseDomain, let slug = subdomain(of: host, under: baseDomain) { return .host(slug) }
        if let defaultTenant { return .defaultTenant(defaultTenant) }
        return nil
    }

    /// A header value without its surrounding whitespace. Read on every request, so a value with none
    /// (the usual case) is returned as it is without going through Foundation.
    static func trimmed(_ value: String) -> String {
        let utf8 = value.utf8
        func plain(_ byte: UInt8?) -> Bool { byte.map { $0 > 0x20 && $0 < 0x80 } ?? true }
        if plain(utf8.first), plain(utf8.last) { return value }
        return value.trimmingCharacters(in: .whitespaces)
    }

    /// `"house.example.com:8080"` under `"example.com"` → `"house"`; anything else → `nil`.
    static func subdomain(of host: String, under baseDomain: String) -> String? {
        var name = host.lowercased()
        if let colon = name.lastIndex(of: ":"), !name.hasSuffix("]") { name = String(name[..<colon]) }
        if name.hasSuffix(".") { name.removeLast() }
        let suffix = "." + baseDomain.lowercased()
        guard name.hasSuffix(suffix) else { return nil }
        let label = String(name.dropLast(suffix.count))
        guard !label.isEmpty, !label.contains(".") else { return nil }
        return label
    }
}
