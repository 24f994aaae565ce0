import Foundation
import Scheduling

/// The weekly hours editor's form, without HTTP: each day open or closed with time ranges
/// (`mon-open`, `mon-1-start`, `mon-1-end`, ...), read from what was typed and turned into
/// `WeeklyHours` (whose rules refuse overlaps), or copied from one day to others before saving.
/// Plain inputs, so it works with a thumb and with JavaScript off; an end of 00:00 means midnight.
struct HoursForm: Equatable, Sendable {
    struct Row: Equatable, Sendable {
        var start: String
        var end: String
        var isBlank: Bool {
            start.trimmingCharacters(in: .whitespaces).isEmpty && end.trimmingCharacters(in: .whitespaces).isEmpty
        }
    }

    struct Day: Equatable, Sendable {
        var open: Bool
        var rows: [Row]
    }

    /// The most ranges a day may have (as the API allows).
    static let maximumRows = 12

    var days: [Weekday: Day]

    /// The form showing stored hours.
    init(_ hours: WeeklyHours) {
        var days: [Weekday: Day] = [:]
        for day in Weekday.allCases {
            let ranges = hours.ranges(on: day)
            days[day] = Day(
                open: !ranges.isEmpty, rows: ranges.map { Row(start: Self.text($0.start), end: Self.text($0.end)) })
        }
        self.days = days
    }

    /// The form as it was sent.
    init(fields: [String: String]) {
        var days: [Weekday: Day] = [:]
        for day in Weekday.allCases {
            var rows: [Row] = []
            for index in 1...Self.maximumRows {
                let row = Row(
                    start: fields["\(day.rawValue)-\(index)-start"] ?? "", end: fields["\(day.rawValue)-\(index)-end"] ?? "")
                if !row.isBlank { rows.append(row) }
            }
            days[day] = Day(open: fields["\(day.rawValue)-open"] != nil, rows: rows)
        }
        self.days = days
    }

    func day(_ day: Weekday) -> Day { days[day] ?? Day(open: false, rows: []) }

    /// Gives `targets` the open flag and ranges of `source`, as typed.
    mutating func copy(from source: Weekday, to targets: [Weekday]) {
        for target in targets where target != source { days[target] = day(source) }
    }

    /// What the form holds: hours to save, or the problems by day (in words, naming the day).
    enum Reading: Equatable {
        case hours(WeeklyHours)
        case problems([Weekday: String])
    }

    func reading() -> Reading {
        var problems: [Weekday: String] = [:]
        var ranges: [Weekday: [WallTimeRange]] = [:]
        for weekday in Weekday.allCases {
            let day = day(weekday)
            guard day.open else { continue }
            let name = Self.name(weekday)
            if day.rows.isEmpty {
                problems[weekday] = "\(name) is open but has no hours: give it a start and an end, or untick the day"
                continue
            }
            for (index, row) in day.rows.enumerated() {
                let which = day.rows.count == 1 ? name : "\(name), range \(index + 1)"
                guard let start = Self.time(row.start), start.minutes < 1440 else {
                    problems[weekday] = "\(which): the start must be a time like 09:00"
                    break
                }
                guard var end = Self.time(row.end) else {
                    problems[weekday] = "\(which): the end must be a time like 17:30"
                    break
                }
                if end.minutes == 0 { end = WallTime(minutes: 1440)! }
                guard let range = WallTimeRange(start: start, end: end) else {
                    problems[weekday] = "\(which): the end must be after the start"
                    break
                }
                ranges[weekday, default: []].append(range)
            }
            if problems[weekday] == nil, let overlap = Self.overlap(weekday, ranges[weekday] ?? []) {
                problems[weekday] = overlap
            }
        }
        guard problems.isEmpty, let hours = try? WeeklyHours(ranges) else { return .problems(problems) }
        return .hours(hours)
    }

    /// "Monday: 09:00–13:00 and 12:30–17:00 overlap", as `WeeklyHours` finds it, or nil.
    private static func overlap(_ day: Weekday, _ ranges: [WallTimeRange]) -> String? {
        do {
            _ = try WeeklyHours([day: ranges])
            return nil
        } catch {
            switch error {
            case .overlapping(_, let first, let second):
                return
                    "\(name(day)): \(text(first.start))–\(text(first.end)) and \(text(second.start))–\(text(second.end)) overlap"
            }
        }
    }

    /// "9:00", "09:00" or "09:00:00" (what a time input sends when it shows seconds).
    static func time(_ text: String) -> WallTime? {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        var parts = trimmed.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
        if parts.count == 3, parts[2] == "00" { parts.removeLast() }
        guard parts.count == 2, (1...2).contains(parts[0].count), parts[1].count == 2,
            parts.allSatisfy({ $0.allSatisfy { $0.isASCII && $0.isNumber } }),
            let hour = Int(parts[0]), let minute = Int(parts[1])
        else { return nil }
        return WallTime(hour: hour, minute: minute)
    }

    /// A time as a time input shows it: midnight as an end is "00:00".
    static func text(_ time: WallTime) -> String {
        time.minutes == 1440 ? "00:00" : time.description
    }

    static func name(_ day: Weekday) -> String { PageDates.weekdays[day.isoNumber - 1] }
}
