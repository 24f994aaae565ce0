/// ISO weekday, Monday first. Raw values are the short keys used in the API (`"mon"` ... `"sun"`).
public enum Weekday: String, CaseIterable, Codable, Sendable, Comparable {
    case monday = "mon"
    case tuesday = "tue"
    case wednesday = "wed"
    case thursday = "thu"
    case friday = "fri"
    case saturday = "sat"
    case sunday = "sun"

    /// 1 (Monday) ... 7 (Sunday), as stored in the database.
    public var isoNumber: Int { Weekday.allCases.firstIndex(of: self)! + 1 }

    public init?(isoNumber: Int) {
        guard (1...7).contains(isoNumber) else { return nil }
        self = Weekday.allCases[isoNumber - 1]
    }

    public static func < (lhs: Weekday, rhs: Weekday) -> Bool { lhs.isoNumber < rhs.isoNumber }
}
