import Vapor

/// What every portal page's layout shows beside the business's branding (`SiteContext`): who is
/// signed in, the portal's sections with the current one marked, and the sign-out form.
struct PortalChrome: Encodable, Sendable {
    struct Section: Encodable, Sendable {
        let label: String
        let link: String
        let current: Bool
    }

    let userName: String
    let accountLink: String
    /// "Owner" or "Staff"; nil when the name says it already.
    let roleLabel: String?
    let sections: [Section]
    let signOutAction: String
    let publicSiteLink: String

    /// Which section of the navigation a page belongs to (marked as the current one).
    enum Place: Sendable {
        case today
        case activity
        case calendar
        case phoneIn
        case bookings
        case account
        case services
        case staff
        case none
    }

    init(user: PortalSessions.Current, base: String, current: Place) {
        userName = user.name.isEmpty ? user.email : user.name
        let role = user.role == .owner ? "Owner" : "Staff"
        roleLabel = userName == role ? nil : role
        var sections = [
            Section(label: "Today", link: SiteURL.portal(.today).relative(base: base), current: current == .today)
        ]
        sections.append(
            Section(label: "Calendar", link: SiteURL.portal(.calendar).relative(base: base), current: current == .calendar))
        sections.append(
            Section(label: "Bookings", link: SiteURL.portal(.bookings).relative(base: base), current: current == .bookings))
        sections.append(
            Section(label: "Phone-in", link: SiteURL.portal(.phoneIn).relative(base: base), current: current == .phoneIn))
        if user.role == .owner {
            sections.append(
                Section(label: "Services", link: SiteURL.portal(.services).relative(base: base), current: current == .services))
            sections.append(
                Section(label: "Staff", link: SiteURL.portal(.staff).relative(base: base), current: current == .staff))
            sections.append(
                Section(label: "Activity", link: SiteURL.portal(.activity).relative(base: base), current: current == .activity))
        }
        self.sections = sections
        signOutAction = SiteURL.portal(.signOut).relative(base: base)
        accountLink = SiteURL.portal(.account).relative(base: base)
        publicSiteLink = SiteURL.home.relative(base: base)
    }
}

extension Request {
    /// The layout pieces of a portal page titled `title`.
    func portalPage(title: String, current: PortalChrome.Place) throws -> (SiteContext, PortalChrome) {
        let site = try SiteContext(req: self, title: title)
        return (site, PortalChrome(user: try signedIn, base: site.base, current: current))
    }
}
