import Foundation
import NIOCore
import NIOPosix
import NIOSSL

/// A small SMTP client on SwiftNIO (RFC 5321): EHLO, STARTTLS or implicit TLS, AUTH PLAIN or
/// LOGIN, one message per connection with dot-stuffing, and a timeout on every wait.
struct SMTPClient: Sendable {
    let settings: SMTPSettings
    let eventLoopGroup: any EventLoopGroup
    private let sslContext: NIOSSLContext?

    init(settings: SMTPSettings, eventLoopGroup: any EventLoopGroup) throws {
        self.settings = settings
        self.eventLoopGroup = eventLoopGroup
        sslContext = settings.security == .none ? nil : try NIOSSLContext(configuration: settings.tlsConfiguration)
    }

    /// Delivers `data` (a complete RFC 5322 message with CRLF line ends) from `sender` to `recipients`.
    func send(from sender: String, to recipients: [String], data: String) async throws {
        if settings.username != nil, settings.security == .none, !settings.isLoopback {
            throw SMTPError.credentialsNeedEncryption
        }
        let session = try await connect()
        do {
            try await session.deliver(from: sender, to: recipients, data: data)
            try? await session.quit()
        } catch {
            session.close()
            throw error
        }
    }

    private func connect() async throws -> Session {
        let decoder = SMTPReplyDecoder()
        let implicitTLS = settings.security == .tls ? sslContext : nil
        let serverName = Self.serverName(for: settings.host)
        let channel: any Channel
        do {
            channel = try await ClientBootstrap(group: eventLoopGroup)
                .connectTimeout(settings.connectTimeout)
                .channelInitializer { channel in
                    channel.eventLoop.makeCompletedFuture {
                        if let implicitTLS {
                            try channel.pipeline.syncOperations.addHandler(
                                NIOSSLClientHandler(context: implicitTLS, serverHostname: serverName))
                        }
                        try channel.pipeline.syncOperations.addHandler(decoder)
                    }
                }
                .connect(host: settings.host, port: settings.port).get()
        } catch {
            throw SMTPError.connectionFailed(host: settings.host, port: settings.port, reason: String(describing: error))
        }
        return Session(channel: channel, decoder: decoder, settings: settings, sslContext: sslContext)
    }

    /// SNI and certificate checks need a name; an IP address is checked against the certificate's IP entries.
    static func serverName(for host: String) -> String? {
        let isAddress = host.contains(":") || host.split(separator: ".").allSatisfy { UInt8($0) != nil }
        return isAddress ? nil : host
    }

    /// One connection's conversation.
    private struct Session: Sendable {
        let channel: any Channel
        let decoder: SMTPReplyDecoder
        let settings: SMTPSettings
        let sslContext: NIOSSLContext?

        func deliver(from sender: String, to recipients: [String], data: String) async throws {
            try expect(await reply(waitingFor: "the greeting"), "the connection greeting", [220])
            var capabilities = try await command("EHLO \(settings.heloName)", expecting: [250])
            if settings.security == .starttls {
                guard capabilities.extensions.contains("STARTTLS") else { throw SMTPError.startTLSUnavailable }
                try await command("STARTTLS", expecting: [220])
                try await startTLS()
                capabilities = try await command("EHLO \(settings.heloName)", expecting: [250])
            }
            if let username = settings.username {
                try await authenticate(username: username, password: settings.password ?? "", offered: capabilities.authMechanisms)
            }
            try await command("MAIL FROM:<\(sender)>", expecting: [250])
            for recipient in recipients {
                try await command("RCPT TO:<\(recipient)>", expecting: [250, 251])
            }
            try await command("DATA", expecting: [354])
            try await write(SMTPDotStuffing.stuff(data) + "\r\n.\r\n")
            try expect(await reply(waitingFor: "the answer to the message data"), "the message data", [250])
        }

        func quit() async throws {
            try await write("QUIT\r\n")
            _ = try? await reply(waitingFor: "QUIT")
            close()
        }

        func close() { channel.close(promise: nil) }

        private func authenticate(username: String, password: String, offered: Set<String>) async throws {
            do {
                if offered.contains("PLAIN") {
                    let credentials = Data(("\0" + username + "\0" + password).utf8).base64EncodedString()
                    try await command("AUTH PLAIN \(credentials)", expecting: [235], logged: "AUTH PLAIN")
                } else if offered.contains("LOGIN") {
                    try await command("AUTH LOGIN", expecting: [334])
                    try await command(Data(username.utf8).base64EncodedString(), expecting: [334], logged: "AUTH LOGIN username")
                    try await command(Data(password.utf8).base64EncodedString(), expecting: [235], logged: "AUTH LOGIN password")
                } else {
                    throw SMTPError.authenticationUnavailable(offered: offered.sorted())
                }
            } catch SMTPError.rejected(_, let reply) where reply.code == 535 || reply.code == 534 {
                throw SMTPError.authenticationFailed(reply)
            }
        }

        private func startTLS() async throws {
            guard let sslContext else { throw SMTPError.startTLSUnavailable }
            let serverName = SMTPClient.serverName(for: settings.host)
            try await channel.eventLoop.submit { [channel] in
                try channel.pipeline.syncOperations.addHandler(
                    NIOSSLClientHandler(context: sslContext, serverHostname: serverName), position: .first)
            }.get()
        }

        /// Sends one command line and checks the reply's code. `logged` replaces secrets in errors.
        @discardableResult
        private func command(_ line: String, expecting codes: Set<Int>, logged: String? = nil) async throws -> SMTPReply {
            let name = logged ?? String(line.prefix(while: { $0 != " " && $0 != ":" }))
            try await write(line + "\r\n")
            let answer = try await reply(waitingFor: "the answer to \(name)")
            try expect(answer, name, codes)
            return answer
        }

        private func expect(_ reply: SMTPReply, _ command: String, _ codes: Set<Int>) throws {
            guard codes.contains(reply.code) else { throw SMTPError.rejected(command: command, reply: reply) }
        }

        private func write(_ text: String) async throws {
            try await channel.writeAndFlush(channel.allocator.buffer(string: text)).get()
        }

        private func reply(waitingFor what: String) async throws -> SMTPReply {
            let promise = channel.eventLoop.makePromise(of: SMTPReply.self)
            let decoder = self.decoder
            channel.eventLoop.execute { decoder.waitForReply(promise) }
            let timer = channel.eventLoop.scheduleTask(in: settings.replyTimeout) {
                decoder.timeOut(promise, waitingFor: what)
            }
            defer { timer.cancel() }
            do {
                return try await promise.futureResult.get()
            } catch let error as SMTPError {
                if case .timedOut = error { close() }
                throw error
            } catch {
                throw SMTPError.connectionFailed(host: settings.host, port: settings.port, reason: String(describing: error))
            }
        }
    }
}

/// RFC 5321 §4.5.2: a line of message data that starts with "." gets one more "."; line ends become CRLF.
enum SMTPDotStuffing {
    static func stuff(_ data: String) -> String {
        var lines = data.replacingOccurrences(of: "\r\n", with: "\n").split(separator: "\n", omittingEmptySubsequences: false)
        if lines.last == "" { lines.removeLast() }
        return lines.map { $0.hasPrefix(".") ? "." + $0 : String($0) }.joined(separator: "\r\n")
    }
}
