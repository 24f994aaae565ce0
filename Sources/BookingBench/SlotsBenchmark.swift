import App
import Foundation
import Scheduling
import Vapor

/// `booking bench slots`: the slot engine alone, then the full HTTP request on SQLite, against
/// `BenchFixtures.slotsTenant` (10 staff, 20 services, 2,000 bookings, 10 closures, 30 days).
public enum SlotsBenchmark {
    public struct Options: Sendable {
        public var iterations = 300
        public var port = 18_089
        public init() {}
    }

    public static func run(_ options: Options, print: @Sendable (String) -> Void) async throws {
        try await BenchApp.withFreshSQLite(port: options.port) { app in
            try await measure(app: app, options: options, print: print)
        }
    }

    private static func measure(app: Application, options: Options, print: @Sendable (String) -> Void) async throws {
        let now = app.clock.now()
        let (built, setupMs) = try await LatencyStats.time { try await BenchFixtures.slotsTenant(on: app, now: now) }
        print(String(format: "setup: tenant with 10 staff, 20 services, %d bookings, 10 closures in %.0f ms", built.bookings, setupMs))

        let request = try await BenchFixtures.availabilityRequest(built, on: app, now: now)
        var slotCount = 0
        var engine = LatencyStats()
        for round in 0..<(options.iterations + 20) {
            let (slots, ms) = await LatencyStats.time { SlotFinder.slots(for: request) }
            slotCount = slots.count
            if round >= 20 { engine.record(ms) }
        }
        print(engine.line("slots_30d_any_staff", extra: "slots=\(slotCount)"))

        var load = LatencyStats()
        for round in 0..<(options.iterations + 20) {
            let (_, ms) = try await LatencyStats.time { try await BenchFixtures.availabilityRequest(built, on: app, now: now) }
            if round >= 20 { load.record(ms) }
        }
        print(load.line("slots_load_30d"))

        var single = request
        single.staff = [request.staff[0]]
        var oneStaff = LatencyStats()
        for round in 0..<(options.iterations + 20) {
            let (_, ms) = await LatencyStats.time { SlotFinder.slots(for: single) }
            if round >= 20 { oneStaff.record(ms) }
        }
        print(oneStaff.line("slots_30d_one_staff"))

        try await BenchApp.serving(app, port: options.port) {
            try await measureHTTP(app: app, built: built, options: options, print: print)
        }
    }

    private static func measureHTTP(
        app: Application, built: BenchFixtures.SlotsTenant, options: Options, print: @Sendable (String) -> Void
    ) async throws {
        let url = URI(
            string: "http://127.0.0.1:\(options.port)/api/v1/slots?service=\(built.serviceID)&from=\(built.from)&to=\(built.to)")
        var http = LatencyStats()
        var bytes = 0
        for round in 0..<(options.iterations + 20) {
            let (response, ms) = try await LatencyStats.time {
                try await app.client.get(url, headers: ["X-Tenant": built.slug])
            }
            guard response.status == .ok else { throw Abort(.internalServerError, reason: "slots answered \(response.status)") }
            bytes = response.body?.readableBytes ?? 0
            if round >= 20 { http.record(ms) }
        }
        print(http.line("slots_http_30d", extra: "bytes=\(bytes)"))
    }
}
