/// Durations in words for messages to people ("2 hours", "30 minutes", "1 day").
enum NoticeWording {
    static func duration(minutes: Int) -> String {
        func plural(_ count: Int, _ unit: String) -> String { "\(count) \(unit)\(count == 1 ? "" : "s")" }
        if minutes % 1440 == 0 && minutes > 0 { return plural(minutes / 1440, "day") }
        if minutes % 60 == 0 && minutes > 0 { return plural(minutes / 60, "hour") }
        return plural(minutes, "minute")
    }
}
