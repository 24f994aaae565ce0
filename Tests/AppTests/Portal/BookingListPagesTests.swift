import Fluent
import Foundation
import Testing
import VaporTesting

@testable import App

/// The portal's bookings list (issue 22): the admin API's filters as a form, a CSV of exactly what
/// the filter finds, staff limited to their own bookings, and unreadable filters said beside the field.
@Suite("Portal bookings list")
struct BookingListPagesTests {
    @Test func filtersPageAndDownloadWhatTheyShow() async throws {
        try await withTestApp { app in
            let salon = try await Salon.make(app)
            try await PortalLogin.user(app, tenant: salon.tenant.id, email: "owner@salon.example")
            try await PortalLogin.user(
                app, tenant: salon.tenant.id, email: "sam@salon.example", role: .staff, staff: salon.sam.id)
            let owner = try await PortalLogin.signIn(app, slug: "salon", email: "owner@salon.example")
            let sam = try await PortalLogin.signIn(app, slug: "salon", email: "sam@salon.example")
            _ = try await PortalFixtures.booking(
                app, salon, start: "2026-12-01T09:00:00Z", staff: salon.alex, email: "ana@example.com")
            _ = try await PortalFixtures.booking(
                app, salon, start: "2026-12-02T09:00:00Z", staff: salon.sam, email: "bo@example.com")
            _ = try await PortalFixtures.booking(
                app, salon, start: "2026-12-03T09:00:00Z", staff: salon.alex, email: "cy@example.com")

            let all = try await app.page("/t/salon/admin/bookings", headers: ["Cookie": owner])
            #expect(all.status == .ok && all.main.contains("3 bookings"))
            let filtered = try await app.page(
                "/t/salon/admin/bookings?from=2026-12-02&to=2026-12-03&staff=&status=&service=&q=", headers: ["Cookie": owner])
            #expect(
                filtered.main.contains("2 bookings") && filtered.main.contains("Wed 2 Dec")
                    && !filtered.main.contains("Tue 1 Dec"))
            let csvLink = try #require(
                filtered.main.range(of: "href=\"/t/salon/admin/bookings.csv?[^\"]*\"", options: .regularExpression))
            let href = String(filtered.main[csvLink].dropFirst(6).dropLast())
            let csv = try await app.page(href, headers: ["Cookie": owner])
            #expect(csv.status == .ok && csv.headers.contentType?.subType == "csv")
            let lines = csv.body.string.split(separator: "\r\n")
            #expect(lines.count == 3)  // the header and the two rows the page shows
            #expect(lines.dropFirst().allSatisfy { $0.contains("2026-12-02") || $0.contains("2026-12-03") })

            let byClient = try await app.page("/t/salon/admin/bookings?q=cy%40example", headers: ["Cookie": owner]).main
            #expect(byClient.contains("1 booking") && byClient.contains("Thu 3 Dec"))

            // Sam sees Sam's booking, whatever the address asks for.
            let mine = try await app.page("/t/salon/admin/bookings?staff=\(salon.alex.id!)", headers: ["Cookie": sam]).main
            #expect(mine.contains("1 booking") && mine.contains("Wed 2 Dec") && !mine.contains("id=\"staff\""))
            let mineCSV = try await app.page("/t/salon/admin/bookings.csv", headers: ["Cookie": sam]).body.string
            #expect(mineCSV.contains("bo@example.com") && !mineCSV.contains("ana@example.com"))

            let bad = try await app.page("/t/salon/admin/bookings?from=monday&q=x", headers: ["Cookie": owner])
            #expect(bad.status == .unprocessableEntity && bad.main.contains("This must be a date like 2026-12-01"))
            #expect(bad.main.contains("value=\"x\""))
        }
    }
}
