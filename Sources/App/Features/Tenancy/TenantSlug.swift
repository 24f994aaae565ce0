/// The rule for tenant slugs, which appear in URLs, headers and host names.
public enum TenantSlug {
    public static let rule = "2-63 characters: lowercase letters, digits and hyphens, not starting or ending with a hyphen"

    public static func isValid(_ slug: String) -> Bool {
        (2...63).contains(slug.count) && !slug.hasPrefix("-") && !slug.hasSuffix("-")
            && slug.allSatisfy { $0.isASCII && ($0.isLowercase || $0.isNumber || $0 == "-") }
    }
}
