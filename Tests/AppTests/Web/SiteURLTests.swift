import Foundation
import Testing
import VaporTesting

@testable import App

/// Routes and links come from one type (`SiteURL`): every route is one of its paths and every path
/// is routed, and every link the pages, redirects and emails build lands on a route.
@Suite("Typed links")
struct SiteURLTests {
    /// Every path `SiteURL` names, with parameters as keys. A route registered without a case here
    /// fails `everyRouteIsASiteURLAndEverySiteURLIsRouted`.
    static let every: [SiteURL] = [
        .instance(.health), .instance(.healthReady), .instance(.metrics), .instance(.openAPI), .instance(.asset(.key)),
        .home, .privacy, .terms, .theme, .book, .bookDetails, .bookChangeTime, .sessions, .session(.key),
        .manage(.key), .manageCalendar(.key), .manageCancel(.key), .manageReschedule(.key), .manageRescheduleConfirm(.key),
        .myBookings, .myBookingsList(.key),
        .api(.tenant), .api(.services), .api(.staff), .api(.slots), .api(.bookings), .api(.booking(.key)),
        .api(.bookingCancel(.key)),
        .api(.bookingReschedule(.key)), .api(.sessions), .api(.session(.key)), .api(.sessionEnrollments(.key)),
        .api(.enrollment(.key)), .api(.enrollmentCancel(.key)),
        .api(.admin(.services)), .api(.admin(.service(.key))), .api(.admin(.staff)), .api(.admin(.staffMember(.key))),
        .api(.admin(.staffHours(.key))), .api(.admin(.openingHours)), .api(.admin(.closures)), .api(.admin(.closure(.key))),
        .api(.admin(.settings)), .api(.admin(.bookings)), .api(.admin(.booking(.key))), .api(.admin(.bookingsCSV)),
        .api(.admin(.sessions)), .api(.admin(.session(.key))), .api(.admin(.sessionCancel(.key))),
        .api(.admin(.sessionEnrollments(.key))), .api(.admin(.sessionEnrollmentsCSV(.key))), .api(.admin(.outbox)),
        .api(.admin(.sessionCancelSeries(.key))), .api(.admin(.sessionAttendance(.key))),
        .api(.admin(.outboxRetry(.key))), .api(.admin(.apiKeys)), .api(.admin(.apiKey(.key))),
        .portal(.today), .portal(.signIn), .portal(.signOut), .portal(.booking(.key)), .portal(.bookingStatus(.key)),
        .portal(.bookingCancel(.key)), .portal(.messageRetry(.key)), .portal(.activity),
        .portal(.calendar), .portal(.calendarWeek), .portal(.phoneIn), .portal(.bookings), .portal(.bookingsCSV),
        .portal(.bookingReschedule(.key)), .portal(.bookingNotes(.key)), .portal(.forgotPassword), .portal(.resetPassword(.key)),
        .portal(.acceptInvitation(.key)), .portal(.account),
        .portal(.services), .portal(.newService), .portal(.service(.key)), .portal(.serviceRemove(.key)), .portal(.staff),
        .portal(.newStaff), .portal(.staffMember(.key)), .portal(.staffRemove(.key)), .portal(.staffHours(.key)),
        .portal(.openingHours), .portal(.timeOff), .portal(.timeOffRemove(.key)),
        .portal(.classes), .portal(.newClass), .portal(.classPage(.key)), .portal(.classEdit(.key)), .portal(.classCancel(.key)),
        .portal(.classAttendance(.key)), .portal(.classRosterCSV(.key)), .portal(.settings), .portal(.settingsLogo),
        .portal(.settingsLogoRemove), .logo(.key), .api(.admin(.logo)), .portal(.clients), .portal(.client(.key)),
        .portal(.clientEdit(.key)), .calendarFeed(.key), .portal(.accountFeed), .portal(.accountFeedStop), .portal(.business),
        .portal(.users),
        .portal(.user(.key)), .portal(.apiKeys), .portal(.apiKeyRevoke(.key)),
    ]

    static func pattern(_ components: [PathComponent]) -> String { "/" + components.map(\.description).joined(separator: "/") }

    @Test func everyRouteIsASiteURLAndEverySiteURLIsRouted() async throws {
        try await withTestApp { app in
            let routed = Set(app.routes.all.map { Self.pattern($0.path) })
            var named = Set<String>()
            for url in Self.every {
                named.insert(Self.pattern(url.pathComponents))
                if url.isTenantPath { named.insert(Self.pattern(TenantMiddleware.pathPrefix + url.pathComponents)) }
            }
            #expect(routed.subtracting(named).isEmpty, "routes not named by SiteURL: \(routed.subtracting(named).sorted())")
            #expect(named.subtracting(routed).isEmpty, "SiteURL paths without a route: \(named.subtracting(routed).sorted())")
        }
    }

