import Fluent
import SQLKit

/// Counts pairs of active bookings of one staff member whose blocked spans overlap: a double booking.
/// Must always be 0; benchmarks and tests run it after load.
public enum OverlapAudit {
    public static func count(on db: any Database) async throws -> Int {
        struct Row: Decodable { let overlaps: Int }
        guard let sql = db as? any SQLDatabase else { return -1 }
        let row = try await sql.raw(
            """
            SELECT COUNT(*) AS overlaps FROM bookings a JOIN bookings b
              ON a.tenant_id = b.tenant_id AND a.staff_id = b.staff_id AND a.id < b.id
             AND a.blocked_from < b.blocked_until AND b.blocked_from < a.blocked_until
            WHERE a.status IN \(unsafeRaw: BookingStatus.activeSQLList) AND b.status IN \(unsafeRaw: BookingStatus.activeSQLList)
            """
        ).first(decoding: Row.self)
        return row?.overlaps ?? -1
    }
}
