import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting

@testable import App

/// Text messages through the Twilio-compatible API, against a local HTTP server that records requests.
@Suite("SMS notifications")
struct SMSTests {
    /// A Vapor server on a loopback port standing in for the SMS API.
    final class FakeSMSAPI: Sendable {
        struct Call: Sendable {
            let path: String
            let authorization: String?
            let form: [String: String]
        }

        let app: Application
        let calls = Locked<[Call]>([])
        var port: Int { app.http.server.shared.localAddress?.port ?? 0 }

        init(status: HTTPStatus = .created) async throws {
            app = try await Application.make(.testing)
            app.http.server.configuration.hostname = "127.0.0.1"
            app.http.server.configuration.port = 0
            app.logger.logLevel = .error
            let calls = self.calls
            app.post("2010-04-01", "Accounts", ":account", "Messages.json") { req async throws -> Response in
                let form = try req.content.decode([String: String].self, as: .urlEncodedForm)
                calls.withLock {
                    $0.append(Call(path: req.url.path, authorization: req.headers.first(name: .authorization), form: form))
                }
                // A refusal echoes the number, as real SMS APIs do.
                let answer =
                    status.code < 300 ? #"{"sid":"SM1"}"# : #"{"message":"The 'To' number \#(form["To"] ?? "") is not valid."}"#
                return Response(status: status, body: .init(string: answer))
            }
            try app.server.start()
        }

        func stop() async throws {
            await app.server.shutdown()
            try await app.asyncShutdown()
        }
    }

    /// A salon with email off and SMS on, its texts going to `api`.
    func smsSalon(_ app: Application, api: FakeSMSAPI, reminders: ReminderPolicy = .standard) async throws -> Salon {
        let salon = try await Salon.make(app)
        let tenant = try #require(try await Tenant.find(salon.tenant.id, on: app.db))
        tenant.smsEnabled = true
        tenant.emailEnabled = false
        tenant.reminderPolicy = reminders
        try await tenant.update(on: app.db)
        let settings = SMSSettings(
            apiURL: "http://127.0.0.1:\(api.port)/2010-04-01", account: "AC123", token: "tok", from: "+15550001111")
        app.services.transports = Transports(
            sms: HTTPSMSTransport(client: SMSClient(settings: settings, http: app.http.client.shared)))
        return salon
    }

    @Test("with the sms flag on, a client who opted in gets texts; one who did not is skipped with a reason")
    func smsDelivery() async throws {
        let api = try await FakeSMSAPI()
        try await withTestApp { app in
            let salon = try await smsSalon(app, api: api)
            let worker = OutboxWorker(app: app, transports: app.services.transports)

            var body = salon.bookingBody(start: "2026-12-01T10:00:00Z", staff: salon.alex)
            body["client"] = ["name": "Ana Silva", "email": "ana@example.com", "phone": "+44 7700 900123", "smsOptIn": true]
            #expect(try await app.send(.POST, "api/v1/bookings", headers: salon.tenant.headers, json: body).status == .created)
            var other = salon.bookingBody(start: "2026-12-01T10:00:00Z", staff: salon.sam, email: "bo@example.com")
            other["client"] = ["name": "Bo", "email": "bo@example.com", "phone": "+44 7700 900999"]
            #expect(try await app.send(.POST, "api/v1/bookings", headers: salon.tenant.headers, json: other).status == .created)

            let pass = try await worker.runOnce(now: testNow)
            #expect(pass.sent == 1 && pass.skipped == 1)
            let call = try #require(api.calls.value.first)
            #expect(api.calls.value.count == 1)
            #expect(call.path == "/2010-04-01/Accounts/AC123/Messages.json")
            #expect(call.authorization == "Basic " + Data("AC123:tok".utf8).base64EncodedString())
            #expect(call.form["To"] == "+447700900123")
            #expect(call.form["From"] == "+15550001111")
            #expect(call.form["Body"]?.hasPrefix("Test salon: Booking confirmed: Cut, Tue 1 Dec 10:00. Manage: http") == true)
            let skipped = try await OutboxMessage.query(on: app.db).filter(\.$status == .cancelled).all()
            #expect(skipped.first?.lastError?.contains("did not agree to text messages") == true)
        }
        try await api.stop()
    }

    @Test("an SMS API refusal (400) is permanent; an outage (503) is retried")
    func smsFailures() async throws {
        for (status, expected) in [(HTTPStatus.badRequest, OutboxStatus.dead), (.serviceUnavailable, .pending)] {
            let api = try await FakeSMSAPI(status: status)
            try await withTestApp { app in
                let salon = try await smsSalon(app, api: api, reminders: .none)
                var body = salon.bookingBody(start: "2026-12-01T10:00:00Z")
                body["client"] = ["name": "Ana", "email": "ana@example.com", "phone": "+44 7700 900123", "smsOptIn": true]
                #expect(
                    try await app.send(.POST, "api/v1/bookings", headers: salon.tenant.headers, json: body).status == .created)
                app.logger.logLevel = .error
                let pass = try await OutboxWorker(app: app, transports: app.services.transports).runOnce(now: testNow)
                #expect(pass.failed == 1)
                let row = try #require(try await OutboxMessage.query(on: app.db).first())
                #expect(row.status == expected)
                #expect(
                    row.lastError == "the SMS API answered \(status.code)",
                    "the answer's text (which echoes the number) is not kept")
            }
            try await api.stop()
        }
    }
}
