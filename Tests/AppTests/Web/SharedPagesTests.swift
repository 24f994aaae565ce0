import Fluent
import Foundation
import NIOCore
import Testing
import VaporTesting

@testable import App

@Suite("Shared pages: rendered once per distinct content, never stale")
struct SharedPagesTests {
    /// A shared page for the memo alone (no template needed).
    struct Fixture: SharedPage {
        let site: SiteContext
        let text: String
    }

    func site(csrf: String = "") -> SiteContext {
        SiteContext(
            name: "Salon", logoURL: nil, base: "/t/salon", themeURL: "", cssURL: "", jsURL: "", csrf: csrf,
            offersAppointments: true, offersSessions: false, title: "Salon", links: .init(base: "/t/salon"))
    }

    @Test func anEqualValueIsServedTheKeptBytesAndAnotherValueIsRendered() async throws {
        let pages = RenderedPages()
        let renders = Counter()
        func body(_ text: String) async throws -> String {
            var buffer = try await pages.body(template: "t", page: Fixture(site: site(), text: text)) {
                renders.add()
                return ByteBuffer(string: "<p>\(text)</p>")
            }.body
            return buffer.readString(length: buffer.readableBytes) ?? ""
        }
        #expect(try await body("a") == "<p>a</p>")
        #expect(try await body("a") == "<p>a</p>")
        #expect(renders.value == 1, "the second equal value is not rendered again")
        #expect(try await body("b") == "<p>b</p>")
        #expect(renders.value == 2, "a changed value is rendered")
        var other = try await pages.body(template: "other", page: Fixture(site: site(), text: "a")) {
            renders.add()
            return ByteBuffer(string: "other")
        }.body
        #expect(other.readString(length: other.readableBytes) == "other", "the template is part of the key")
    }

    @Test func pastTheBudgetTheLeastRecentlyUsedPagesGo() async throws {
        let pages = RenderedPages(budget: 8_000)
        let renders = Counter()
        func touch(_ n: Int) async throws {
            _ = try await pages.body(template: "t", page: Fixture(site: site(), text: "\(n)")) {
                renders.add()
                return ByteBuffer(string: String(repeating: "x", count: 900))
            }
        }
        for n in 0..<8 { try await touch(n) }
        try await touch(0)  // page 0 is now the most recently used
        #expect(pages.usage.pages == 8 && pages.usage.bytes == 7_200)
        try await touch(8)  // 8,100 bytes: over budget, the oldest quarter goes
        #expect(pages.usage.bytes <= 8_000)
        let before = renders.value
        try await touch(0)
        #expect(renders.value == before, "the page used last before the overflow was kept")
        try await touch(1)
        #expect(renders.value == before + 1, "the least recently used page was dropped")
        _ = try await pages.body(template: "t", page: Fixture(site: site(), text: "huge")) {
            ByteBuffer(string: String(repeating: "x", count: 1_001))
        }
        #expect(pages.usage.bytes <= 8_000, "a page over an eighth of the budget is never kept")
    }

