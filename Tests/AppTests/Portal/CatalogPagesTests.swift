import Fluent
import Foundation
import Testing
import VaporTesting

@testable import App

/// The portal's services, staff and hours pages (issue 23): what a form saves is what the admin
/// API answers afterwards, refused input changes nothing and keeps what was typed, and only owners
/// reach them.
@Suite("Portal catalog pages")
struct CatalogPagesTests {
    private func owner(_ app: Application, _ salon: Salon) async throws -> HTTPHeaders {
        try await PortalLogin.user(app, tenant: salon.tenant.id, email: "owner@salon.example")
        return ["Cookie": try await PortalLogin.signIn(app, slug: "salon", email: "owner@salon.example")]
    }

    /// Sam, signed in as a staff member with his own calendar.
    private func staffSam(_ app: Application, _ salon: Salon) async throws -> HTTPHeaders {
        try await PortalLogin.user(app, tenant: salon.tenant.id, email: "sam@salon.example", role: .staff, staff: salon.sam.id)
        return ["Cookie": try await PortalLogin.signIn(app, slug: "salon", email: "sam@salon.example")]
    }

    @Test func aServiceAddedThroughTheFormIsWhatTheAPIAnswers() async throws {
        try await withTestApp { app in
            let salon = try await Salon.make(app)
            let owner = try await owner(app, salon)
            let form: [(String, String)] = [
                ("name", "  Wash & style "), ("description", "Shampoo,\nthen a style."), ("durationMinutes", "40"),
                ("price", "£27.5"), ("bufferBeforeMinutes", "5"), ("bufferAfterMinutes", "10"), ("minNoticeMinutes", "60"),
                ("slotIntervalMinutes", ""), ("maxAdvanceDays", ""), ("staff[]", salon.sam.id!.uuidString.lowercased()),
                ("active", "yes"), ("_once", "service-form-0000001"),
            ]
            let created = try await app.postForm("/t/salon/admin/services/new", form, headers: owner)
            #expect(created.status == .seeOther && created.location.hasSuffix("?done=created"))
            // Sent again (a double tap): still one service, and the same page.
            let again = try await app.postForm("/t/salon/admin/services/new", form, headers: owner)
            #expect(again.location == created.location)
            #expect(try await Service.query(on: app.db).filter(\.$name == "Wash & style").count() == 1)

            let id = String(created.location.split(separator: "/").last!.split(separator: "?").first!)
            let api = try await app.send(.GET, "api/v1/admin/services/\(id)", headers: salon.tenant.adminHeaders).json
            #expect(api["name"] as? String == "Wash & style")
            #expect(api["description"] as? String == "Shampoo,\nthen a style.")
            #expect(api["durationMinutes"] as? Int == 40 && api["priceCents"] as? Int == 2750)
            #expect(api["bufferBeforeMinutes"] as? Int == 5 && api["bufferAfterMinutes"] as? Int == 10)
            #expect(api["minNoticeMinutes"] as? Int == 60 && api["slotIntervalMinutes"] == nil && api["active"] as? Bool == true)
            #expect(api["staff"] as? [String] == [salon.sam.id!.uuidString])
            // The public site offers it at once.
            let home = try await app.page("/t/salon/")
            #expect(home.body.string.contains("Wash &amp; style"))

            // The edit form shows it as stored; emptying the notice override gives it back to the business.
            let edit = try await app.page(created.location, headers: owner)
            #expect(edit.main.contains("value=\"27.50\"") && edit.main.contains("The service is added."))
            var changed = form.filter { $0.0 != "_once" && $0.0 != "minNoticeMinutes" && $0.0 != "active" }
            changed.append(("minNoticeMinutes", " "))
            let saved = try await app.postForm("/t/salon/admin/services/\(id)", changed, headers: owner)
            #expect(saved.status == .seeOther && saved.location.hasSuffix("?done=saved"))
            let after = try await app.send(.GET, "api/v1/admin/services/\(id)", headers: salon.tenant.adminHeaders).json
            #expect(after["minNoticeMinutes"] == nil && after["active"] as? Bool == false)
            #expect(!(try await app.page("/t/salon/").body.string.contains("Wash &amp; style")), "no longer offered")
        }
    }

