import Foundation

/// A zone's UTC offset remembered between two of its changes, so reading the wall clock of many
/// instants (every free time of a day page, every class of a timetable) is arithmetic rather than a
/// time-zone database look-up each (those were 8 % of a day page's CPU). One span per zone: the
/// offset from the instant last looked up until the zone's next transition, and never more than 31
/// days ahead, so a rule change the zone data does not report as a transition is picked up within a
/// month at worst.
final class ZoneOffsets: @unchecked Sendable {
    static let shared = ZoneOffsets()

    private struct Span {
        let from: Int
        let until: Int
        let offset: Int
    }

    private let lock = NSLock()
    private var spans: [String: Span] = [:]

    func offset(of zone: TimeZone, at instant: Date) -> Int {
        let seconds = Int(instant.timeIntervalSince1970.rounded(.down))
        let identifier = zone.identifier
        lock.lock()
        let known = spans[identifier]
        lock.unlock()
        if let known, known.from <= seconds, seconds < known.until { return known.offset }
        let offset = zone.secondsFromGMT(for: instant)
        let cap = seconds + 31 * 86_400
        let next = zone.nextDaylightSavingTimeTransition(after: instant).map { Int($0.timeIntervalSince1970.rounded(.down)) }
        let span = Span(from: seconds, until: min(next ?? cap, cap), offset: offset)
        lock.lock()
        spans[identifier] = span
        lock.unlock()
        return offset
    }
}
