import Foundation
import NIOCore
import NIOPosix
import NIOSSL

/// A small SMTP server on a loopback port, started and stopped by a test: EHLO, STARTTLS or
/// implicit TLS, AUTH PLAIN and LOGIN, MAIL/RCPT/DATA (with dot-unstuffing), RSET, NOOP, QUIT.
/// It records what it accepted.
final class TestSMTPServer: Sendable {
    struct Options: Sendable {
        var startTLS = false
        var implicitTLS = false
        /// Username and password a client must log in with (then MAIL FROM without login gets 530).
        var credentials: (username: String, password: String)?
        var authMechanisms = ["PLAIN", "LOGIN"]
        /// Answer the end of DATA with "451" this many times before accepting.
        var temporaryFailures = 0
        /// Answer RCPT TO with "550" for this address.
        var rejectRecipient: String?
    }

    struct Received: Sendable {
        let sender: String
        let recipients: [String]
        let data: String
        let overTLS: Bool
        let login: String?
    }

    let port: Int
    private let channel: any Channel
    private let state: Locked<(received: [Received], failuresLeft: Int)>

    var received: [Received] { state.value.received }

    private init(port: Int, channel: any Channel, state: Locked<(received: [Received], failuresLeft: Int)>) {
        self.port = port
        self.channel = channel
        self.state = state
    }

