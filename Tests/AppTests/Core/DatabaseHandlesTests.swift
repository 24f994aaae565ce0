import Fluent
import Logging
import Testing
import Vapor

@testable import App

/// Requests share their event loop's database handle, unless statements are logged (debug): then
/// each request's own handle logs them under its `request-id`.
@Suite("Database handles")
struct DatabaseHandlesTests {
    private func request(_ app: Application, on loop: any EventLoop, level: Logger.Level) -> Request {
        var logger = Logger(label: "test")
        logger.logLevel = level
        return Request(application: app, logger: logger, on: loop)
    }

    private func requestID(_ db: any Database) -> String? {
        if case .string(let id)? = db.logger[metadataKey: "request-id"] { return id }
        return nil
    }

    @Test func requestsOnOneLoopShareAHandleThatWorks() async throws {
        try await withTestApp { app in
            let handles = DatabaseHandles()
            let loop = app.eventLoopGroup.next()
            let first = handles.handle(for: request(app, on: loop, level: .info))
            let second = handles.handle(for: request(app, on: loop, level: .info))
            // The shared handle is the application's: no request's id on it.
            #expect(requestID(first) == nil && requestID(second) == nil)
            #expect(first.eventLoop === loop && second.eventLoop === loop)
            let other = app.eventLoopGroup.makeIterator().first { $0 !== loop }
            if let other {
                #expect(handles.handle(for: request(app, on: other, level: .info)).eventLoop === other)
            }
            let tenants = try await Tenant.query(on: second).count()
            #expect(tenants == (try await Tenant.query(on: app.db).count()))
        }
    }

    @Test func atDebugLevelEachRequestLogsUnderItsOwnID() async throws {
        try await withTestApp { app in
            let handles = DatabaseHandles()
            let loop = app.eventLoopGroup.next()
            let req = request(app, on: loop, level: .debug)
            let handle = handles.handle(for: req)
            #expect(requestID(handle) != nil)
            #expect(requestID(handle) == req.id)
        }
    }
}
