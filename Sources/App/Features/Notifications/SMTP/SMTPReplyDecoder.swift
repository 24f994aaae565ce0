import NIOCore

/// Turns the server's byte stream into `SMTPReply`s and hands them to whoever waits, in order.
///
/// Touched only on its channel's event loop (the client hops there for every call), hence
/// `@unchecked Sendable`.
final class SMTPReplyDecoder: ChannelInboundHandler, @unchecked Sendable {
    typealias InboundIn = ByteBuffer

    private var pending = ByteBuffer()
    private var lines: [String] = []
    private var replies = CircularBuffer<SMTPReply>()
    private var waiters = CircularBuffer<EventLoopPromise<SMTPReply>>()
    private var failure: (any Error)?
    /// Replies are short; a server that sends more than this without a line break is broken.
    private let maxLineLength = 4096

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        var bytes = unwrapInboundIn(data)
        pending.writeBuffer(&bytes)
        while let line = nextLine() {
            guard let reply = consume(line) else { continue }
            if let waiter = waiters.popFirst() { waiter.succeed(reply) } else { replies.append(reply) }
        }
        if pending.readableBytes > maxLineLength {
            fail(SMTPError.malformedReply("a line longer than \(maxLineLength) bytes"))
        }
        if failure != nil { context.close(promise: nil) }
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        fail(error)
        context.close(promise: nil)
    }

    func channelInactive(context: ChannelHandlerContext) {
        fail(SMTPError.connectionClosed)
        context.fireChannelInactive()
    }

    /// Completes `promise` with the next reply (already received, or when it arrives).
    func waitForReply(_ promise: EventLoopPromise<SMTPReply>) {
        if let reply = replies.popFirst() {
            promise.succeed(reply)
        } else if let failure {
            promise.fail(failure)
        } else {
            waiters.append(promise)
        }
    }

    /// Fails `promise` with a timeout if it is still waiting.
    func timeOut(_ promise: EventLoopPromise<SMTPReply>, waitingFor: String) {
        guard let index = waiters.firstIndex(where: { $0.futureResult === promise.futureResult }) else { return }
        waiters.remove(at: index)
        promise.fail(SMTPError.timedOut(waitingFor: waitingFor))
    }

    private func fail(_ error: any Error) {
        if failure == nil { failure = error }
        while let waiter = waiters.popFirst() { waiter.fail(failure ?? error) }
    }

    private func nextLine() -> String? {
        let view = pending.readableBytesView
        guard let newline = view.firstIndex(of: UInt8(ascii: "\n")) else { return nil }
        let length = newline - view.startIndex
        var line = pending.readString(length: length) ?? ""
        pending.moveReaderIndex(forwardBy: 1)
        pending.discardReadBytes()
        if line.hasSuffix("\r") { line.removeLast() }
        return line
    }

    /// Adds a line to the reply being read; returns the reply once its last line ("250 ...") arrives.
    private func consume(_ line: String) -> SMTPReply? {
        let characters = Array(line.utf8)
        guard characters.count >= 3, let code = Int(String(decoding: characters[0..<3], as: UTF8.self)),
            (200...599).contains(code)
        else {
            fail(SMTPError.malformedReply(line))
            return nil
        }
        let separator = characters.count > 3 ? characters[3] : UInt8(ascii: " ")
        lines.append(characters.count > 4 ? String(decoding: characters[4...], as: UTF8.self) : "")
        guard separator != UInt8(ascii: "-") else { return nil }
        defer { lines = [] }
        return SMTPReply(code: code, lines: lines)
    }
}
