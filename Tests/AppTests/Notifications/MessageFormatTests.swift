import Foundation
import NIOPosix
import Testing
@testable import App

@Suite("Message format")
struct MessageFormatTests {
    func message(subject: String = "Hello", name: String = "Ana") -> MailMessage {
        MailMessage(
            from: MailAddress(name: "Café Crème", email: "b@example.com"), replyTo: nil, to: [MailAddress(name: name, email: "a@example.com")],
            subject: subject, messageID: "id-1@example.com", date: Date(timeIntervalSince1970: 0), text: "Hi ✂️", html: "<p>Hi</p>",
            calendar: nil)
    }

    @Test("non-ASCII headers are RFC 2047 encoded in words of at most 75 characters and decode back")
    func encodedWords() {
        let subject = "Réservation confirmée — coupe & brushing chez Zoë, mardi 1er décembre à 10h00"
        let rendered = MIMEWriter.render(message(subject: subject))
        let parsed = ParsedMail(rendered)
        #expect(parsed.headers["subject"] == subject)
        #expect(parsed.headers["from"] == "Café Crème <b@example.com>")
        let subjectLines = rendered.components(separatedBy: "\r\n").drop { !$0.hasPrefix("Subject:") }.prefix { $0.hasPrefix("Subject:") || $0.hasPrefix(" ") }
        #expect(subjectLines.count > 1)
        #expect(subjectLines.allSatisfy { $0.count <= 76 })
        #expect(parsed.headers["date"] == "Thu, 01 Jan 1970 00:00:00 +0000")
        #expect(parsed.part("text/plain")?.body == "Hi ✂️")
    }

    @Test("a line break in user data cannot add a header")
    func headerInjection() {
        let rendered = MIMEWriter.render(message(subject: "Hi\r\nBcc: victim@example.com", name: "Eve\nBcc: x@example.com"))
        let headerBlock = rendered.components(separatedBy: "\r\n\r\n")[0]
        #expect(!headerBlock.components(separatedBy: "\r\n").contains { $0.hasPrefix("Bcc:") })
    }

    @Test("iCalendar text is escaped and long lines are folded at 75 octets without splitting characters")
    func calendarFormat() {
        let invite = CalendarInvite(
            uid: "booking-1@nbne-booking", method: .request, sequence: 1, stamp: Date(timeIntervalSince1970: 0),
            start: Date(timeIntervalSince1970: 3600), end: Date(timeIntervalSince1970: 7200),
            summary: "Cut, colour; and \"more\" – Zoë's salon é é é é é é é é é é é é é é é é é é é é é é",
            location: "1 High St\nLondon", description: "Line one\nLine two", url: "https://example.com/x",
            organizer: MailAddress(name: "Salon", email: "s@example.com"), attendee: MailAddress(name: "Ana", email: "a@example.com"))
        let text = invite.render()
        #expect(text.components(separatedBy: "\r\n").allSatisfy { $0.utf8.count <= 75 })
        let fields = calendarFields(text)
        #expect(fields["LOCATION"] == "1 High St\\nLondon")
        #expect(fields["SUMMARY"]?.hasPrefix("Cut\\, colour\\; and \"more\"") == true)
        #expect(fields["SUMMARY"]?.hasSuffix("é é") == true)
        #expect(calendarDate(fields["DTSTART"]) == Date(timeIntervalSince1970: 3600))
    }

    @Test("dot-stuffing doubles a leading dot and normalises line ends")
    func dotStuffing() {
        #expect(SMTPDotStuffing.stuff(".a\n..b\nc.\n.\n") == "..a\r\n...b\r\nc.\r\n..")
    }

    @Test("a certificate from an unknown authority is refused")
    func untrustedCertificate() async throws {
        let server = try await TestSMTPServer.start(options: .init(implicitTLS: true))
        defer { Task { try await server.stop() } }
        let client = try SMTPClient(
            settings: SMTPSettings(host: "localhost", port: server.port, security: .tls, from: "b@example.com", replyTimeout: .seconds(5)),
            eventLoopGroup: MultiThreadedEventLoopGroup.singleton)
        await #expect(throws: (any Error).self) {
            try await client.send(from: "b@example.com", to: ["a@example.com"], data: "Subject: x\r\n\r\nx")
        }
        #expect(server.received.isEmpty)
    }
}
