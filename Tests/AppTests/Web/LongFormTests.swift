import Fluent
import Foundation
import Testing
import VaporTesting

@testable import App

/// Forms over a few KB arrive over a real socket in pieces; the form-token check must read them
/// whole (regression: a 2 KB form of Cyrillic notes was refused as cross-site).
@Suite("Long forms")
struct LongFormTests {
    func fields(_ salon: Salon, name: String = "Анна Иванова", notes: String) -> [(String, String)] {
        [
            ("service", salon.service.id!.uuidString), ("staff", "any"), ("start", "2026-12-02T10:00:00Z"), ("name", name),
            ("email", "anna@example.com"), ("notes", notes), ("consent", "yes"),
        ]
    }

    @Test func notesInCyrillicBook() async throws {
        try await withTestApp { app in
            let salon = try await Salon.make(app)
            let notes = String(repeating: "Пожалуйста, ", count: 30)  // 360 letters, about 4 KB encoded
            try await StreamedBodyTests.onFreePort { port in
                let res = try await app.postForm(
                    "t/salon/book/details", fields(salon, notes: notes), method: .running(hostname: "127.0.0.1", port: port))
                // The socket client follows the 303 to the booking's page.
                #expect(res.status == .ok && res.main.contains("Booking confirmed"), "\(res.status) \(res.main.prefix(300))")
            }
            let booking = try #require(try await Booking.query(on: app.db, tenant: salon.tenant.id).first())
            #expect(booking.notes == notes.trimmingCharacters(in: .whitespaces))
        }
    }

    @Test func aTooLongNameIsAMessageBesideTheField() async throws {
        try await withTestApp { app in
            let salon = try await Salon.make(app)
            try await StreamedBodyTests.onFreePort { port in
                let res = try await app.postForm(
                    "t/salon/book/details", fields(salon, name: String(repeating: "N", count: 5_000), notes: ""),
                    method: .running(hostname: "127.0.0.1", port: port))
                #expect(res.status == .unprocessableEntity)
                #expect(res.main.contains("name-error"))
            }
            #expect(try await Booking.query(on: app.db).count() == 0)
        }
    }

    @Test func aBodyOverTheLimitIsRefusedWithAPageThatSaysSo() async throws {
        try await withTestApp { app in
            let salon = try await Salon.make(app)
            try await StreamedBodyTests.onFreePort { port in
                let res = try await app.postForm(
                    "t/salon/book/details", fields(salon, notes: String(repeating: "x", count: 400_000)),
                    method: .running(hostname: "127.0.0.1", port: port))
                #expect(res.status == .payloadTooLarge)
                #expect(res.main.contains("That form was too long") && res.main.contains("256 KB at most"))
            }
            #expect(try await Booking.query(on: app.db).count() == 0)
        }
    }
}
