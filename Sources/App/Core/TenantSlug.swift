/// The rule for tenant slugs, which appear in URLs, headers and host names.
public enum TenantSlug {
    public static let rule = "2-63 characters: lowercase letters, digits and hyphens, not starting or ending with a hyphen"

    /// Checked on every request that names a tenant, so it reads bytes, not characters.
    public static func isValid(_ slug: String) -> Bool {
        let bytes = slug.utf8
        guard (2...63).contains(bytes.count), bytes.first != UInt8(ascii: "-"), bytes.last != UInt8(ascii: "-") else {
            return false
        }
        return bytes.allSatisfy { byte in
            (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte) || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
                || byte == UInt8(ascii: "-")
        }
    }
}
