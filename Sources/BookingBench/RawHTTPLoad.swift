import Foundation
import NIOCore
import NIOPosix

/// The in-process load generator of `bench bookings`: one keep-alive HTTP/1.1 connection per client,
/// all on one event-loop thread of their own. Requests are written as ready-made bytes and responses
/// are read just far enough to find the status and the end of the body.
///
/// Why not AsyncHTTPClient: it took ~10 % of this 2-core machine at 1,300 requests/s (measured with
/// `perf`), CPU the server under test then did not have; wrk took 2.4 %. This client costs about
/// what wrk costs, and unlike wrk it can offer a fixed rate (open loop).
enum RawHTTPLoad {
    struct Plan: Sendable {
        let port: Int
        let clients: Int
        /// Uptime nanoseconds: the load starts at `began`, is counted from `measuredFrom`, stops at `deadline`.
        let began: UInt64
        let measuredFrom: UInt64
        let deadline: UInt64
        /// Open loop: nanoseconds between one client's requests (client `c`'s `k`-th request is due at
        /// `began + (k + c / clients) × interval`, and its latency counts from then; requests due before
        /// `deadline` are all sent, so a run that falls behind ends later). `nil`: closed loop.
        let interval: Double?
    }

    /// The body of client `client`'s `n`-th request.
    typealias BodyMaker = @Sendable (_ client: Int, _ n: Int) -> String

    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    static func run(_ plan: Plan, path: String, headers: [(String, String)], body: @escaping BodyMaker) async throws -> ClientTally {
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        do {
            var futures: [EventLoopFuture<ClientTally>] = []
            for client in 0..<plan.clients {
                let promise = group.next().makePromise(of: ClientTally.self)
                let head = headers.map { "\($0.0): \($0.1)\r\n" }.joined()
                let connect = ClientBootstrap(group: group)
                    .channelOption(.socketOption(.so_reuseaddr), value: 1)
                    .channelInitializer { channel in
                        channel.eventLoop.makeCompletedFuture {
                            try channel.pipeline.syncOperations.addHandler(
                                LoadClientHandler(
                                    client: client, plan: plan, requestHead: "POST \(path) HTTP/1.1\r\nHost: 127.0.0.1:\(plan.port)\r\n\(head)",
                                    body: body, done: promise))
                        }
                    }
                    .connect(host: "127.0.0.1", port: plan.port)
                connect.whenFailure { promise.fail($0) }
                futures.append(promise.futureResult)
            }
            var total = ClientTally()
            for future in futures { total.merge(try await future.get()) }
            try await group.shutdownGracefully()
            return total
        } catch {
            try? await group.shutdownGracefully()
            throw error
        }
    }
}

/// What the clients saw: latencies (overall and per second of the measured period) and answers by kind.
struct ClientTally: Sendable {
    var latency = LatencyStats()
    var perSecond: [Int: LatencyStats] = [:]
    var created = 0
    var conflicts = 0
    var errors = 0

    mutating func record(status: Int, milliseconds: Double, second: Int) {
        latency.record(milliseconds)
        perSecond[second, default: LatencyStats()].record(milliseconds)
        switch status {
        case 201: created += 1
        case 409: conflicts += 1
        default: errors += 1
        }
    }

    mutating func merge(_ other: ClientTally) {
        for sample in other.latency.samplesMs { latency.record(sample) }
        for (second, stats) in other.perSecond {
            for sample in stats.samplesMs { perSecond[second, default: LatencyStats()].record(sample) }
        }
        created += other.created
        conflicts += other.conflicts
        errors += other.errors
    }
}

