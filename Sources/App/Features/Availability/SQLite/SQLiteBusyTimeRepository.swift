import Fluent
import FluentSQLiteDriver
import Foundation
import Scheduling

/// SQLite: one grouped query whose rows are read directly, without `Codable`.
struct SQLiteBusyTimeRepository: BusyTimeRepository {
    let db: any Database

    func spans(staff staffIDs: [UUID], from: Date, to: Date, excluding: UUID?, tenant: UUID) async throws -> [UUID: [Span]] {
        guard !staffIDs.isEmpty else { return [:] }
        guard let sqlite = db as? any SQLiteDatabase else { throw UnsupportedDatabase() }
        return try await Self.loadSQLite(
            staffIDs: staffIDs, earliestStart: BusySpans.earliestStart(before: from), from: from, to: to, excluding: excluding,
            on: sqlite,
            tenant: tenant)
    }

    /// SQLite stores UUIDs as text (`uuidString`) and dates as seconds since 1970; rows are read
    /// directly, without `Codable`.
    private static func loadSQLite(
        staffIDs: [UUID], earliestStart: Date, from: Date, to: Date, excluding: UUID?, on sqlite: any SQLiteDatabase, tenant: UUID
    ) async throws -> [UUID: [Span]] {
        let staffByText = Dictionary(uniqueKeysWithValues: staffIDs.map { ($0.uuidString, $0) })
        let placeholders = Array(repeating: "?", count: staffIDs.count).joined(separator: ", ")
        let rows = try await sqlite.query(
            """
            SELECT staff_id, group_concat(
              CAST(blocked_from AS INTEGER) * \(packingFactor) + (CAST(blocked_until AS INTEGER) - CAST(blocked_from AS INTEGER))
            ) AS spans
            FROM bookings
            WHERE tenant_id = ? AND staff_id IN (\(placeholders)) AND status IN \(BookingStatus.activeSQLList)
              AND blocked_from > ? AND blocked_from < ? AND blocked_until > ?\(excluding == nil ? "" : " AND id <> ?")
            GROUP BY staff_id
            """,
            [.text(tenant.uuidString)] + staffIDs.map { .text($0.uuidString) }
                + [
                    .float(earliestStart.timeIntervalSince1970), .float(to.timeIntervalSince1970),
                    .float(from.timeIntervalSince1970),
                ]
                + (excluding.map { [.text($0.uuidString)] } ?? []))
        var result: [UUID: [Span]] = [:]
        for row in rows {
            guard case .text(let staffText)? = row.column("staff_id"), let staff = staffByText[staffText],
                case .text(let spans)? = row.column("spans")
            else { continue }
            result[staff] = BusySpans.sorted(parse(spans))
        }
        return result
    }

    /// Each span travels as one integer, `from * 2^24 + length` (whole seconds): writing one number
    /// per booking instead of two joined by a colon cut the day page's busy-time read by a fifth on
    /// a salon with 2,000 bookings in four weeks (issue 24). A blocked span is at most
    /// `ServiceTiming.maxBlockedMinutes` (20 hours), far below 2^24 seconds (194 days).
    static let packingFactor = 1 << 24

    /// Parses `packed,packed,...` (see `packingFactor`) byte by byte: splitting the text into
    /// substrings was 22 % of the server's CPU in the many-tenant mix (issue 24). A value that is not
    /// a whole number, or not a span, is skipped.
    static func parse(_ text: String) -> [Span] {
        var spans: [Span] = []
        // Exactly as many as there are values (grown by doubling, up to half of each array was unused
        // capacity): `KeptBusyTime` keeps every tenant's for a second.
        spans.reserveCapacity(text.utf8.reduce(1) { $1 == UInt8(ascii: ",") ? $0 + 1 : $0 })
        var current = 0
        var digits = 0
        var valid = true
        func finish() {
            let from = current / packingFactor
            let length = current % packingFactor
            if valid && digits > 0,
                let span = Span(
                    start: Date(timeIntervalSince1970: TimeInterval(from)),
                    end: Date(timeIntervalSince1970: TimeInterval(from + length)))
            {
                spans.append(span)
            }
            (current, digits, valid) = (0, 0, true)
        }
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"):
                let (times, overflowA) = current.multipliedReportingOverflow(by: 10)
                let (sum, overflowB) = times.addingReportingOverflow(Int(byte - UInt8(ascii: "0")))
                if overflowA || overflowB { valid = false }
                current = sum
                digits += 1
            case UInt8(ascii: ","):
                finish()
            default:
                valid = false
            }
        }
        finish()
        return spans
    }
}