    @Test func linksCarryTheirBaseAndEncodeTheirQuery() {
        let token = "abc_DEF-123"
        #expect(SiteURL.home.relative(base: "") == "/")
        #expect(SiteURL.home.relative(base: "/t/salon") == "/t/salon/")
        #expect(
            SiteURL.manage(.value(token)).relative(base: "/t/salon", query: [("done", "booked")])
                == "/t/salon/manage/abc_DEF-123?done=booked")
        #expect(
            SiteURL.book.relative(base: "", query: [("service", "x"), ("staff", nil), ("date", "2026-12-01")])
                == "/book?service=x&date=2026-12-01")
        #expect(
            SiteURL.bookDetails.relative(base: "", query: [("start", "2026-12-01T09:00:00Z"), ("q", "a&b=c+d")])
                == "/book/details?start=2026-12-01T09:00:00Z&q=a%26b%3Dc%2Bd")
        #expect(
            SiteURL.myBookingsList(.value(token)).absolute(publicBase: "https://book.example", tenantSlug: "salon")
                == "https://book.example/t/salon/my-bookings/abc_DEF-123")
        #expect(SiteURL.api(.admin(.booking(.key))).path == "/api/v1/admin/bookings/:id")
    }

    @Test func aLinkStemMakesTheLinksRelativeMakes() {
        let shared: [(String, String?)] = [("service", "x y"), ("staff", nil)]
        for base in ["", "/t/salon"] {
            for own in [[], [("date", "2026-12-01")], [("from", nil), ("start", "2026-12-01T09:00:00Z"), ("q", "a&b")]] {
                #expect(
                    SiteURL.book.stem(base: base, query: shared).with(own)
                        == SiteURL.book.relative(base: base, query: shared + own))
                #expect(
                    SiteURL.bookDetails.stem(base: base, query: []).with(own)
                        == SiteURL.bookDetails.relative(base: base, query: own))
            }
        }
    }

    @Test func queryValuesAreEncodedAsFoundationWouldEncodeThem() {
        let allowed = CharacterSet.urlQueryAllowed.subtracting(CharacterSet(charactersIn: "&=+#"))
        let samples = [
            "", "plain", "2026-12-01T09:00:00Z", "a b", "a&b=c+d#e", "100%", "Zoë & Émile", "日本", "emoji 🙂",
            "!$'()*,;:@/?~._-", "\"<>[]{}|\\^`", "\u{0}\n\t",
        ]
        for sample in samples {
            #expect(SiteURL.encodeQueryValue(sample) == sample.addingPercentEncoding(withAllowedCharacters: allowed), "\(sample)")
        }
    }

    /// Every link and form action on the pages a client walks through (booking, managing, classes,
    /// my bookings), at the root and under `/t/<slug>/`, and the manage link of an email, is a route.
    @Test func everyLinkOnThePagesRoutes() async throws {
        try await withTestApp { app in
            let salon = try await Salon.make(app)
            let studio = try await Factory.tenant(app, slug: "studio", kind: .sessions)
            let yoga = try await StudioFactory.session(app, tenant: studio, capacity: 5)
            let service = salon.service.id!.uuidString.lowercased()
            let created = try await app.send(
                .POST, "api/v1/bookings", headers: salon.tenant.headers, json: salon.bookingBody(start: "2026-12-01T10:00:00Z"))
            let token = try #require(created.json["manageToken"] as? String)
            let session = yoga.id!.uuidString.lowercased()
            var links = Set<String>()
            for base in ["/t/\(salon.tenant.slug)", ""] {
                let headers: HTTPHeaders = base.isEmpty ? salon.tenant.headers : [:]
                for page in [
                    "/", "/book", "/book?service=\(service)", "/book?service=\(service)&staff=any",
                    "/book/details?service=\(service)&staff=any&start=2026-12-01T11:00:00Z", "/manage/\(token)",
                    "/manage/\(token)/reschedule", "/manage/\(token)/reschedule/confirm?start=2026-12-01T11:00:00Z",
                    "/manage/\(token)/cancel",
                    "/my-bookings", "/privacy", "/terms",
                ] {
                    let response = try await app.page(String((base + page).dropFirst()), headers: headers)
                    #expect(response.status == .ok, "\(base + page)")
                    links.formUnion(Self.links(in: response.body.string))
                }
                let studioHeaders: HTTPHeaders = base.isEmpty ? studio.headers : [:]
                let studioBase = base.isEmpty ? "" : "/t/\(studio.slug)"
                for page in ["/", "/sessions", "/sessions/\(session)"] {
                    let response = try await app.page(String((studioBase + page).dropFirst()), headers: studioHeaders)
                    #expect(response.status == .ok, "\(studioBase + page)")
                    links.formUnion(Self.links(in: response.body.string))
                }
            }
            let facts = try #require(
                try await SubjectFacts.load(
                    booking: (created.json["id"] as? String).flatMap(UUID.init(uuidString:)), enrollment: nil,
                    tenant: salon.tenant.id,
                    on: app.db))
            let emailed = facts.manageURL(
                base: app.config.publicBaseURL, tenantSlug: salon.tenant.slug,
                tokens: try await app.services.manageTokens(on: app.db))
            links.insert(String(emailed.dropFirst(app.config.publicBaseURL.count)))
            #expect(links.count > 30, "\(links.sorted())")
            let routes = app.routes.all.map(\.path)
            let unrouted = links.filter { link in !routes.contains { Self.matches(link, $0) } }
            #expect(unrouted.isEmpty, "links without a route: \(unrouted.sorted())")
        }
    }

    /// The site's own links in `href`, `action` and `src` attributes, without their query.
    static func links(in html: String) -> Set<String> {
        let pattern = /(?:href|action|src)="(\/[^"#?]*)/
        return Set(html.matches(of: pattern).map { String($0.output.1) })
    }

    static func matches(_ link: String, _ route: [PathComponent]) -> Bool {
        let parts = link.split(separator: "/").map(String.init)
        guard parts.count == route.count else { return false }
        return zip(parts, route).allSatisfy { part, component in
            switch component {
            case .constant(let value): value == part
            case .parameter: !part.isEmpty
            case .anything, .catchall: true
            }
        }
    }
}
