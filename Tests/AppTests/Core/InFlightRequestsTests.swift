import NIOCore
import Testing
import Vapor
import VaporTesting

@testable import App

/// A stopping server waits for the handlers still running, even those whose clients have gone,
/// before it closes the database pools (`AppRunner.serve`).
@Suite("Requests in flight")
struct InFlightRequestsTests {
    /// A responder whose answer the test gives when it chooses.
    struct HeldResponder: Responder {
        let answer: EventLoopPromise<Response>
        func respond(to request: Request) -> EventLoopFuture<Response> { answer.futureResult }
    }

    /// A bare application (no database): the middleware needs one only to make requests.
    @Test(.timeLimit(.minutes(1))) func aRequestIsCountedUntilItsHandlerHasFinished() async throws {
        let app = try await Application.make(.testing)
        do {
            let inFlight = InFlightRequests()
            let counting = InFlightRequests.Counting(inFlight: inFlight)
            let loop = app.eventLoopGroup.next()
            let answered = loop.makePromise(of: Response.self)
            let failed = loop.makePromise(of: Response.self)
            let first = counting.respond(
                to: Request(application: app, on: loop), chainingTo: HeldResponder(answer: answered))
            let second = counting.respond(
                to: Request(application: app, on: loop), chainingTo: HeldResponder(answer: failed))
            #expect(inFlight.current == 2)
            #expect(await inFlight.drained(within: .milliseconds(30)) == false, "two handlers still running")

            answered.succeed(Response(status: .ok))
            failed.fail(Abort(.internalServerError))
            _ = try await first.get()
            await #expect(throws: Abort.self) { try await second.get() }
            #expect(await inFlight.drained(within: .seconds(5)), "an error ends a request too")
            #expect(inFlight.current == 0)
        } catch {
            try await app.asyncShutdown()
            throw error
        }
        try await app.asyncShutdown()
    }

    @Test func theAppCountsEveryRequestFirst() async throws {
        try await withTestApp { app in
            #expect(
                app.middleware.resolve().first is InFlightRequests.Counting, "the first middleware: it counts what the others do")
            let health = try await app.send(.GET, "health", headers: [:])
            #expect(health.status == .ok)
            #expect(app.services.inFlight.current == 0)
        }
    }
}
