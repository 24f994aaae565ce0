import Foundation
import Logging
import NIOPosix

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

/// Development without `SMTP_HOST`: writes each email as an `.eml` file (named by its message id)
/// into a folder a developer opens with any mail program, and logs only the message id and kind:
/// the log never holds recipients, bodies or manage links.
struct FileMailTransport: MailTransport {
    let folder: DevelopmentMailFolder
    let logger: Logger

    func send(_ message: MailMessage) async throws {
        let name =
            DevelopmentMailFolder.fileName(message.messageID.split(separator: "@").first.map(String.init) ?? "message") + ".eml"
        let path = try await folder.write(MIMEWriter.render(message), named: name)
        logger.notice("email \(message.messageID) (\(message.kind)) not sent, SMTP_HOST is not set: written to \(path)")
    }
}

struct HTTPSMSTransport: SMSTransport {
    let client: SMSClient

    func send(to number: String, body: String) async throws {
        try await client.send(to: number, body: body)
    }
}

/// Development without SMS settings: writes each text message to a `.txt` file beside the emails,
/// logging only the file's name.
struct FileSMSTransport: SMSTransport {
    let folder: DevelopmentMailFolder
    let logger: Logger

    func send(to number: String, body: String) async throws {
        let path = try await folder.write("To: \(number)\n\n\(body)\n", named: "sms-\(UUID().uuidString.lowercased()).txt")
        logger.notice("text message not sent, SMS_API_URL is not set: written to \(path)")
    }
}

/// Where development writes the messages it does not send (`DEV_MAIL_DIR`, default `data/mail`).
struct DevelopmentMailFolder: Sendable {
    let path: String

    /// Writes `text` to a new file in the folder (created when missing); returns the file's path.
    /// The write runs on NIO's blocking-I/O thread pool: tasks run on the event loops
    /// (`EventLoopExecutor`), which must never wait on a disk.
    func write(_ text: String, named name: String) async throws -> String {
        let path = path
        return try await NIOThreadPool.singleton.runIfActive {
            try FilePermissions.createPrivateDirectory(path)
            let file = (path as NSString).appendingPathComponent(name)
            try Data(text.utf8).write(to: URL(fileURLWithPath: file), options: .atomic)
            try FilePermissions.restrict(file: file)
            return file
        }
    }

    /// Letters, digits, `-` and `_` only, so a message id can never name a path elsewhere.
    static func fileName(_ raw: String) -> String {
        String(
            raw.unicodeScalars.filter { CharacterSet.alphanumerics.contains($0) && $0.isASCII || $0 == "-" || $0 == "_" }.prefix(
                100
            ).map(Character.init))
    }
}

/// How the worker delivers. `nil` means the channel is not configured: rows wait (production)
/// until it is.
struct Transports: Sendable {
    var mail: (any MailTransport)?
    var sms: (any SMSTransport)?
}
