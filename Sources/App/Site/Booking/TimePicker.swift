import Fluent
import Foundation
import Scheduling
import Vapor

/// The day-and-time step, shared by booking and rescheduling: the next days with free times (up to
/// 14 from a four-week window, with links to earlier and later dates), and the chosen day's free
/// times grouped into morning, afternoon and evening. The times are the very slots the JSON API
/// offers (`AvailabilityService`), in the tenant's wall time.
struct TimePicker: Encodable, Hashable, Sendable {
    struct Day: Encodable, Hashable, Sendable {
        let label: String
        let date: String
        let count: String
        let link: String
        let current: Bool
    }
    struct Time: Encodable, Hashable, Sendable {
        let label: String
        let start: String
        let link: String
        /// The time being changed ("Change time" from the details form).
        let current: Bool
    }
    struct Group: Encodable, Hashable, Sendable {
        let name: String
        let times: [Time]
    }

    let days: [Day]?
    let earlierLink: String?
    let laterLink: String?
    /// "Thursday 3 December", or nil when no day in the window has a free time.
    let selectedDay: String?
    let selectedDate: String?
    let groups: [Group]?
    /// "12 times available on Thursday 3 December" (read out by the script's live region too).
    let announcement: String
    let zoneName: String
    /// The window's first date (kept in day links so the list stays put).
    let from: String
    /// For the script's month calendar: the zone, today and the last bookable date.
    let zone: String
    let today: String
    let lastDate: String
    /// ISO weekday numbers the business is closed on ("6,7"), so the calendar can say "Closed"
    /// rather than "No free times".
    let closedWeekdays: String

    /// How the picker's links are made: the page's own path and the parameters it keeps.
    struct Links {
        /// A link to the picker for `date` (nil: the window's first free day) in the window from `from`.
        var day: (_ date: LocalDate?, _ from: LocalDate) -> String
        /// A link to the next step for a chosen start.
        var time: (_ start: Date) -> String
    }

    /// Hashes what tells two pickers apart cheaply (the window, the chosen day, how many days and
    /// times); equality still compares every field. A shared page is hashed on every request, and
    /// hashing some 45 labels and links was 2 % of the day page's CPU.
    func hash(into hasher: inout Hasher) {
        hasher.combine(from)
        hasher.combine(today)
        hasher.combine(selectedDate)
        hasher.combine(days?.count)
        hasher.combine(groups?.reduce(0) { $0 + $1.times.count })
        hasher.combine(announcement.utf8.count)
    }

    static let windowDays = 28
    static let maxDaysListed = 14

    /// `from` starts the window (default today); `date` is the chosen day (default the first free one).
    static func build(
        service: UUID, staff: UUID?, excludingBooking: UUID? = nil, from requestedFrom: LocalDate?, date: LocalDate?,
        current: Date? = nil, availability: AvailabilityService, links: Links
    ) async throws -> TimePicker {
        let (tenant, now) = (availability.tenant, availability.now)
        let zone = tenant.timeZone
        let today = zone.wallClock(at: now).date
        let lastBookable = today.adding(days: tenant.maxAdvanceDays)
        let from = max(requestedFrom ?? today, today)
        let query = AvailabilityService.Query(
            serviceID: service, staffID: staff, from: from, to: from, excludingBooking: excludingBooking)
        var window = query
        window.to = min(from.adding(days: windowDays - 1), lastBookable)
        // The window's slots by local day (grouped once per memoised search, `FoundSlots.dayStarts`).
        let freeDays = from <= window.to ? try await availability.offered(window)?.byDay ?? [] : []
        let byDay = Dictionary(freeDays.map { ($0.date, $0.slots) }, uniquingKeysWith: { first, _ in first })
        let listed = Array(freeDays.prefix(maxDaysListed).map(\.date))
        // The chosen day (or the first with a free time); a day outside the window is read on its own.
        let selected = date.map { max($0, today) } ?? listed.first
        var selectedSlots: ArraySlice<Slot> = []
        if let day = selected {
            if let known = byDay[day] {
                selectedSlots = known
            } else if day < from || day > window.to {
                var single = query
                single.from = day
                single.to = day
                selectedSlots = day <= lastBookable ? ArraySlice(try await availability.offered(single)?.slots ?? []) : []
            }
        }
        let days = listed.map { day in
            let count = byDay[day]?.count ?? 0
            return Day(
                label: PageDates.day(day), date: day.description, count: count == 1 ? "1 time" : "\(count) times",
                link: links.day(day, from), current: day == selected)
        }
        let nextFrom = (listed.count == maxDaysListed ? listed.last!.adding(days: 1) : window.to.adding(days: 1))
        let laterLink = nextFrom <= lastBookable ? links.day(nil, nextFrom) : nil
        let earlierLink = from > today ? links.day(nil, max(today, from.adding(days: -windowDays))) : nil
        var groups: [Group] = []
        for (name, range) in [("Morning", 0..<720), ("Afternoon", 720..<1020), ("Evening", 1020..<1440)] {
            let times = selectedSlots.compactMap { slot -> Time? in
                let wall = zone.wallClock(at: slot.start).time
                guard range.contains(wall.minutes) else { return nil }
                return Time(
                    label: PageDates.time(wall), start: ISOTimestamp.string(from: slot.start), link: links.time(slot.start),
                    current: slot.start == current)
            }
            if !times.isEmpty { groups.append(Group(name: name, times: times)) }
        }
        let dayLabel = selected.map(PageDates.day)
        let count = selectedSlots.count
        let announcement: String
        if let dayLabel {
            announcement =
                count == 0
                ? "No free times on \(dayLabel)" : "\(count == 1 ? "1 time" : "\(count) times") available on \(dayLabel)"
        } else {
            announcement = "No free times in these four weeks"
        }
        let opening = try await availability.cache.snapshot(for: tenant, now: now, on: availability.db).hours.opening
        let closed = Weekday.allCases.filter { opening?.ranges(on: $0).isEmpty ?? false }
        return TimePicker(
            days: days.nonEmpty, earlierLink: earlierLink, laterLink: laterLink, selectedDay: dayLabel,
            selectedDate: selected?.description,
            groups: groups.nonEmpty, announcement: announcement, zoneName: PageDates.zoneName(tenant.timezone),
            from: from.description,
            zone: tenant.timezone, today: today.description, lastDate: lastBookable.description,
            closedWeekdays: closed.map { String($0.isoNumber) }.joined(separator: ","))
    }
}
