import Fluent
import Foundation
import Testing
import VaporTesting

@testable import App

/// Private calendar feeds (issue 23): a staff member's own bookings and classes, an owner's whole
/// business, clients by first name only, cancellations kept as CANCELLED with a higher SEQUENCE,
/// and an address that stops when replaced, stopped or its user deactivated.
@Suite("Calendar feeds")
struct CalendarFeedTests {
    private func feedURL(_ page: TestingHTTPResponse) throws -> String {
        let match = try #require(
            page.main.firstMatch(of: /<code>https?:\/\/[^<]*(\/t\/salon\/feeds\/[A-Za-z0-9_-]{43}\/calendar\.ics)<\/code>/))
        return String(match.1)
    }

    @Test func aStaffFeedShowsTheirBookingsWithFirstNamesAndFollowsChanges() async throws {
        try await withTestApp { app in
            let salon = try await Salon.make(app)
            let samUser = try await PortalLogin.user(
                app, tenant: salon.tenant.id, email: "sam@salon.example", role: .staff, staff: salon.sam.id)
            try await PortalLogin.user(app, tenant: salon.tenant.id, email: "owner@salon.example")
            let sam: HTTPHeaders = ["Cookie": try await PortalLogin.signIn(app, slug: "salon", email: "sam@salon.example")]
            let owner: HTTPHeaders = ["Cookie": try await PortalLogin.signIn(app, slug: "salon", email: "owner@salon.example")]
            let mine = try await PortalFixtures.booking(app, salon, start: "2026-12-02T10:00:00Z", staff: salon.sam)
            let theirs = try await PortalFixtures.booking(
                app, salon, start: "2026-12-02T11:00:00Z", staff: salon.alex, email: "bo@example.com")

            let made = try await app.postForm("/t/salon/admin/account/calendar-feed", [], headers: sam)
            #expect(made.status == .ok && made.main.contains("shown only this once") && made.main.contains("webcal://"))
            let url = try feedURL(made)
            let feed = try await app.page(url)
            #expect(feed.status == .ok && feed.headers.first(name: .contentType) == "text/calendar; charset=utf-8")
            let text = feed.body.string
            #expect(text.hasPrefix("BEGIN:VCALENDAR\r\n") && text.hasSuffix("END:VCALENDAR\r\n"))
            #expect(text.contains("UID:booking-\(mine.uuidString.lowercased())@"))
            #expect(!text.contains(theirs.uuidString.lowercased()), "another staff member's booking is not in Sam's feed")
            #expect(text.contains("SUMMARY:\(salon.service.name) – Ana") && !text.contains("Silva"))
            #expect(!text.contains("ana@example.com") && !text.contains("7700"), "no email or phone in a feed")
            #expect(text.contains("DTSTART:20261202T100000Z"))
            let account = try await app.page("/t/salon/admin/account", headers: sam).main
            #expect(account.contains("An address is in use"))
            #expect(!account.contains(url), "shown once")

            let before = try #require(text.firstMatch(of: /SEQUENCE:(\d+)/).map { Int($0.1)! })
            try await Task.sleep(for: .milliseconds(1100))
            let cancelled = try await app.postForm(
                "/t/salon/admin/bookings/\(mine.uuidString.lowercased())/cancel", [("message", "")], headers: owner)
            #expect(cancelled.status == .seeOther)
            let after = try await app.page(url).body.string
            #expect(after.contains("STATUS:CANCELLED"))
            let sequence = try #require(after.firstMatch(of: /SEQUENCE:(\d+)/).map { Int($0.1)! })
            #expect(sequence > before, "the change raises SEQUENCE")

            // A new address stops the old one; stopping or deactivating stops it too.
            let again = try await app.postForm("/t/salon/admin/account/calendar-feed", [], headers: sam)
            let second = try feedURL(again)
            #expect(try await app.page(url).status == .notFound)
            #expect(try await app.page(second).status == .ok)
            let samRow = try #require(try await User.find(samUser.userID, on: app.db))
            samRow.active = false
            try await samRow.update(on: app.db)
            #expect(try await app.page(second).status == .notFound)
            samRow.active = true
            try await samRow.update(on: app.db)
            #expect(try await app.page(second).status == .ok)
            _ = try await app.postForm("/t/salon/admin/account/calendar-feed/stop", [], headers: sam)
            #expect(try await app.page(second).status == .notFound)
            #expect(try await app.page("/t/salon/feeds/\(String(repeating: "a", count: 43))/calendar.ics").status == .notFound)
        }
    }

    @Test func anOwnersFeedShowsTheWholeBusinessAndItsClasses() async throws {
        try await withTestApp { app in
            let salon = try await Salon.make(app)
            try await PortalLogin.user(app, tenant: salon.tenant.id, email: "owner@salon.example")
            let owner: HTTPHeaders = ["Cookie": try await PortalLogin.signIn(app, slug: "salon", email: "owner@salon.example")]
            _ = try await PortalFixtures.booking(app, salon, start: "2026-12-02T10:00:00Z", staff: salon.sam)
            _ = try await PortalFixtures.booking(
                app, salon, start: "2026-12-02T11:00:00Z", staff: salon.alex, email: "bo@example.com")
            let session = try await StudioFactory.session(app, tenant: salon.tenant, capacity: 8)
            let url = try feedURL(try await app.postForm("/t/salon/admin/account/calendar-feed", [], headers: owner))
            let text = try await app.page(url).body.string
            #expect(text.components(separatedBy: "BEGIN:VEVENT").count - 1 == 3)
            #expect(text.contains("(Sam)") && text.contains("(Alex)"))
            #expect(text.contains("UID:class-\(session.id!.uuidString.lowercased())@") && text.contains("SUMMARY:Yoga (0 of 8)"))
            #expect(text.contains("LOCATION:Studio 1"))
        }
    }
}
