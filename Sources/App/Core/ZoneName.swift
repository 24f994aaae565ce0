/// A time zone as people say it, the same on the website and in messages: "London time" for
/// Europe/London, "New York time" for America/New_York, "UTC" for UTC.
enum ZoneName {
    static func spoken(_ identifier: String) -> String {
        guard let city = identifier.split(separator: "/").last, identifier.contains("/") else { return identifier }
        return city.replacingOccurrences(of: "_", with: " ") + " time"
    }
}
