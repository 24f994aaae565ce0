import Fluent
import Scheduling
import Vapor

/// The JSON shape of weekly hours: `{"mon": [["09:00","12:30"], ["13:30","18:00"]], ...}`;
/// a missing day means not working.
enum WeeklyHoursPayload {
    typealias JSON = [String: [[String]]]

    /// Parses and validates, naming the day and range of every problem (422).
    static func parse(_ json: JSON) throws -> WeeklyHours {
        var problems = FieldProblems()
        var days: [Weekday: [WallTimeRange]] = [:]
        for (key, pairs) in json.sorted(by: { $0.key < $1.key }) {
            guard let day = Weekday(rawValue: key.lowercased()) else {
                problems.add(key, "is not a weekday (use mon, tue, wed, thu, fri, sat, sun)")
                continue
            }
            if pairs.count > 12 { problems.add(key, "has more than 12 ranges") }
            for pair in pairs.prefix(12) {
                guard pair.count == 2 else {
                    problems.add(key, "ranges must be [\"HH:MM\", \"HH:MM\"] pairs")
                    continue
                }
                guard let start = WallTime(pair[0]), start.minutes < 1440, let end = WallTime(pair[1]) else {
                    problems.add(key, "has a time that is not HH:MM (00:00 to 24:00): \(pair.joined(separator: "-").prefix(40))")
                    continue
                }
                guard let range = WallTimeRange(start: start, end: end) else {
                    problems.add(key, "range \(start)-\(end) ends before it starts")
                    continue
                }
                days[day, default: []].append(range)
            }
        }
        try problems.throwIfAny()
        do {
            return try WeeklyHours(days)
        } catch {
            throw APIError.unprocessable(error.description)
        }
    }

    static func json(_ hours: WeeklyHours) -> JSON {
        var result: JSON = [:]
        for day in Weekday.allCases {
            let ranges = hours.ranges(on: day)
            if !ranges.isEmpty { result[day.rawValue] = ranges.map { [$0.start.description, $0.end.description] } }
        }
        return result
    }

    /// Loads the stored hours of a staff member (or the business, for `staffID == nil`).
    static func load(staffID: UUID?, on db: any Database, tenant: UUID) async throws -> WeeklyHours {
        let loaded = try await HoursLoader.load(staffIDs: staffID.map { [$0] } ?? [], on: db, tenant: tenant)
        guard let staffID else { return loaded.opening ?? .closed }
        return loaded.staff[staffID] ?? .closed
    }

    /// Replaces the stored hours of a staff member (or the business) in one transaction.
    static func store(_ hours: WeeklyHours, staffID: UUID?, on db: any Database, tenant: UUID) async throws {
        try await db.transaction { db in
            let existing = WorkingHours.query(on: db, tenant: tenant)
            if let staffID { existing.filter(\.$staffID == staffID) } else { existing.filter(\.$staffID == nil) }
            try await existing.delete()
            for day in Weekday.allCases {
                for range in hours.ranges(on: day) {
                    try await WorkingHours(tenantID: tenant, staffID: staffID, weekday: day, range: range).create(on: db)
                }
            }
        }
    }
}
