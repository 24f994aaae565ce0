import Foundation
import Vapor

/// A path parameter: `.key` when a route is registered (`:name`), `.value` when a link is built.
enum PathParameter<Value: Sendable & Equatable>: Sendable, Equatable {
    case key
    case value(Value)
}

/// Every path the server answers, named once. Routes are registered from `pathComponents`, and
/// every link, redirect, email and text is built with `relative(base:query:)` or
/// `absolute(publicBase:tenantSlug:query:)`, so no link can drift from its route
/// (`SiteURLTests` checks both directions against the route table).
///
/// Tenant paths (everything but `instance`) are served at the root and again under `/t/<slug>/`;
/// a link starts with the request's site base ("" or "/t/<slug>", `TenantScope.siteBase`).
enum SiteURL: Sendable, Equatable {
    /// Paths outside any tenant.
    case instance(Instance)
    // The public site.
    case home
    case privacy
    case terms
    case theme
    /// The business's uploaded logo, by its hashed file name (cached for a year).
    case logo(PathParameter<String>)
    /// A portal user's private calendar subscription (the token is its secret).
    case calendarFeed(PathParameter<String>)
    /// `/book`: steps 1 to 3 (service, staff, day and time), by query.
    case book
    case bookDetails
    case bookChangeTime
    case sessions
    case session(PathParameter<UUID>)
    case manage(PathParameter<String>)
    case manageCalendar(PathParameter<String>)
    case manageCancel(PathParameter<String>)
    case manageReschedule(PathParameter<String>)
    case manageRescheduleConfirm(PathParameter<String>)
    case myBookings
    case myBookingsList(PathParameter<String>)
    /// The JSON API under `/api/v1`.
    case api(API)
    /// The owner and staff portal under `/admin` (issue 22).
    case portal(Portal)

    enum Instance: Sendable, Equatable {
        case health
        case healthReady
        case metrics
        case openAPI
        case asset(PathParameter<String>)
    }

    enum Portal: Sendable, Equatable {
        /// `/admin`: the day's bookings and classes, and what needs attention.
        case today
        case signIn
        case signOut
        case booking(PathParameter<UUID>)
        /// Confirm, complete or mark a no-show (the status in the form).
        case bookingStatus(PathParameter<UUID>)
        /// Cancel, with an optional message to the client.
        case bookingCancel(PathParameter<UUID>)
        /// Choose a new time (`?start=` to confirm one); POST moves the booking.
        case bookingReschedule(PathParameter<UUID>)
        /// Add an internal note.
        case bookingNotes(PathParameter<UUID>)
        /// Queue a message that gave up sending again.
        case messageRetry(PathParameter<UUID>)
        /// The audit log (owners).
        case activity
        /// The day view: every staff member side by side (`?date=`, `?staff=` for the one a phone shows).
        case calendar
        /// One staff member's week (`?staff=`, `?date=`).
        case calendarWeek
        /// Booking for a client who called (`?staff=`, `?start=`, `?service=` as chosen so far).
        case phoneIn
        /// Bookings with filters (`from`, `to`, `status`, `staff`, `service`, `q`, `page`).
        case bookings
        /// The same filters as a CSV download.
        case bookingsCSV
        /// "Forgotten your password?": asks for the address to email a link to.
        case forgotPassword
        /// A password-reset link's page (the token is the link's secret).
        case resetPassword(PathParameter<String>)
        /// An invitation link's page: choose a password.
        case acceptInvitation(PathParameter<String>)
        /// The signed-in user's account: change the password, the calendar feed.
        case account
        /// Make (or replace) the signed-in user's calendar feed; stop it.
        case accountFeed
        case accountFeedStop
        /// The services (owners): list, add, edit, remove.
        case services
        case newService
        case service(PathParameter<UUID>)
        case serviceRemove(PathParameter<UUID>)
        /// The staff (owners): list, add, edit profile and services, weekly hours, remove.
        case staff
        case newStaff
        case staffMember(PathParameter<UUID>)
        case staffRemove(PathParameter<UUID>)
        case staffHours(PathParameter<UUID>)
        /// The business's weekly opening hours, which bound every staff member's (owners).
        case openingHours
        /// Time off and closures as date ranges: the list and the form to add one (owners).
        case timeOff
        case timeOffRemove(PathParameter<UUID>)
        /// Classes: the coming ones (`?from=`), a new one or weekly series (owners), a class's page
        /// with its roster (owners and its instructor), its edit, cancel, attendance and CSV.
        case classes
        case newClass
        case classPage(PathParameter<UUID>)
        case classEdit(PathParameter<UUID>)
        case classCancel(PathParameter<UUID>)
        case classAttendance(PathParameter<UUID>)
        case classRosterCSV(PathParameter<UUID>)
        /// The business's settings (owners), its logo upload and removal.
        case settings
        case settingsLogo
        case settingsLogoRemove
        /// Clients (`?q=` to search), a client's page and its contact form; staff see those they serve.
        case clients
        case client(PathParameter<UUID>)
        case clientEdit(PathParameter<UUID>)
        /// The business's sign-ins (owners): the list and an invitation, one user's role and access.
        case users
        case user(PathParameter<UUID>)
        /// API keys (owners): the list, a new one (shown once), revoking one.
        case apiKeys
        case apiKeyRevoke(PathParameter<UUID>)
        /// The owners' hub: services, staff, time off, settings, sign-ins, API keys, activity.
        case business
    }

