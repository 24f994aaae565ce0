import Fluent
import Foundation
import Testing
import VaporTesting
@testable import App

@Suite("Admin bookings API")
struct AdminBookingsTests {
    @Test func listFiltersAndTotals() async throws {
        try await withTestApp { app in
            let salon = try await Salon.make(app)
            for (index, start) in ["2026-12-01T09:00:00Z", "2026-12-01T11:00:00Z", "2026-12-02T09:00:00Z"].enumerated() {
                let res = try await app.send(.POST, "api/v1/bookings", headers: salon.tenant.headers,
                                             json: salon.bookingBody(start: start, staff: salon.alex, email: "person\(index)@example.com"))
                #expect(res.status == .created)
            }
            _ = try await app.send(.POST, "api/v1/bookings", headers: salon.tenant.headers,
                                   json: salon.bookingBody(start: "2026-12-01T09:00:00Z", staff: salon.sam, email: "zed@example.com"))
            let all = try await app.send(.GET, "api/v1/admin/bookings", headers: salon.tenant.adminHeaders)
            #expect(all.json["total"] as? Int == 4 && all.json["page"] as? Int == 1 && all.json["perPage"] as? Int == 50)
            let day = try await app.send(.GET, "api/v1/admin/bookings?from=2026-12-01&to=2026-12-01&staff=\(salon.alex.id!)",
                                         headers: salon.tenant.adminHeaders)
            #expect(day.json["total"] as? Int == 2)
            let search = try await app.send(.GET, "api/v1/admin/bookings?q=ZED", headers: salon.tenant.adminHeaders)
            let items = search.json["items"] as? [[String: Any]] ?? []
            #expect(items.count == 1)
            #expect((items.first?["client"] as? [String: Any])?["email"] as? String == "zed@example.com")
            #expect((items.first?["staff"] as? [String: Any])?["name"] as? String == "Sam")
            let bad = try await app.send(.GET, "api/v1/admin/bookings?status=lost&page=0&from=x", headers: salon.tenant.adminHeaders)
            bad.expectErrorShape(.unprocessableEntity)
            #expect(bad.reason.contains("status") && bad.reason.contains("page") && bad.reason.contains("from"))
        }
    }

    @Test func csvIsRFC4180AndFormulaSafe() async throws {
        try await withTestApp { app in
            let salon = try await Salon.make(app)
            var body = salon.bookingBody(start: "2026-12-01T09:00:00Z")
            body["client"] = ["name": "=HYPERLINK(\"http://evil\")", "email": "evil@example.com"]
            body["notes"] = "Line one, \"quoted\"\nline two"
            let created = try await app.send(.POST, "api/v1/bookings", headers: salon.tenant.headers, json: body)
            #expect(created.status == .created)
            let csv = try await app.send(.GET, "api/v1/admin/bookings.csv?from=2026-12-01", headers: salon.tenant.adminHeaders)
            #expect(csv.status == .ok)
            #expect(csv.headers.contentType?.description.contains("text/csv") == true)
            #expect(csv.headers.first(name: .contentDisposition)?.contains("attachment") == true)
            let text = csv.body.string
            #expect(text.hasPrefix("id,status,date,time,start_utc,end_utc,service,staff,client,email,phone,notes\r\n"))
            #expect(text.contains(",\"'=HYPERLINK(\"\"http://evil\"\")\","))
            #expect(text.contains("\"Line one, \"\"quoted\"\"\nline two\"\r\n"))
            #expect(text.contains(",2026-12-01,09:00,2026-12-01T09:00:00Z,"))
        }
    }

    @Test func csvEscaping() {
        #expect(CSVWriter.escape("plain") == "plain")
        #expect(CSVWriter.escape("-1+1") == "'-1+1")
        #expect(CSVWriter.escape("@SUM(A1)") == "'@SUM(A1)")
        #expect(CSVWriter.escape("+44 7700") == "'+44 7700")
        #expect(CSVWriter.escape("a,b") == "\"a,b\"")
    }

    @Test func phoneInBookingsMayIgnoreNoticeButNeverDoubleBook() async throws {
        try await withTestApp { app in
            let salon = try await Salon.make(app)
            try await app.testing().test(.PATCH, "api/v1/admin/settings", headers: salon.tenant.adminHeaders.json,
                                         body: jsonBody(["minNoticeMinutes": 24 * 60])) { _ in }
            // now = 2026-11-30T08:00Z: 10:00 today is inside the 24-hour notice.
            let online = try await app.send(.POST, "api/v1/bookings", headers: salon.tenant.headers,
                                            json: salon.bookingBody(start: "2026-11-30T10:00:00Z", staff: salon.alex))
            online.expectErrorShape(.unprocessableEntity)
            var phoneIn = salon.bookingBody(start: "2026-11-30T10:00:00Z", staff: salon.alex)
            phoneIn.removeValue(forKey: "consent")
            let admin = try await app.send(.POST, "api/v1/admin/bookings", headers: salon.tenant.adminHeaders, json: phoneIn)
            #expect(admin.status == .created, "\(admin.body.string)")
            let twice = try await app.send(.POST, "api/v1/admin/bookings", headers: salon.tenant.adminHeaders,
                                           json: salon.bookingBody(start: "2026-11-30T10:30:00Z", staff: salon.alex, email: "x@example.com"))
            #expect(twice.status == .conflict)
        }
    }
}
