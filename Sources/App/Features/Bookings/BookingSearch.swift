import Fluent
import SQLKit
import Scheduling
import Vapor

/// The admin's booking filters (`from`, `to`, `status`, `staff`, `service`, `q`, `page`), shared by
/// the JSON list and the CSV export.
struct BookingSearch {
    var from: LocalDate?
    var to: LocalDate?
    var status: BookingStatus?
    var staff: UUID?
    var service: UUID?
    var text: String?
    var page = Pagination()

    init(from req: Request) throws {
        var problems = FieldProblems()
        self.init(from: req, problems: &problems)
        try problems.throwIfAny()
    }

    /// The filters the query names, with what is wrong with any of them in `problems` (the portal
    /// shows those beside its fields). An empty value is no filter (a form's "Everyone").
    init(from req: Request, problems: inout FieldProblems) {
        let query = QueryParameters(req)
        func value(_ name: String) -> String? { query[name].flatMap { $0.isEmpty ? nil : $0 } }
        func date(_ name: String) -> LocalDate? {
            guard let raw = value(name) else { return nil }
            guard let value = LocalDate(iso: raw) else {
                problems.add(name, "must be a date like 2026-12-01")
                return nil
            }
            return value
        }
        func id(_ name: String) -> UUID? {
            guard let raw = value(name) else { return nil }
            guard let value = UUID(uuidString: raw) else {
                problems.add(name, "must be an id")
                return nil
            }
            return value
        }
        from = date("from")
        to = date("to")
        if let from, let to, from > to { problems.add("from", "must not be after to") }
        staff = id("staff")
        service = id("service")
        if let raw = value("status") {
            status = BookingStatus(rawValue: raw)
            if status == nil {
                problems.add("status", "must be one of \(BookingStatus.allCases.map(\.rawValue).joined(separator: ", "))")
            }
        }
        if let raw = query["q"]?.trimmingCharacters(in: .whitespaces), !raw.isEmpty {
            if raw.count > 100 { problems.add("q", "must be at most 100 characters") }
            problems.requirePlainText(raw, "q")
            text = raw
        }
        page = Pagination.read(req, into: &problems)
    }

    /// The filtered query for a tenant, newest start last.
    func query(on db: any Database, tenant: TenantContext) async throws -> QueryBuilder<Booking> {
        let tenantID = tenant.id
        let query = Booking.query(on: db, tenant: tenantID)
        let zone = tenant.timeZone
        let midnight = WallTime(minutes: 0)!
        if let from { query.filter(\.$startsAt >= LocalDateTime(date: from, time: midnight).instant(in: zone)) }
        if let to { query.filter(\.$startsAt < LocalDateTime(date: to.adding(days: 1), time: midnight).instant(in: zone)) }
        if let status { query.filter(\.$status == status) }
        if let staff { query.filter(\.$staffID == staff) }
        if let service { query.filter(\.$serviceID == service) }
        if let text { query.filter(\.$id ~~ (try await bookingIDs(matching: text, on: db, tenant: tenantID))) }
        return query.sort(\.$startsAt)
    }

    /// Bookings whose contact name, email or phone contains `text`, case-insensitively.
    private func bookingIDs(matching text: String, on db: any Database, tenant: UUID) async throws -> [UUID] {
        struct Row: Decodable { let id: UUID }
        guard let sql = db as? any SQLDatabase else { return [] }
        let escaped = text.lowercased().replacingOccurrences(of: "\\", with: "\\\\")
            .replacingOccurrences(of: "%", with: "\\%").replacingOccurrences(of: "_", with: "\\_")
        let pattern = "%\(escaped)%"
        return try await sql.raw(
            """
            SELECT id FROM bookings WHERE tenant_id = \(bind: tenant) AND (
                LOWER(contact_name) LIKE \(bind: pattern) ESCAPE '\\' OR LOWER(contact_email) LIKE \(bind: pattern) ESCAPE '\\'
                OR COALESCE(contact_phone, '') LIKE \(bind: pattern) ESCAPE '\\')
            """
        ).all(decoding: Row.self).map(\.id)
    }
}