    enum API: Sendable, Equatable {
        case tenant
        case services
        case staff
        case slots
        case bookings
        case booking(PathParameter<UUID>)
        case bookingCancel(PathParameter<UUID>)
        case bookingReschedule(PathParameter<UUID>)
        case sessions
        case session(PathParameter<UUID>)
        case sessionEnrollments(PathParameter<UUID>)
        case enrollment(PathParameter<UUID>)
        case enrollmentCancel(PathParameter<UUID>)
        /// The admin API under `/api/v1/admin`.
        case admin(Admin)
    }

    enum Admin: Sendable, Equatable {
        case services
        case service(PathParameter<UUID>)
        case staff
        case staffMember(PathParameter<UUID>)
        case staffHours(PathParameter<UUID>)
        case openingHours
        case closures
        case closure(PathParameter<UUID>)
        case settings
        /// The uploaded logo: `PUT` the image bytes, `DELETE` to show none.
        case logo
        case bookings
        case booking(PathParameter<UUID>)
        case bookingsCSV
        case sessions
        case session(PathParameter<UUID>)
        case sessionCancel(PathParameter<UUID>)
        /// This session and every later one of its weekly series.
        case sessionCancelSeries(PathParameter<UUID>)
        /// Who came: `PUT {"attended": [enrolment ids]}`.
        case sessionAttendance(PathParameter<UUID>)
        case sessionEnrollments(PathParameter<UUID>)
        case sessionEnrollmentsCSV(PathParameter<UUID>)
        case outbox
        case outboxRetry(PathParameter<UUID>)
        case apiKeys
        case apiKey(PathParameter<UUID>)
    }

    /// The path, as route components (`:id` for a `.key` parameter) or, for a link, its segments.
    var pathComponents: [PathComponent] { segments.map(PathComponent.init(stringLiteral:)) }

    /// "/book", "/manage/<token>", or "/" for the home page.
    var path: String { "/" + segments.joined(separator: "/") }

    /// The link as the tenant's pages give it: `base` ("" or "/t/<slug>") + path + query. Query items
    /// with a nil value are left out; values are percent-encoded.
    func relative(base: String, query: [(String, String?)] = []) -> String {
        base + path + Self.queryString(query)
    }

    /// The start of many links to this page that share some query parameters (`LinkStem`).
    func stem(base: String, query: [(String, String?)]) -> LinkStem {
        let start = relative(base: base, query: query)
        return LinkStem(start: start, hasQuery: start.utf8.contains(UInt8(ascii: "?")))
    }

    /// The link as it leaves the site (emails, texts, calendar files): under `PUBLIC_URL` with the
    /// tenant in the path, which works however the site is reached.
    func absolute(publicBase: String, tenantSlug: String, query: [(String, String?)] = []) -> String {
        relative(base: "\(publicBase)/t/\(tenantSlug)", query: query)
    }

    /// Whether the path is served per tenant (at the root and under `/t/<slug>/`).
    var isTenantPath: Bool {
        if case .instance = self { return false }
        return true
    }

    private var segments: [String] {
        switch self {
        case .instance(let instance): instance.segments
        case .home: []
        case .privacy: ["privacy"]
        case .terms: ["terms"]
        case .theme: ["theme.css"]
        case .logo(let file): ["logo", Self.text(file, key: "file")]
        case .calendarFeed(let token): ["feeds", Self.text(token, key: "token"), "calendar.ics"]
        case .book: ["book"]
        case .bookDetails: ["book", "details"]
        case .bookChangeTime: ["book", "change-time"]
        case .sessions: ["sessions"]
        case .session(let id): ["sessions", Self.text(id, key: "id")]
        case .manage(let token): ["manage", Self.text(token, key: "token")]
        case .manageCalendar(let token): ["manage", Self.text(token, key: "token"), "calendar.ics"]
        case .manageCancel(let token): ["manage", Self.text(token, key: "token"), "cancel"]
        case .manageReschedule(let token): ["manage", Self.text(token, key: "token"), "reschedule"]
        case .manageRescheduleConfirm(let token): ["manage", Self.text(token, key: "token"), "reschedule", "confirm"]
        case .myBookings: ["my-bookings"]
        case .myBookingsList(let token): ["my-bookings", Self.text(token, key: "token")]
        case .api(let api): ["api", "v1"] + api.segments
        case .portal(let portal): ["admin"] + portal.segments
        }
    }

