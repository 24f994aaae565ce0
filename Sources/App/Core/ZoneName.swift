import NIOConcurrencyHelpers

/// A time zone as people say it, the same on the website and in messages: "London time" for
/// Europe/London, "New York time" for America/New_York, "UTC" for UTC.
/// Pages say it several times each: the few zones in use are remembered.
enum ZoneName {
    private static let known = NIOLockedValueBox<[String: String]>([:])

    static func spoken(_ identifier: String) -> String {
        if let said = known.withLockedValue({ $0[identifier] }) { return said }
        let said = make(identifier)
        known.withLockedValue { names in if names.count < 1_000 { names[identifier] = said } }
        return said
    }

    private static func make(_ identifier: String) -> String {
        guard let city = identifier.split(separator: "/").last, identifier.contains("/") else { return identifier }
        return city.replacingOccurrences(of: "_", with: " ") + " time"
    }
}
