import Foundation

/// An iCalendar (RFC 5545) event for one booking or session place: METHOD:REQUEST to add or update
/// it in the client's calendar, METHOD:CANCEL to remove it. The UID is stable per booking, and the
/// SEQUENCE grows with each message, so calendars apply updates in order.
struct CalendarInvite: Sendable {
    enum Method: String, Sendable { case request = "REQUEST", cancel = "CANCEL", publish = "PUBLISH" }

    var uid: String
    var method: Method
    var sequence: Int
    var stamp: Date
    var start: Date
    var end: Date
    var summary: String
    var location: String?
    var description: String
    var url: String?
    var organizer: MailAddress
    var attendee: MailAddress

    func render() -> String {
        var lines = [
            "BEGIN:VCALENDAR",
            "PRODID:-//NBNE Booking//EN",
            "VERSION:2.0",
            "CALSCALE:GREGORIAN",
            "METHOD:\(method.rawValue)",
            "BEGIN:VEVENT",
            "UID:\(Self.text(uid))",
            "SEQUENCE:\(sequence)",
            "DTSTAMP:\(Self.utc(stamp))",
            "DTSTART:\(Self.utc(start))",
            "DTEND:\(Self.utc(end))",
            "STATUS:\(method == .cancel ? "CANCELLED" : "CONFIRMED")",
            "SUMMARY:\(Self.text(summary))",
        ]
        if let location, !location.isEmpty { lines.append("LOCATION:\(Self.text(location))") }
        lines.append("DESCRIPTION:\(Self.text(description))")
        if let url { lines.append("URL:\(url)") }
        lines.append("ORGANIZER;CN=\(Self.parameter(organizer.name ?? organizer.email)):mailto:\(organizer.email)")
        lines.append(
            "ATTENDEE;CN=\(Self.parameter(attendee.name ?? attendee.email));ROLE=REQ-PARTICIPANT;PARTSTAT=ACCEPTED:mailto:\(attendee.email)"
        )
        lines += ["END:VEVENT", "END:VCALENDAR"]
        return lines.map(Self.fold).joined(separator: "\r\n") + "\r\n"
    }

    /// A SEQUENCE that grows with time: seconds since 2020 (fits iCalendar's 32-bit INTEGER until 2088).
    static func sequence(at date: Date) -> Int {
        max(0, Int(date.timeIntervalSince1970) - 1_577_836_800)
    }

    static func utc(_ date: Date) -> String { FixedDateFormat.string(date, "yyyyMMdd'T'HHmmss'Z'") }

    /// TEXT values escape backslash, semicolon, comma and newline (RFC 5545 §3.3.11).
    static func text(_ value: String) -> String {
        var escaped = ""
        for character in value {
            switch character {
            case "\\": escaped += "\\\\"
            case ";": escaped += "\\;"
            case ",": escaped += "\\,"
            case "\n", "\r\n": escaped += "\\n"
            case "\r": continue
            default: escaped.append(character)
            }
        }
        return escaped
    }

    /// Parameter values are quoted, and may not contain quotes or control characters.
    static func parameter(_ value: String) -> String {
        "\"" + String(MIMEWriter.headerSafe(value).filter { $0 != "\"" }) + "\""
    }

    /// Lines longer than 75 octets continue on the next line after a space, never inside a character.
    static func fold(_ line: String) -> String {
        var result = ""
        var count = 0
        for character in line {
            let size = String(character).utf8.count
            if count + size > 75 {
                result += "\r\n "
                count = 1
            }
            result.append(character)
            count += size
        }
        return result
    }
}