    @Test func refusedServiceInputChangesNothingAndKeepsWhatWasTyped() async throws {
        try await withTestApp { app in
            let salon = try await Salon.make(app)
            let owner = try await owner(app, salon)
            let before = try await Service.query(on: app.db).count()
            let refused = try await app.postForm(
                "/t/salon/admin/services/new",
                [
                    ("name", "Colour\u{202E}gnp"), ("durationMinutes", "forty"), ("price", "12.345"),
                    ("bufferBeforeMinutes", "500"), ("bufferAfterMinutes", "0"), ("maxAdvanceDays", "0"),
                    ("staff[]", UUID().uuidString),
                ], headers: owner)
            #expect(refused.status == .unprocessableEntity)
            let page = refused.main
            #expect(page.contains("Duration must be a whole number, like 30"))
            #expect(page.contains("Price must be an amount like 25 or 25.50"))
            #expect(page.contains("Time to prepare before must be between 0 and 240"))
            #expect(page.contains("Bookable ahead must be between 1 and 365"))
            #expect(page.contains("Name must not contain control characters"))
            #expect(page.contains("value=\"forty\"") && page.contains("value=\"12.345\""), "what was typed is kept")
            #expect(page.contains("<a href=\"#durationMinutes\">"), "the summary links to the field")
            #expect(try await Service.query(on: app.db).count() == before)

            // An edit refused leaves the stored service as it was.
            let id = salon.service.id!.uuidString.lowercased()
            let edit = try await app.postForm(
                "/t/salon/admin/services/\(id)",
                [
                    ("name", ""), ("durationMinutes", "30"), ("price", "10"), ("bufferBeforeMinutes", "0"),
                    ("bufferAfterMinutes", "0"),
                ],
                headers: owner)
            #expect(edit.status == .unprocessableEntity && edit.main.contains("Name must not be empty"))
            let stored = try #require(try await Service.find(salon.service.id, on: app.db))
            #expect(stored.name == salon.service.name && stored.durationMinutes == 60)
            #expect(try await StaffService.query(on: app.db).filter(\.$serviceID == salon.service.id!).count() == 2)
        }
    }

    @Test func aBookedServiceIsArchivedAndAnUnbookedOneDeleted() async throws {
        try await withTestApp { app in
            let salon = try await Salon.make(app)
            let owner = try await owner(app, salon)
            _ = try await PortalFixtures.booking(app, salon, start: "2026-12-01T10:00:00Z", staff: salon.alex)
            let archived = try await app.postForm(
                "/t/salon/admin/services/\(salon.service.id!.uuidString.lowercased())/remove", [], headers: owner)
            #expect(archived.status == .seeOther && archived.location.hasSuffix("?done=archived"))
            #expect(try await Service.find(salon.service.id, on: app.db)?.active == false)
            let list = try await app.page(archived.location, headers: owner)
            #expect(list.main.contains("no longer offered") && list.main.contains("Not offered"))

            let spare = try await Factory.service(app, tenant: salon.tenant, minutes: 30)
            let deleted = try await app.postForm(
                "/t/salon/admin/services/\(spare.id!.uuidString.lowercased())/remove", [], headers: owner)
            #expect(deleted.location.hasSuffix("?done=deleted"))
            #expect(try await Service.find(spare.id, on: app.db) == nil)
        }
    }

