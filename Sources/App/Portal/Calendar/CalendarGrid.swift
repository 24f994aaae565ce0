import Foundation
import Scheduling

/// A calendar as a table: one row per slot interval of wall time, one column per staff member (the
/// day view) or per day (a staff member's week). Bookings, time off and closures become cells that
/// span their rows; hours without anything become free times (links to book a phone-in) or "not
/// working" cells. Rows are wall times, so the clocks changing moves nothing: a time the clocks skip
/// has no free link, and an entry in a repeated hour still shows, with its own times.
///
/// Pure: built from what the page loaded, tested without a database.
struct CalendarGrid: Encodable, Sendable {
    /// Something that takes a column's time.
    struct Item: Sendable {
        enum Kind: String, Sendable {
            case booking, session = "class", timeOff = "time-off", closure
        }
        let start: Date
        let end: Date
        let kind: Kind
        let title: String
        let detail: String?
        let link: String?
        let tone: String
        /// The time it keeps from others: a booking's buffers before and after included.
        var occupied: (start: Date, end: Date)? = nil

        var placement: (start: Date, end: Date) { occupied ?? (start, end) }
    }

    struct Column: Sendable {
        let heading: String
        let date: LocalDate
        let staffID: UUID
        /// Wall-time ranges the staff member works that date (within opening hours).
        let working: [WallTimeRange]
        let items: [Item]
        /// Hidden on a narrow screen, where one column shows at a time.
        let hiddenOnPhone: Bool
        /// Said after a free time's "Book 10:15" to a screen reader: "with Alex", "on Fri 4 Dec".
        let freeContext: String
    }

    struct Heading: Encodable, Sendable {
        let title: String
        let other: Bool
    }

    struct Entry: Encodable, Sendable {
        let time: String
        let title: String
        let detail: String?
        let link: String?
        let tone: String
        let kind: String
    }

    struct Cell: Encodable, Sendable {
        /// `entries`, `free`, `past` or `off`.
        let kind: String
        let rowspan: Int
        let entries: [Entry]?
        let label: String?
        let link: String?
        /// For a free time: "10:15 with Alex", completing the link's "Book".
        let context: String?
        let other: Bool
    }

    struct Row: Encodable, Sendable {
        let time: String
        let cells: [Cell]
    }

    let headings: [Heading]
    let rows: [Row]

    static func build(
        columns: [Column], intervalMinutes: Int, zone: TimeZone, now: Date, freeLink: (UUID, Date) -> String?
    ) -> CalendarGrid {
        let interval = max(5, intervalMinutes)
        // The wall-time rows: from the earliest start to the latest end of working hours and bookings.
        var low = Int.max
        var high = Int.min
        var placed: [[(first: Int, last: Int, item: Item)]] = []
        for column in columns {
            for range in column.working {
                low = min(low, range.start.minutes)
                high = max(high, range.end.minutes)
            }
            // Time off and closures are shown within those hours; a whole-day closure does not stretch them to midnight.
            for item in column.items where item.kind == .booking || item.kind == .session {
                let (start, end) = wallMinutes(item, on: column.date, zone: zone)
                low = min(low, start)
                high = max(high, end)
            }
        }
        if low == Int.max { (low, high) = (9 * 60, 17 * 60) }
        low = low / interval * interval
        high = min(24 * 60, (high + interval - 1) / interval * interval)
        let count = max(1, (high - low) / interval)

        for column in columns {
            placed.append(
                column.items.map { item in
                    let (start, end) = wallMinutes(item, on: column.date, zone: zone)
                    let first = min(max((start - low) / interval, 0), count - 1)
                    let last = min(max((end - low + interval - 1) / interval - 1, first), count - 1)
                    return (first, last, item)
                })
        }

        // Each column's cells, keyed by the row they start in.
        var cellsByColumn: [[Int: Cell]] = []
        for (index, column) in columns.enumerated() {
            var cells: [Int: Cell] = [:]
            var covered = Set<Int>()
            // Entries whose rows overlap share one cell, so none hides another.
            var blocks: [(first: Int, last: Int, items: [Item])] = []
            for entry in placed[index].sorted(by: { ($0.first, $0.item.start) < ($1.first, $1.item.start) }) {
                if let lastBlock = blocks.last, entry.first <= lastBlock.last {
                    blocks[blocks.count - 1] = (lastBlock.first, max(lastBlock.last, entry.last), lastBlock.items + [entry.item])
                } else {
                    blocks.append((entry.first, entry.last, [entry.item]))
                }
            }
            for block in blocks {
                cells[block.first] = Cell(
                    kind: "entries", rowspan: block.last - block.first + 1,
                    entries: block.items.map { entry($0, zone: zone) }, label: nil, link: nil, context: nil,
                    other: column.hiddenOnPhone)
                covered.formUnion(block.first...block.last)
            }
            let day = ZoneDay(date: column.date, timeZone: zone)
            var row = 0
            while row < count {
                if covered.contains(row) {
                    row += 1
                    continue
                }
                let wall = low + row * interval
                if column.working.contains(where: { $0.start.minutes <= wall && wall < $0.end.minutes }),
                    let instant = WallTime(minutes: wall).flatMap(day.instant(at:))
                {
                    let time = PageDates.time(zone.wallClock(at: instant).time)
                    let link = instant >= now ? freeLink(column.staffID, instant) : nil
                    cells[row] = Cell(
                        kind: link == nil ? "past" : "free", rowspan: 1, entries: nil, label: link == nil ? "" : "Book",
                        link: link, context: "\(time) \(column.freeContext)", other: column.hiddenOnPhone)
                    row += 1
                    continue
                }
                // Not working: one cell down to the next working or taken row.
                var end = row
                while end + 1 < count, !covered.contains(end + 1),
                    !column.working.contains(where: {
                        $0.start.minutes <= low + (end + 1) * interval && low + (end + 1) * interval < $0.end.minutes
                    })
                {
                    end += 1
                }
                let isBreak =
                    column.working.contains { $0.end.minutes <= wall } && column.working.contains { $0.start.minutes > wall }
                cells[row] = Cell(
                    kind: "off", rowspan: end - row + 1, entries: nil,
                    label: column.working.isEmpty ? "Not working" : isBreak ? "Break" : "", link: nil, context: nil,
                    other: column.hiddenOnPhone)
                row = end + 1
            }
            cellsByColumn.append(cells)
        }

        let rows = (0..<count).map { row in
            Row(
                time: PageDates.time(WallTime(minutes: low + row * interval) ?? WallTime(minutes: 0)!),
                cells: cellsByColumn.compactMap { $0[row] })
        }
        return CalendarGrid(headings: columns.map { Heading(title: $0.heading, other: $0.hiddenOnPhone) }, rows: rows)
    }

    /// The minutes of its column's day an item keeps, clipped to that day (0 to 1440).
    static func wallMinutes(_ item: Item, on date: LocalDate, zone: TimeZone) -> (Int, Int) {
        let dayStart = PortalDays.start(of: date, zone: zone)
        let dayEnd = PortalDays.start(of: date.adding(days: 1), zone: zone)
        let (from, until) = item.placement
        let start = from <= dayStart ? 0 : zone.wallClock(at: from).time.minutes
        let end = until >= dayEnd ? 24 * 60 : zone.wallClock(at: until).time.minutes
        return (start, max(end, start + 1))
    }

    private static func entry(_ item: Item, zone: TimeZone) -> Entry {
        Entry(
            time: PortalDays.timeSpan(item.start, item.end, zone: zone), title: item.title, detail: item.detail, link: item.link,
            tone: item.tone, kind: item.kind.rawValue)
    }
}