/// One client: sends a request, waits for the whole response, records it, sends the next.
private final class LoadClientHandler: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    private let client: Int
    private let plan: RawHTTPLoad.Plan
    private let requestHead: String
    private let body: RawHTTPLoad.BodyMaker
    private let done: EventLoopPromise<ClientTally>
    private var tally = ClientTally()
    private var sent = 0
    private var scheduled: UInt64 = 0
    private var received: ByteBuffer?
    private var finished = false

    init(client: Int, plan: RawHTTPLoad.Plan, requestHead: String, body: @escaping RawHTTPLoad.BodyMaker, done: EventLoopPromise<ClientTally>) {
        self.client = client
        self.plan = plan
        self.requestHead = requestHead
        self.body = body
        self.done = done
    }

    func channelActive(context: ChannelHandlerContext) {
        sendNext(context: context)
    }

    func channelInactive(context: ChannelHandlerContext) {
        if !finished { fail(RawHTTPLoad.Failure(description: "the server closed a benchmark connection"), context: context) }
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        fail(error, context: context)
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        var incoming = unwrapInboundIn(data)
        if received == nil { received = incoming } else { received!.writeBuffer(&incoming) }
        guard let response = received, let (status, length) = Self.parse(response) else { return }
        received!.moveReaderIndex(forwardBy: length)
        if received!.readableBytes == 0 { received = nil }
        let answered = DispatchTime.now().uptimeNanoseconds
        if scheduled >= plan.measuredFrom {
            tally.record(
                status: status, milliseconds: Double(answered - scheduled) / 1_000_000,
                second: Int((answered - plan.measuredFrom) / 1_000_000_000))
        }
        sendNext(context: context)
    }

    private func sendNext(context: ChannelHandlerContext) {
        let now = DispatchTime.now().uptimeNanoseconds
        var due = now
        if let interval = plan.interval {
            // Open loop: every request due before the deadline is sent, however late (a server that
            // falls behind must show in the latencies, not in fewer requests).
            due = plan.began + UInt64((Double(sent) + Double(client) / Double(plan.clients)) * interval)
        }
        guard due < plan.deadline else { return finish(context: context) }
        scheduled = due
        if due > now {
            let loopBound = NIOLoopBound((self, context), eventLoop: context.eventLoop)
            context.eventLoop.scheduleTask(deadline: .uptimeNanoseconds(due)) {
                let (handler, context) = loopBound.value
                handler.write(context: context)
            }
        } else {
            write(context: context)
        }
    }

    private func write(context: ChannelHandlerContext) {
        let json = body(client, sent)
        sent += 1
        var buffer = context.channel.allocator.buffer(capacity: requestHead.utf8.count + json.utf8.count + 40)
        buffer.writeString(requestHead)
        buffer.writeString("Content-Length: \(json.utf8.count)\r\n\r\n")
        buffer.writeString(json)
        context.writeAndFlush(wrapOutboundOut(buffer), promise: nil)
    }

    private func finish(context: ChannelHandlerContext) {
        guard !finished else { return }
        finished = true
        done.succeed(tally)
        context.close(promise: nil)
    }

    private func fail(_ error: any Error, context: ChannelHandlerContext) {
        guard !finished else { return }
        finished = true
        done.fail(error)
        context.close(promise: nil)
    }

    /// The status and total length of the first complete response in `buffer`, or nil while incomplete.
    /// (The server under test always sends `Content-Length`.)
    static func parse(_ buffer: ByteBuffer) -> (status: Int, length: Int)? {
        let view = buffer.readableBytesView
        guard let headerEnd = view.firstRange(of: [13, 10, 13, 10]) else { return nil }
        let head = String(decoding: view[view.startIndex..<headerEnd.lowerBound], as: UTF8.self)
        let lines = head.split(separator: "\r\n")
        guard let statusLine = lines.first, statusLine.count >= 12, let status = Int(statusLine.dropFirst(9).prefix(3)) else {
            return (0, view.count)
        }
        var contentLength = 0
        for line in lines.dropFirst() where line.lowercased().hasPrefix("content-length:") {
            contentLength = Int(line.dropFirst("content-length:".count).trimmingCharacters(in: .whitespaces)) ?? 0
        }
        let total = headerEnd.upperBound - view.startIndex + contentLength
        return view.count >= total ? (status, total) : nil
    }
}
