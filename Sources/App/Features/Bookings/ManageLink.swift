/// The client's manage link as it leaves the site (emails, texts, calendar files): one absolute
/// address under `PUBLIC_URL` with the tenant in the path, which works whichever way the site is
/// reached (its own host, `/t/<slug>/`, or a stand-alone instance).
enum ManageLink {
    static func url(base: String, tenantSlug: String, token: String) -> String {
        "\(base)/t/\(tenantSlug)/manage/\(token)"
    }
}
