import Fluent
import Foundation
import Logging
import Testing
import VaporTesting

@testable import App

/// Development without SMTP writes each message as an `.eml` file and logs only its id and kind.
@Suite("Development mail folder")
struct DevelopmentMailTests {
    @Test func emailsBecomeFilesAndTheLogHoldsNoPersonalData() async throws {
        try await withTestApp { app in
            let salon = try await Salon.make(app)
            let created = try await app.send(
                .POST, "api/v1/bookings", headers: salon.tenant.headers,
                json: salon.bookingBody(start: "2026-12-01T10:00:00Z", staff: salon.alex))
            let token = try #require(created.json["manageToken"] as? String)
            let recorder = LogCapture()
            let folder = DevelopmentMailFolder(path: app.config.developmentMailDirectory)
            let transports = Transports(mail: FileMailTransport(folder: folder, logger: recorder.logger))
            let pass = try await OutboxWorker(app: app, transports: transports).runOnce(now: testNow)
            #expect(pass.sent >= 2)

            let files = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".eml") }
            let rows = try await OutboxMessage.query(on: app.db).filter(\.$status == .sent).all()
            #expect(Set(files) == Set(rows.map { "\($0.id!.uuidString.lowercased()).eml" }))
            let mails = try files.map { try String(contentsOfFile: folder.path + "/" + $0, encoding: .utf8) }
            #expect(mails.contains { ParsedMail($0).headers["to"]?.contains("ana@example.com") == true })
            #expect(mails.contains { ParsedMail($0).part("text/plain")?.body.contains(token) == true })

            let log = recorder.messages.joined(separator: "\n")
            #expect(recorder.messages.count == files.count)
            #expect(log.contains("confirmation") && log.contains("business_notice"))
            for secret in ["ana@example.com", "Ana Silva", token, "+447700900123"] {
                #expect(!log.contains(secret), "the log holds \(secret)")
            }
        }
    }

    @Test func fileNamesCannotEscapeTheFolder() {
        #expect(DevelopmentMailFolder.fileName("../../etc/passwd") == "etcpasswd")
        #expect(DevelopmentMailFolder.fileName("6b1e-aa_01") == "6b1e-aa_01")
    }
}