    fileprivate static func text(_ parameter: PathParameter<String>, key: String) -> String {
        switch parameter {
        case .key: ":\(key)"
        case .value(let value): value
        }
    }

    fileprivate static func text(_ parameter: PathParameter<UUID>, key: String) -> String {
        switch parameter {
        case .key: ":\(key)"
        case .value(let value): value.uuidString.lowercased()
        }
    }

    /// The bytes a query value keeps as they are: RFC 3986's query characters without `&=+#` (which
    /// would end or change the value). Everything else is percent-encoded, UTF-8 byte by byte.
    private static let queryValueAllowed: [Bool] = {
        var table = [Bool](repeating: false, count: 128)
        for byte in "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~!$'()*,;:@/?".utf8 {
            table[Int(byte)] = true
        }
        return table
    }()

    /// `value` percent-encoded for a query (as `addingPercentEncoding` with those characters, which
    /// went through CoreFoundation and cost the day-and-time page 16 % of its CPU, issue 24).
    static func encodeQueryValue(_ value: String) -> String {
        if value.utf8.allSatisfy({ $0 < 128 && queryValueAllowed[Int($0)] }) { return value }
        let hex = Array("0123456789ABCDEF".utf8)
        var bytes: [UInt8] = []
        bytes.reserveCapacity(value.utf8.count * 3)
        for byte in value.utf8 {
            if byte < 128 && queryValueAllowed[Int(byte)] {
                bytes.append(byte)
            } else {
                bytes.append(UInt8(ascii: "%"))
                bytes.append(hex[Int(byte >> 4)])
                bytes.append(hex[Int(byte & 0x0F)])
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    private static func queryString(_ items: [(String, String?)]) -> String {
        var query = ""
        appendQuery(items, to: &query, hasQuery: false)
        return query
    }

    /// Appends `items` (nil values left out) to a link that has a query or not yet.
    fileprivate static func appendQuery(_ items: [(String, String?)], to link: inout String, hasQuery: Bool) {
        var hasQuery = hasQuery
        for (name, value) in items {
            guard let value else { continue }
            link += hasQuery ? "&" : "?"
            hasQuery = true
            link += name
            link += "="
            link += encodeQueryValue(value)
        }
    }
}

/// A link's path and the query parameters many links share, encoded once; each link made from it
/// appends only its own (the day-and-time page makes about 45 links, issue 24). The same links as
/// `SiteURL.relative(base:query:)` with the shared parameters first.
struct LinkStem: Sendable {
    let start: String
    let hasQuery: Bool

    func with(_ items: [(String, String?)]) -> String {
        var link = start
        SiteURL.appendQuery(items, to: &link, hasQuery: hasQuery)
        return link
    }
}

extension SiteURL.Instance {
    fileprivate var segments: [String] {
        switch self {
        case .health: ["health"]
        case .healthReady: ["health", "ready"]
        case .metrics: ["metrics"]
        case .openAPI: ["openapi.json"]
        case .asset(let name): ["assets", SiteURL.text(name, key: "name")]
        }
    }
}

extension SiteURL.API {
    fileprivate var segments: [String] {
        switch self {
        case .tenant: ["tenant"]
        case .services: ["services"]
        case .staff: ["staff"]
        case .slots: ["slots"]
        case .bookings: ["bookings"]
        case .booking(let id): ["bookings", SiteURL.text(id, key: "id")]
        case .bookingCancel(let id): ["bookings", SiteURL.text(id, key: "id"), "cancel"]
        case .bookingReschedule(let id): ["bookings", SiteURL.text(id, key: "id"), "reschedule"]
        case .sessions: ["sessions"]
        case .session(let id): ["sessions", SiteURL.text(id, key: "id")]
        case .sessionEnrollments(let id): ["sessions", SiteURL.text(id, key: "id"), "enrollments"]
        case .enrollment(let id): ["enrollments", SiteURL.text(id, key: "id")]
        case .enrollmentCancel(let id): ["enrollments", SiteURL.text(id, key: "id"), "cancel"]
        case .admin(let admin): ["admin"] + admin.segments
        }
    }
}

extension SiteURL.Admin {
    fileprivate var segments: [String] {
        switch self {
        case .services: ["services"]
        case .service(let id): ["services", SiteURL.text(id, key: "id")]
        case .staff: ["staff"]
        case .staffMember(let id): ["staff", SiteURL.text(id, key: "id")]
        case .staffHours(let id): ["staff", SiteURL.text(id, key: "id"), "hours"]
        case .openingHours: ["opening-hours"]
        case .closures: ["closures"]
        case .closure(let id): ["closures", SiteURL.text(id, key: "id")]
        case .settings: ["settings"]
        case .logo: ["logo"]
        case .bookings: ["bookings"]
        case .booking(let id): ["bookings", SiteURL.text(id, key: "id")]
        case .bookingsCSV: ["bookings.csv"]
        case .sessions: ["sessions"]
        case .session(let id): ["sessions", SiteURL.text(id, key: "id")]
        case .sessionCancel(let id): ["sessions", SiteURL.text(id, key: "id"), "cancel"]
        case .sessionCancelSeries(let id): ["sessions", SiteURL.text(id, key: "id"), "cancel-series"]
        case .sessionAttendance(let id): ["sessions", SiteURL.text(id, key: "id"), "attendance"]
        case .sessionEnrollments(let id): ["sessions", SiteURL.text(id, key: "id"), "enrollments"]
        case .sessionEnrollmentsCSV(let id): ["sessions", SiteURL.text(id, key: "id"), "enrollments.csv"]
        case .outbox: ["outbox"]
        case .outboxRetry(let id): ["outbox", SiteURL.text(id, key: "id"), "retry"]
        case .apiKeys: ["api-keys"]
        case .apiKey(let id): ["api-keys", SiteURL.text(id, key: "id")]
        }
    }
}

extension SiteURL.Portal {
    fileprivate var segments: [String] {
        switch self {
        case .today: []
        case .signIn: ["sign-in"]
        case .signOut: ["sign-out"]
        case .booking(let id): ["bookings", SiteURL.text(id, key: "id")]
        case .bookingStatus(let id): ["bookings", SiteURL.text(id, key: "id"), "status"]
        case .bookingCancel(let id): ["bookings", SiteURL.text(id, key: "id"), "cancel"]
        case .bookingReschedule(let id): ["bookings", SiteURL.text(id, key: "id"), "reschedule"]
        case .bookingNotes(let id): ["bookings", SiteURL.text(id, key: "id"), "notes"]
        case .messageRetry(let id): ["messages", SiteURL.text(id, key: "id"), "retry"]
        case .activity: ["activity"]
        case .calendar: ["calendar"]
        case .calendarWeek: ["calendar", "week"]
        case .phoneIn: ["phone-in"]
        case .bookings: ["bookings"]
        case .bookingsCSV: ["bookings.csv"]
        case .forgotPassword: ["forgot-password"]
        case .resetPassword(let token): ["reset-password", SiteURL.text(token, key: "token")]
        case .acceptInvitation(let token): ["invitation", SiteURL.text(token, key: "token")]
        case .account: ["account"]
        case .accountFeed: ["account", "calendar-feed"]
        case .accountFeedStop: ["account", "calendar-feed", "stop"]
        case .services: ["services"]
        case .newService: ["services", "new"]
        case .service(let id): ["services", SiteURL.text(id, key: "id")]
        case .serviceRemove(let id): ["services", SiteURL.text(id, key: "id"), "remove"]
        case .staff: ["staff"]
        case .newStaff: ["staff", "new"]
        case .staffMember(let id): ["staff", SiteURL.text(id, key: "id")]
        case .staffRemove(let id): ["staff", SiteURL.text(id, key: "id"), "remove"]
        case .staffHours(let id): ["staff", SiteURL.text(id, key: "id"), "hours"]
        case .openingHours: ["opening-hours"]
        case .timeOff: ["time-off"]
        case .timeOffRemove(let id): ["time-off", SiteURL.text(id, key: "id"), "remove"]
        case .classes: ["classes"]
        case .newClass: ["classes", "new"]
        case .classPage(let id): ["classes", SiteURL.text(id, key: "id")]
        case .classEdit(let id): ["classes", SiteURL.text(id, key: "id"), "edit"]
        case .classCancel(let id): ["classes", SiteURL.text(id, key: "id"), "cancel"]
        case .classAttendance(let id): ["classes", SiteURL.text(id, key: "id"), "attendance"]
        case .classRosterCSV(let id): ["classes", SiteURL.text(id, key: "id"), "roster.csv"]
        case .settings: ["settings"]
        case .settingsLogo: ["settings", "logo"]
        case .settingsLogoRemove: ["settings", "logo", "remove"]
        case .clients: ["clients"]
        case .client(let id): ["clients", SiteURL.text(id, key: "id")]
        case .clientEdit(let id): ["clients", SiteURL.text(id, key: "id"), "edit"]
        case .users: ["users"]
        case .user(let id): ["users", SiteURL.text(id, key: "id")]
        case .apiKeys: ["api-keys"]
        case .apiKeyRevoke(let id): ["api-keys", SiteURL.text(id, key: "id"), "revoke"]
        case .business: ["business"]
        }
    }
}