    @Test func aPageCarryingAFormTokenIsRefused() async throws {
        try await withTestApp { app in
            let req = Request(application: app, on: app.eventLoopGroup.next())
            await #expect(throws: Abort.self) {
                _ = try await req.renderShared("public/home", Fixture(site: site(csrf: Pages.formToken), text: ""))
            }
        }
    }

    @Test func aSharedFormPageGetsEachVisitorsTokenAndAFreshOneTimeID() async throws {
        try await withTestApp { app in
            let studio = try await Factory.tenant(app, slug: "studio", kind: .sessions)
            let session = try await StudioFactory.session(app, tenant: studio, capacity: 3)
            let other = String(repeating: "z", count: 43)
            func fields(_ cookie: String) async throws -> (token: String, once: String) {
                let html = try await app.send(
                    .GET, "t/studio/sessions/\(session.id!)", headers: ["Cookie": "\(CSRFProtection.cookieName)=\(cookie)"]
                ).body.string
                #expect(!html.contains("shared-page-form"), "no placeholder is ever sent")
                let token = try #require(html.firstMatch(of: /name="_csrf" value="([^"]+)"/)).1
                let once = try #require(html.firstMatch(of: /name="_once" value="([^"]+)"/)).1
                return (String(token), String(once))
            }
            let first = try await fields(Pages.formToken)
            let second = try await fields(other)
            let third = try await fields(Pages.formToken)
            #expect(first.token == Pages.formToken && second.token == other && third.token == Pages.formToken)
            #expect(Set([first.once, second.once, third.once]).count == 3, "every response has its own one-time id")
            let enrolled = try await app.postForm(
                "t/studio/sessions/\(session.id!)",
                [("name", "Ana"), ("email", "ana@example.com"), ("consent", "on"), ("_once", third.once)])
            #expect(enrolled.status == .seeOther, "the form of a shared page is accepted")
        }
    }

    @Test func placeholdersAreReplacedWhereverTheyStand() {
        let body = ByteBuffer(
            string:
                "a\(RenderedPages.formTokenPlaceholder)b\(RenderedPages.formIDPlaceholder)c\(RenderedPages.formIDPlaceholder)s")
        var ids = ["AAAAAAAAAAAAAAAAAAAAAA", "BBBBBBBBBBBBBBBBBBBBBB"].makeIterator()
        var out = RenderedPages.personalised(RenderedPages.Kept(body), formToken: Pages.formToken, newFormID: { ids.next()! })
        #expect(
            out.readString(length: out.readableBytes)
                == "a\(Pages.formToken)bAAAAAAAAAAAAAAAAAAAAAAcBBBBBBBBBBBBBBBBBBBBBBs")
        // Found once, when kept: a page without a form has none and is sent as it is.
        #expect(RenderedPages.Kept(body).placeholders.map(\.offset) == [1, 45, 68])
        #expect(RenderedPages.Kept(ByteBuffer(string: "<p>shared-page-form</p>s")).placeholders.isEmpty)
    }

    /// A class starting within the tenant's minimum notice can no longer be booked online: the list
    /// and the home page say so instead of offering its places, and its page says whom to contact.
    @Test func aClassInsideTheMinimumNoticeIsShownClosedToOnlineBooking() async throws {
        try await withTestApp { app in
            let studio = try await Factory.tenant(app, slug: "studio", kind: .sessions, minNoticeMinutes: 120)
            let soon = try await StudioFactory.session(app, tenant: studio, capacity: 3, start: "2026-11-30T09:30:00Z")
            _ = try await StudioFactory.session(app, tenant: studio, capacity: 3, start: "2026-11-30T10:30:00Z")
            let list = try await app.page("t/studio/sessions").main
            #expect(list.contains("Online booking closed") && list.contains("3 places left"))
            #expect(list.components(separatedBy: "places left").count == 2, "only the later class offers places")
            #expect(try await app.page("t/studio/").main.contains("Online booking closed"))
            #expect(try await app.page("t/studio/sessions/\(soon.id!)").main.contains("starts too soon to book online"))
        }
    }

    @Test func theClassListShowsEachNewEnrolmentAndTheDayPageEachNewBooking() async throws {
        try await withTestApp { app in
            let studio = try await Factory.tenant(app, slug: "studio", kind: .sessions)
            let session = try await StudioFactory.session(app, tenant: studio, capacity: 3)
            #expect(try await app.page("t/studio/sessions").main.contains("3 places left"))
            #expect(try await app.page("t/studio/sessions").main.contains("3 places left"))
            let enrolled = try await app.send(
                .POST, "api/v1/sessions/\(session.id!)/enrollments", headers: studio.headers,
                json: ["client": ["name": "Ana", "email": "ana@example.com"], "consent": true])
            #expect(enrolled.status == .created)
            let after = try await app.page("t/studio/sessions").main
            #expect(after.contains("2 places left") && !after.contains("3 places left"))
            #expect(!(try await app.page("t/studio/sessions").body.string.contains(Pages.formToken)))

            let salon = try await Salon.make(app)
            let day = "t/salon/book?service=\(salon.service.id!)&staff=\(salon.alex.id!)&date=2026-12-03"
            let first = try await app.page(day).main
            let start = String(try #require(first.firstMatch(of: /data-start="([^"]+)"/)).1)
            #expect(try await app.page(day).main == first)
            let booked = try await app.send(
                .POST, "api/v1/bookings", headers: salon.tenant.headers, json: salon.bookingBody(start: start, staff: salon.alex))
            #expect(booked.status == .created)
            let again = try await app.page(day).main
            #expect(!again.contains("data-start=\"\(start)\""), "the time just booked is gone from the day page")
        }
    }
}

/// Counts calls from a `@Sendable` closure.
final class Counter: @unchecked Sendable {
    private let lock = NSLock()
    private var count = 0
    func add() { lock.withLock { count += 1 } }
    var value: Int { lock.withLock { count } }
}
