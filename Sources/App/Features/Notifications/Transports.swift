import Foundation
import Logging

/// Hands a rendered email to the world.
protocol MailTransport: Sendable {
    func send(_ message: MailMessage) async throws
}

/// Hands a text message to the world.
protocol SMSTransport: Sendable {
    func send(to number: String, body: String) async throws
}

/// Sends through the configured SMTP server.
struct SMTPMailTransport: MailTransport {
    let client: SMTPClient

    func send(_ message: MailMessage) async throws {
        try await client.send(from: client.settings.from, to: message.to.map(\.email), data: MIMEWriter.render(message))
    }
}

/// Development without `SMTP_HOST`: writes each message's envelope and text to the log.
struct LogMailTransport: MailTransport {
    let logger: Logger

    func send(_ message: MailMessage) async throws {
        logger.notice(
            "email (not sent: SMTP_HOST is not set) to \(message.to.map(\.email).joined(separator: ", ")): \(message.subject)\n\(message.text)")
    }
}

struct HTTPSMSTransport: SMSTransport {
    let client: SMSClient

    func send(to number: String, body: String) async throws {
        try await client.send(to: number, body: body)
    }
}

/// Development without SMS settings: writes each text message to the log.
struct LogSMSTransport: SMSTransport {
    let logger: Logger

    func send(to number: String, body: String) async throws {
        logger.notice("sms (not sent: SMS_API_URL is not set) to \(number): \(body)")
    }
}

/// How the worker delivers. `nil` means the channel is not configured: rows wait (production)
/// until it is.
struct Transports: Sendable {
    var mail: (any MailTransport)?
    var sms: (any SMSTransport)?
}
