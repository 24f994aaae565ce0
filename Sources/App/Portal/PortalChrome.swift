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
        case timeOff
        case classes
        case settings
        case clients
        case business
        case none

        /// The navigation entry a page lights up: the business's own pages share "Business".
        var section: Place {
            switch self {
            case .services, .staff, .timeOff, .settings, .activity: .business
            default: self
            }
        }
    }

    /// `classesForStaff`: staff see Classes too (a business of classes); owners always do.
    init(user: PortalSessions.Current, base: String, current: Place, classesForStaff: Bool = false) {
        userName = user.name.isEmpty ? user.email : user.name
        let role = user.role == .owner ? "Owner" : "Staff"
        roleLabel = userName == role ? nil : role
        let everyone: [(String, SiteURL.Portal, Place)] = [
            ("Today", .today, .today), ("Calendar", .calendar, .calendar), ("Bookings", .bookings, .bookings),
            ("Phone-in", .phoneIn, .phoneIn), ("Clients", .clients, .clients),
        ]
        let classes: [(String, SiteURL.Portal, Place)] =
            user.role == .owner || classesForStaff ? [("Classes", .classes, .classes)] : []
        // The business's own pages (services, staff, time off, settings, sign-ins, keys, activity) are
        // one entry, so the navigation stays two lines on a phone.
        let owners: [(String, SiteURL.Portal, Place)] = [("Business", .business, .business)]
        sections = (everyone + classes + (user.role == .owner ? owners : [])).map { label, page, place in
            Section(label: label, link: SiteURL.portal(page).relative(base: base), current: current.section == place)
        }
        signOutAction = SiteURL.portal(.signOut).relative(base: base)
        accountLink = SiteURL.portal(.account).relative(base: base)
        publicSiteLink = SiteURL.home.relative(base: base)
    }
}

extension Request {
    /// The layout pieces of a portal page titled `title`.
    func portalPage(title: String, current: PortalChrome.Place) throws -> (SiteContext, PortalChrome) {
        let site = try SiteContext(req: self, title: title)
        return (
            site,
            PortalChrome(user: try signedIn, base: site.base, current: current, classesForStaff: site.offersSessions)
        )
    }
}