    @Test func staffAreEditedThroughTheFormAndOnlyOwnersReachThePages() async throws {
        try await withTestApp { app in
            let salon = try await Salon.make(app)
            let owner = try await owner(app, salon)
            let sam = try await staffSam(app, salon)
            let samID = salon.sam.id!.uuidString.lowercased()
            for path in ["services", "services/new", "staff", "staff/\(samID)", "staff/\(samID)/hours", "opening-hours"] {
                #expect(try await app.page("/t/salon/admin/\(path)", headers: sam).status == .forbidden, "\(path)")
            }
            #expect(
                try await app.postForm("/t/salon/admin/staff/\(samID)", [("name", "Hacked")], headers: sam).status == .forbidden)

            let refused = try await app.postForm(
                "/t/salon/admin/staff/\(samID)", [("name", "Sam"), ("email", "sam at salon")], headers: owner)
            #expect(refused.status == .unprocessableEntity && refused.main.contains("Email address must have exactly one @"))
            let saved = try await app.postForm(
                "/t/salon/admin/staff/\(samID)",
                [("name", "Samira Patel"), ("email", "Samira@Salon.example"), ("active", "yes")],
                headers: owner)
            #expect(saved.status == .seeOther)
            let api = try await app.send(.GET, "api/v1/admin/staff/\(samID)", headers: salon.tenant.adminHeaders).json
            #expect(api["name"] as? String == "Samira Patel" && api["email"] as? String == "samira@salon.example")
            #expect(api["services"] as? [String] == [], "no services ticked: performs none")

            let added = try await app.postForm(
                "/t/salon/admin/staff/new",
                [("name", "Jo"), ("services[]", salon.service.id!.uuidString.lowercased()), ("active", "yes")], headers: owner)
            #expect(added.status == .seeOther && added.location.contains("/admin/staff/"))
            let jo = try #require(try await Staff.query(on: app.db).filter(\.$name == "Jo").first())
            #expect(try await StaffService.query(on: app.db).filter(\.$staffID == jo.id!).count() == 1)
        }
    }

    @Test func theBusinessPagesAreOneEntryOfTheOwnersNavigation() async throws {
        try await withTestApp { app in
            let salon = try await Salon.make(app)
            let owner = try await owner(app, salon)
            let sam = try await staffSam(app, salon)
            let services = try await app.page("/t/salon/admin/services", headers: owner).body.string
            #expect(services.contains("<a href=\"/t/salon/admin/business\" aria-current=\"page\">Business</a>"))
            let hub = try await app.page("/t/salon/admin/business", headers: owner).main
            for path in ["services", "staff", "time-off", "settings", "users", "api-keys", "activity"] {
                #expect(hub.contains("href=\"/t/salon/admin/\(path)\""), "\(path)")
            }
            #expect(!(try await app.page("/t/salon/admin", headers: sam).body.string.contains("/admin/business")))
            #expect(try await app.page("/t/salon/admin/business", headers: sam).status == .forbidden)
        }
    }

    @Test func weeklyHoursSavedInTheEditorAreTheAPIsAndABadDayChangesNothing() async throws {
        try await withTestApp { app in
            let salon = try await Salon.make(app)
            let owner = try await owner(app, salon)
            let alex = salon.alex.id!.uuidString.lowercased()
            let path = "/t/salon/admin/staff/\(alex)/hours"
            let before = try await app.send(.GET, "api/v1/admin/staff/\(alex)/hours", headers: salon.tenant.adminHeaders).body
                .string

            let overlap = try await app.postForm(
                path,
                [
                    ("mon-open", "yes"), ("mon-1-start", "09:00"), ("mon-1-end", "13:00"), ("mon-2-start", "12:30"),
                    ("mon-2-end", "17:00"), ("tue-open", "yes"), ("do", "save"),
                ], headers: owner)
            #expect(overlap.status == .unprocessableEntity)
            #expect(overlap.main.contains("Monday: 09:00–13:00 and 12:30–17:00 overlap"))
            #expect(overlap.main.contains("Tuesday is open but has no hours"))
            #expect(overlap.main.contains("value=\"12:30\""), "what was typed is kept")
            let unchanged = try await app.send(.GET, "api/v1/admin/staff/\(alex)/hours", headers: salon.tenant.adminHeaders)
            #expect(unchanged.body.string == before)

            // Copy fills other days in the form, and saves nothing.
            let copied = try await app.postForm(
                path,
                [
                    ("mon-open", "yes"), ("mon-1-start", "09:00"), ("mon-1-end", "12:30"), ("mon-2-start", "13:30"),
                    ("mon-2-end", "00:00"), ("do", "copy"), ("copy-from", "mon"), ("copy-to-wed", "yes"), ("copy-to-fri", "yes"),
                ], headers: owner)
            #expect(copied.status == .ok && copied.main.contains("Copied Monday's hours to Wednesday and Friday. Not saved yet"))
            #expect(copied.main.contains("id=\"wed-2-start\" name=\"wed-2-start\" value=\"13:30\""))
            #expect(
                try await app.send(.GET, "api/v1/admin/staff/\(alex)/hours", headers: salon.tenant.adminHeaders).body.string
                    == before)

            let saved = try await app.postForm(
                path,
                [
                    ("mon-open", "yes"), ("mon-1-start", "9:00"), ("mon-1-end", "12:30"), ("mon-2-start", "13:30"),
                    ("mon-2-end", "00:00"), ("wed-open", "yes"), ("wed-1-start", "10:00"), ("wed-1-end", "16:00"),
                    ("thu-1-start", "10:00"), ("thu-1-end", "16:00"), ("do", "save"),
                ], headers: owner)
            #expect(saved.status == .seeOther && saved.location.hasSuffix("?done=saved"))
            let api = try await app.send(.GET, "api/v1/admin/staff/\(alex)/hours", headers: salon.tenant.adminHeaders).json
            #expect(api["mon"] as? [[String]] == [["09:00", "12:30"], ["13:30", "24:00"]])
            #expect(api["wed"] as? [[String]] == [["10:00", "16:00"]])
            #expect(api["thu"] == nil, "a day not ticked open is closed, whatever its times")
            #expect(api.count == 2)

            let opening = try await app.postForm(
                "/t/salon/admin/opening-hours", [("sat-open", "yes"), ("sat-1-start", "08:00"), ("sat-1-end", "14:00")],
                headers: owner)
            #expect(opening.status == .seeOther)
            let business = try await app.send(.GET, "api/v1/admin/opening-hours", headers: salon.tenant.adminHeaders).json
            #expect(business["sat"] as? [[String]] == [["08:00", "14:00"]] && business.count == 1)
            #expect(try await app.page(path, headers: owner).main.contains("The business is closed on Mondays."))
        }
    }
}
