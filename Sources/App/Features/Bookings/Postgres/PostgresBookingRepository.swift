import Fluent
import FluentPostgresDriver
import Foundation
import Vapor

/// PostgreSQL: the check, then **one** prepared statement (data-modifying CTEs: upsert the client,
/// insert the booking, insert its messages) with no transaction around them.
///
/// Under READ COMMITTED a transaction would not keep the check true until the write anyway; the
/// exclusion constraint decides races, and a single statement is atomic by itself. Saving `BEGIN`
/// and `COMMIT` saves two of a booking's round trips (docs/benchmarks.md). It also means this store
/// must never issue a second writing statement: `BookingStoreTests` counts them.
struct PostgresBookingRepository: BookingRepository {
    let db: any Database
    let storage: any Storage

    func create(now: Date, check: @escaping @Sendable (any Database) async throws -> NewBooking?) async throws -> Booking? {
        try await db.retryingTransientConflicts(attempts: 3) {
            guard let new = try await check(db) else { return nil }
            let booking = new.booking
            booking.createdAt = now
            booking.updatedAt = now
            let client = ClientInsert.Values(booking.contact, tenant: booking.tenantID, now: now)
            let statement = try Statement(client: client, booking: booking, messages: new.messages, now: now)
            guard let clientID = try await db.preparedRows(statement).first else {
                throw Abort(.internalServerError, reason: "booking insert returned no row")
            }
            booking.clientID = clientID
            return booking
        }
    }

    /// Every manage page reads its booking: a prepared statement, like the tenant and busy-time reads
    /// (an ordinary query was parsed and planned on each of them, issue 24).
    func managed(tokenHash: String, tenant: UUID) async throws -> ManagedBooking? {
        try await db.preparedRows(ByManageToken(tenant: tenant, tokenHash: tokenHash)).first
    }

    /// The booking by its manage token's hash: `bookings_manage_token_hash_idx`, generic plan included.
    struct ByManageToken: PostgresPreparedStatement {
        static let name = "nbne_booking_by_manage_token"
        static let sql =
            "SELECT \(ManagedBooking.columns.joined(separator: ", ")) FROM bookings WHERE manage_token_hash = $1 AND tenant_id = $2 LIMIT 1"
        typealias Row = ManagedBooking

        let tenant: UUID
        let tokenHash: String

        func makeBindings() -> PostgresBindings {
            var bindings = PostgresBindings(capacity: 2)
            bindings.append(tokenHash)
            bindings.append(tenant)
            return bindings
        }

        /// By position, in the order of `ManagedBooking.columns`.
        func decodeRow(_ row: PostgresRow) throws -> ManagedBooking {
            let (id, service, staff, startsAt, endsAt, status, name, email, hash) = try row.decode(
                (UUID, UUID, UUID, Date, Date, String, String, String, String).self)
            guard let status = BookingStatus(rawValue: status) else {
                throw DecodingError.dataCorrupted(.init(codingPath: [], debugDescription: "unknown booking status \(status)"))
            }
            return ManagedBooking(
                id: id, serviceID: service, staffID: staff, startsAt: startsAt, endsAt: endsAt, status: status, contactName: name,
                contactEmail: email, manageTokenHash: hash)
        }
    }

    /// The prepared statement, built from the three column lists. Parameters: the client's columns,
    /// then the booking's (but `client_id`, which comes from the client CTE), then one array per
    /// outbox column (but `booking_id` and `enrollment_id`, which come from the booking).
    struct Statement: PostgresPreparedStatement {
        static let name = "nbne_booking_insert"
        static let clientColumns = ClientInsert.columns.names
        static let bookingColumns = Booking.insertColumns.columns.filter { $0.name != "client_id" }
        static let messageColumns = Outbox.columns.columns.filter { !["booking_id", "enrollment_id"].contains($0.name) }

        static let sql: String = {
            let firstBooking = clientColumns.count + 1
            let firstMessage = firstBooking + bookingColumns.count
            var bookingValues = bookingColumns.enumerated().map { "$\(firstBooking + $0.offset)" }
            bookingValues.insert("client.id", at: Booking.insertColumns.names.firstIndex(of: "client_id")!)
            let arrays = messageColumns.enumerated().map { "$\(firstMessage + $0.offset)::\($0.element.type.postgresType)[]" }
            let messageValues = Outbox.columns.names.map { name in
                name == "booking_id" ? "booking.id" : name == "enrollment_id" ? "NULL" : "m.\(name)"
            }
            return """
                WITH client AS (\(ClientInsert.postgresSQL(firstParameter: 1))), booking AS (
                    INSERT INTO bookings (\(Booking.insertColumns.names.joined(separator: ", ")))
                    SELECT \(bookingValues.joined(separator: ", ")) FROM client
                    RETURNING id, client_id
                ), messages AS (
                    INSERT INTO outbox_messages (\(Outbox.columns.names.joined(separator: ", ")))
                    SELECT \(messageValues.joined(separator: ", "))
                    FROM booking CROSS JOIN unnest(\(arrays.joined(separator: ", "))) AS m(\(messageColumns.map(\.name).joined(separator: ", ")))
                )
                SELECT client_id FROM booking
                """
        }()
        typealias Row = UUID

        /// Built once from the values (the booking model itself is not `Sendable`).
        private let bindings: PostgresBindings

        init(client: ClientInsert.Values, booking: Booking, messages: [OutboxEntry], now: Date) throws {
            var bindings = PostgresBindings(
                capacity: Self.clientColumns.count + Self.bookingColumns.count + Self.messageColumns.count)
            for value in ClientInsert.columns.values(client) { value.append(to: &bindings) }
            for column in Self.bookingColumns { column.value(booking).append(to: &bindings) }
            let rows = try messages.map { try OutboxRow($0, tenant: booking.tenantID, now: now) }
            for column in Self.messageColumns {
                ColumnValue.appendArray(rows.map(column.value), of: column.type, to: &bindings)
            }
            self.bindings = bindings
        }

        func makeBindings() -> PostgresBindings { bindings }

        func decodeRow(_ row: PostgresRow) throws -> UUID { try row.decode(UUID.self) }
    }
}
