import App
import Foundation
import Vapor

/// `booking bench pages`: the website's pages over HTTP (Leaf rendering included), against
/// `BenchFixtures.slotsTenant` (10 staff, 20 services, 2,000 bookings over 30 days, SQLite). The
/// day-and-time step is the heavy one: four weeks of free times for "anyone available" are read to
/// list the days, and the first free day's times are grouped and rendered.
public enum PagesBenchmark {
    public struct Options: Sendable {
        public var iterations = 300
        public var port = 18_091
        public init() {}
    }

    public static func run(_ options: Options, print: @Sendable (String) -> Void) async throws {
        try await BenchApp.withFreshSQLite(port: options.port) { app in
            // A sign-in answers 303 with its cookie; following it would measure the next page instead.
            app.http.client.configuration.redirectConfiguration = .disallow
            let built = try await BenchFixtures.slotsTenant(on: app, now: app.clock.now())
            print("setup: tenant with 10 staff, 20 services, \(built.bookings) bookings, 10 closures")
            let portal = try await BenchFixtures.portalDay(built, on: app, now: app.clock.now())
            print("setup: portal owner signed in; day view of \(portal.date), its busiest day: \(portal.bookings) bookings")
            try await BenchApp.serving(app, port: options.port) {
                try await measure(app: app, built: built, options: options, print: print)
                try await measurePortal(app: app, built: built, portal: portal, options: options, print: print)
            }
        }
    }

    private static func measure(
        app: Application, built: BenchFixtures.SlotsTenant, options: Options, print: @Sendable (String) -> Void
    )
        async throws
    {
        let base = "http://127.0.0.1:\(options.port)/t/\(built.slug)"
        let pages: [(name: String, path: String)] = [
            ("page_home", "/"),
            ("page_book_day_and_time_any_staff", "/book?service=\(built.serviceID)&staff=any"),
            ("page_book_chosen_day", "/book?service=\(built.serviceID)&staff=any&date=\(built.to)"),
            ("page_my_bookings_form", "/my-bookings"),
        ]
        for page in pages {
            var stats = LatencyStats()
            var bytes = 0
            for round in 0..<(options.iterations + 20) {
                let (response, ms) = try await LatencyStats.time { try await app.client.get(URI(string: base + page.path)) }
                guard response.status == .ok else {
                    throw Abort(.internalServerError, reason: "\(page.path) answered \(response.status)")
                }
                bytes = response.body?.readableBytes ?? 0
                if round >= 20 { stats.record(ms) }
            }
            print(stats.line(page.name, extra: "bytes=\(bytes)"))
        }
    }

    /// The calendar's day view (every staff member side by side) for a signed-in owner, and what a
    /// sign-in costs (one bcrypt at cost 12, on the thread pool).
    private static func measurePortal(
        app: Application, built: BenchFixtures.SlotsTenant, portal: BenchFixtures.PortalDay, options: Options,
        print: @Sendable (String) -> Void
    ) async throws {
        let base = "http://127.0.0.1:\(options.port)/t/\(built.slug)"
        var stats = LatencyStats()
        var bytes = 0
        for round in 0..<(options.iterations + 20) {
            let (response, ms) = try await LatencyStats.time {
                try await app.client.get(
                    URI(string: base + "/admin/calendar?date=\(portal.date)"), headers: ["Cookie": portal.cookie])
            }
            guard response.status == .ok else {
                throw Abort(.internalServerError, reason: "day view answered \(response.status)")
            }
            bytes = response.body?.readableBytes ?? 0
            if round >= 20 { stats.record(ms) }
        }
        print(stats.line("page_portal_day_view", extra: "bytes=\(bytes) bookings=\(portal.bookings)"))

        let formToken = String(repeating: "b", count: 43)
        var signIn = LatencyStats()
        for _ in 0..<20 {
            let (response, ms) = try await LatencyStats.time {
                try await app.client.post(
                    URI(string: base + "/admin/sign-in"), headers: ["Cookie": "nbne_csrf=\(formToken)"]
                ) { request in
                    try request.content.encode(
                        ["email": portal.email, "password": portal.password, "_csrf": formToken], as: .urlEncodedForm)
                }
            }
            guard response.status == .seeOther else {
                throw Abort(.internalServerError, reason: "sign-in answered \(response.status)")
            }
            signIn.record(ms)
        }
        print(signIn.line("portal_sign_in", extra: "bcrypt_cost=\(AppConfig.defaultPasswordHashCost)"))
    }
}