    static func start(options: Options = Options(), port: Int = 0) async throws -> TestSMTPServer {
        let sslContext = try NIOSSLContext(configuration: TestCertificates.serverConfiguration())
        let state = Locked((received: [Received](), failuresLeft: options.temporaryFailures))
        let channel = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(ChannelOptions.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    if options.implicitTLS {
                        try channel.pipeline.syncOperations.addHandler(NIOSSLServerHandler(context: sslContext))
                    }
                    try channel.pipeline.syncOperations.addHandler(
                        Connection(options: options, sslContext: sslContext, state: state, overTLS: options.implicitTLS))
                }
            }
            .bind(host: "127.0.0.1", port: port).get()
        return TestSMTPServer(port: channel.localAddress?.port ?? port, channel: channel, state: state)
    }

    func stop() async throws {
        try await channel.close()
    }

    /// One client's conversation (touched only on its event loop).
    private final class Connection: ChannelInboundHandler, @unchecked Sendable {
        typealias InboundIn = ByteBuffer
        typealias OutboundOut = ByteBuffer

        let options: Options
        let sslContext: NIOSSLContext
        let state: Locked<(received: [Received], failuresLeft: Int)>
        var overTLS: Bool
        var buffer = ByteBuffer()
        var greeted = false
        var login: String?
        var sender: String?
        var recipients: [String] = []
        var dataLines: [String]?
        var loginStep: (username: String?, awaiting: String)?

        init(options: Options, sslContext: NIOSSLContext, state: Locked<(received: [Received], failuresLeft: Int)>, overTLS: Bool)
        {
            self.options = options
            self.sslContext = sslContext
            self.state = state
            self.overTLS = overTLS
        }

        func channelActive(context: ChannelHandlerContext) {
            reply(context, "220 test.smtp ESMTP ready")
        }

        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            var bytes = unwrapInboundIn(data)
            buffer.writeBuffer(&bytes)
            while let newline = buffer.readableBytesView.firstIndex(of: UInt8(ascii: "\n")) {
                var line = buffer.readString(length: newline - buffer.readerIndex) ?? ""
                buffer.moveReaderIndex(forwardBy: 1)
                if line.hasSuffix("\r") { line.removeLast() }
                handle(line, context: context)
            }
            buffer.discardReadBytes()
        }

        private func handle(_ line: String, context: ChannelHandlerContext) {
            if var lines = dataLines {
                if line == "." {
                    dataLines = nil
                    finishData(lines.joined(separator: "\r\n"), context: context)
                } else {
                    lines.append(line.hasPrefix(".") ? String(line.dropFirst()) : line)
                    dataLines = lines
                }
                return
            }
            if let step = loginStep {
                let decoded = Data(base64Encoded: line).map { String(decoding: $0, as: UTF8.self) } ?? ""
                if step.awaiting == "username" {
                    loginStep = (decoded, "password")
                    reply(context, "334 UGFzc3dvcmQ6")
                } else {
                    loginStep = nil
                    checkLogin(username: step.username ?? "", password: decoded, context: context)
                }
                return
            }
            let upper = line.uppercased()
            if upper.hasPrefix("EHLO ") {
                greeted = true
                var lines = ["test.smtp greets you", "8BITMIME"]
                if options.startTLS && !overTLS { lines.append("STARTTLS") }
                if options.credentials != nil && overTLS || options.credentials != nil && !options.startTLS {
                    lines.append("AUTH " + options.authMechanisms.joined(separator: " "))
                }
                reply(
                    context,
                    lines.enumerated().map { index, text in "250\(index == lines.count - 1 ? " " : "-")\(text)" }.joined(
                        separator: "\r\n"))
            } else if upper == "STARTTLS" {
                guard options.startTLS, !overTLS else { return reply(context, "454 TLS not available") }
                reply(context, "220 Go ahead")
                try? context.pipeline.syncOperations.addHandler(NIOSSLServerHandler(context: sslContext), position: .first)
                overTLS = true
                greeted = false
            } else if upper.hasPrefix("AUTH PLAIN ") {
                let decoded = Data(base64Encoded: String(line.dropFirst(11))).map { Array($0) } ?? []
                let parts = decoded.split(separator: 0, omittingEmptySubsequences: false).map {
                    String(decoding: $0, as: UTF8.self)
                }
                checkLogin(
                    username: parts.count == 3 ? parts[1] : "", password: parts.count == 3 ? parts[2] : "", context: context)
            } else if upper == "AUTH LOGIN" {
                loginStep = (nil, "username")
                reply(context, "334 VXNlcm5hbWU6")
            } else if upper.hasPrefix("MAIL FROM:") {
                guard greeted else { return reply(context, "503 EHLO first") }
                if options.credentials != nil && login == nil { return reply(context, "530 Authentication required") }
                sender = Self.address(in: line)
                recipients = []
                reply(context, "250 OK")
            } else if upper.hasPrefix("RCPT TO:") {
                guard sender != nil else { return reply(context, "503 MAIL first") }
                let recipient = Self.address(in: line)
                if recipient == options.rejectRecipient {
                    return reply(context, "550 5.1.1 <\(recipient)>: Recipient address rejected")
                }
                recipients.append(recipient)
                reply(context, "250 OK")
            } else if upper == "DATA" {
                guard sender != nil, !recipients.isEmpty else { return reply(context, "503 RCPT first") }
                dataLines = []
                reply(context, "354 End data with <CR><LF>.<CR><LF>")
            } else if upper == "RSET" {
                sender = nil
                recipients = []
                reply(context, "250 OK")
            } else if upper == "NOOP" {
                reply(context, "250 OK")
            } else if upper == "QUIT" {
                reply(context, "221 Bye")
                context.close(promise: nil)
            } else {
                reply(context, "500 Unknown command")
            }
        }

        private func checkLogin(username: String, password: String, context: ChannelHandlerContext) {
            if let credentials = options.credentials, credentials.username == username, credentials.password == password {
                login = username
                reply(context, "235 Authentication succeeded")
            } else {
                reply(context, "535 Authentication credentials invalid")
            }
        }

        private func finishData(_ data: String, context: ChannelHandlerContext) {
            let accepted: Bool = state.withLock { value in
                if value.failuresLeft > 0 {
                    value.failuresLeft -= 1
                    return false
                }
                value.received.append(
                    Received(sender: sender ?? "", recipients: recipients, data: data, overTLS: overTLS, login: login))
                return true
            }
            sender = nil
            recipients = []
            reply(context, accepted ? "250 OK: queued" : "451 Try again later")
        }

        private func reply(_ context: ChannelHandlerContext, _ text: String) {
            context.writeAndFlush(wrapOutboundOut(ByteBuffer(string: text + "\r\n")), promise: nil)
        }

        static func address(in line: String) -> String {
            guard let open = line.firstIndex(of: "<"), let close = line.lastIndex(of: ">"), open < close else { return "" }
            return String(line[line.index(after: open)..<close])
        }
    }
}

/// A value shared between threads behind a lock.
final class Locked<Value>: @unchecked Sendable {
    private var stored: Value
    private let lock = NSLock()

    init(_ value: Value) { stored = value }

    var value: Value { lock.withLock { stored } }

    func withLock<T>(_ body: (inout Value) -> T) -> T {
        lock.withLock { body(&stored) }
    }
}
