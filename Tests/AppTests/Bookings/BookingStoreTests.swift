import Fluent
import Foundation
import Logging
import SQLKit
import Testing
import VaporTesting
@testable import App

/// The two booking stores write the same rows, and the PostgreSQL path stays one writing statement.
@Suite("Booking stores")
struct BookingStoreTests {
    /// Collects the SQL of every statement run through a database handle.
    final class StatementLog: LogHandler, @unchecked Sendable {
        let statements = Locked<[String]>([])
        var metadata: Logger.Metadata = [:]
        var logLevel: Logger.Level = .trace
        subscript(metadataKey key: String) -> Logger.Metadata.Value? {
            get { metadata[key] }
            set { metadata[key] = newValue }
        }
        func log(event: LogEvent) {
            guard case .string(let sql)? = event.metadata?["sql"] else { return }
            statements.withLock { $0.append(sql) }
        }

        /// INSERT, UPDATE or DELETE statements (a `WITH` statement counts when it writes).
        var writes: [String] {
            statements.value.filter { sql in
                let text = sql.uppercased().trimmingCharacters(in: .whitespacesAndNewlines)
                return ["INSERT", "UPDATE", "DELETE"].contains { text.hasPrefix($0) }
                    || (text.hasPrefix("WITH") && ["INSERT ", "UPDATE ", "DELETE "].contains { text.contains($0) })
            }
        }
    }

    func service(_ app: Application, salon: Salon, db: any Database, store: any BookingStore) async throws -> BookingService {
        BookingService(
            db: db, tenant: try #require(try await TenantLookup.find(id: salon.tenant.id, on: db)), now: testNow,
            gate: app.writeGate, cache: app.catalogCache, tokens: try await app.manageTokens(), store: store)
    }

    func request(_ salon: Salon, staff: Staff, email: String) throws -> CreateBookingRequest {
        try JSONDecoder().decode(
            CreateBookingRequest.self,
            from: JSONSerialization.data(withJSONObject: salon.bookingBody(start: "2026-12-01T10:00:00Z", staff: staff, email: email)))
    }

    @Test func theBookingPathIssuesOneWritingStatementOnPostgreSQL() async throws {
        try await withTestApp { app in
            let salon = try await Salon.make(app)
            let log = StatementLog()
            let logged = app.databases.database(logger: Logger(label: "statements") { _ in log }, on: app.eventLoopGroup.any())!
            let store: any BookingStore =
                logged.isPostgres ? PostgresBookingStore(db: logged) : SQLiteBookingStore(db: logged, gate: app.writeGate)
            let created = try await service(app, salon: salon, db: logged, store: store)
                .create(try request(salon, staff: salon.alex, email: "ana@example.com"), mode: .online)
            #expect(created.booking.clientID == (try await Customer.query(on: app.db).first()?.requireID()))
            #expect(try await OutboxMessage.query(on: app.db).count() == 3)
            // PostgreSQL's driver logs every statement (SQLiteKit does not, and SQLite's store is one
            // BEGIN IMMEDIATE transaction anyway, which the concurrency tests exercise).
            guard logged.isPostgres else { return }
            #expect(log.statements.value.count >= 3, "statements were not captured: \(log.statements.value)")
            #expect(log.writes.count == 1, "the PostgreSQL booking path must write with one statement: \(log.writes)")
            #expect(!log.statements.value.contains { $0.uppercased().hasPrefix("BEGIN") })
        }
    }

    /// On PostgreSQL both stores run (the SQLite store's statements are portable SQLKit); every
    /// column they write must agree.
    @Test func bothStoresWriteTheSameRows() async throws {
        try await withTestApp { app in
            let salon = try await Salon.make(app)
            var stores: [(String, any BookingStore, Staff)] = [("sqlite", SQLiteBookingStore(db: app.db, gate: app.writeGate), salon.alex)]
            if app.db.isPostgres { stores.append(("postgres", PostgresBookingStore(db: app.db), salon.sam)) }
            var rows: [String: [String: String]] = [:]
            for (name, store, staff) in stores {
                let created = try await service(app, salon: salon, db: app.db, store: store)
                    .create(try request(salon, staff: staff, email: "\(name)@example.com"), mode: .online)
                rows[name] = try await Self.columns(of: created.booking.requireID(), on: app.db)
            }
            let sqlite = try #require(rows["sqlite"])
            #expect(sqlite["contact_email"] == "sqlite@example.com" && sqlite["status"] == "confirmed")
            #expect(Set(sqlite.keys).isSuperset(of: Booking.insertColumns.names))
            if let postgres = rows["postgres"] {
                let differ = Set(sqlite.keys).union(postgres.keys).filter { sqlite[$0] != postgres[$0] }
                #expect(differ == ["id", "staff_id", "client_id", "contact_email", "manage_token_hash"], "\(differ.sorted())")
                let messages = try await OutboxMessage.query(on: app.db).all()
                let byBooking = Dictionary(grouping: messages, by: \.bookingID)
                let shapes = byBooking.values.map { Set($0.map { "\($0.kind.rawValue) \($0.channel.rawValue) \($0.status.rawValue) \($0.details) \($0.dueAt.timeIntervalSince1970)" }) }
                #expect(shapes.count == 2 && shapes[0] == shapes[1])
                #expect(messages.allSatisfy { $0.enrollmentID == nil && $0.attempts == 0 && $0.createdAt == $0.updatedAt })
            }
        }
    }

    /// Every column of a booking as text.
    static func columns(of id: UUID, on db: any Database) async throws -> [String: String] {
        let sql = db as! any SQLDatabase
        let row = try #require(try await sql.select().column("*").from("bookings").where("id", .equal, id).first())
        var result: [String: String] = [:]
        for column in row.allColumns {
            if let text = try? row.decode(column: column, as: String.self) {
                result[column] = text
            } else if let date = try? row.decode(column: column, as: Date.self) {
                result[column] = String(date.timeIntervalSince1970)
            } else if let uuid = try? row.decode(column: column, as: UUID.self) {
                result[column] = uuid.uuidString
            } else if let flag = try? row.decode(column: column, as: Bool.self) {
                result[column] = String(flag)
            } else {
                result[column] = "null"
            }
        }
        return result
    }
}
