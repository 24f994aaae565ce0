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
        if let header = header?.trimmingCharacters(in: .whitespaces), !header.isEmpty { return .header(header.lowercased()) }
        if let pathSlug, !pathSlug.isEmpty { return .pathPrefix(pathSlug.lowercased()) }
        if let host, let baseDomain, let slug = subdomain(of: host, under: baseDomain) { return .host(slug) }
        if let defaultTenant { return .defaultTenant(defaultTenant) }
        return nil
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
