import Foundation
import Scheduling
import Testing

@testable import App

/// The hand-written encoders and parsers on hot paths give what Foundation gives.
@Suite("Text encodings")
struct TextEncodingTests {
    @Test func base64URLIsFoundationsBase64WithTheURLAlphabetAndNoPadding() {
        var generator = SystemRandomNumberGenerator()
        for length in 0...40 {
            let bytes = (0..<length).map { _ in UInt8.random(in: 0...255, using: &generator) }
            let expected = Data(bytes).base64EncodedString().replacingOccurrences(of: "+", with: "-")
                .replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
            #expect(Secrets.base64URL(bytes) == expected, "\(length) bytes")
            #expect(Secrets.base64URLDecoded(Secrets.base64URL(bytes)) == Data(bytes))
        }
        #expect(Secrets.base64URL([0xFB, 0xFF, 0xBF]) == "-_-_")
    }

    @Test func timestampsAreWrittenAsFoundationsISO8601() {
        let formatter = ISO8601DateFormatter()
        formatter.timeZone = TimeZone(identifier: "UTC")
        var generator = SystemRandomNumberGenerator()
        // From 1900 to 2200, the edges of a day, and the last second of 9999 (Foundation's calendar
        // turns Julian before 1582, where ISO 8601 stays Gregorian, so older years are not compared).
        let instants =
            (0..<2_000).map { _ in
                Date(timeIntervalSince1970: Double.random(in: -2_208_988_800...7_258_118_400, using: &generator))
            } + [0, 86_399, 86_400, -1, -0.5, 253_402_300_799].map(Date.init(timeIntervalSince1970:))
        for instant in instants {
            let rounded = Date(timeIntervalSince1970: instant.timeIntervalSince1970.rounded(.down))
            let text = ISOTimestamp.string(from: instant)
            #expect(text == formatter.string(from: rounded), "\(instant.timeIntervalSince1970)")
            #expect(ISOTimestamp.date(from: text) == rounded, "\(text)")
        }
    }

    @Test func datesAreWrittenWithFourDigitYearsAndTwoDigitMonthsAndDays() {
        for days in stride(from: -719_162, through: 2_932_896, by: 997) {
            let date = LocalDate(daysSinceEpoch: days)
            let expected = String(format: "%04d-%02d-%02d", date.year, date.month, date.day)
            #expect(date.description == expected)
            #expect(LocalDate(iso: date.description) == date)
        }
    }

    @Test func uuidTextIsReadAsFoundationReadsIt() {
        for _ in 0..<200 {
            let id = UUID()
            #expect(UUID(text: id.uuidString) == id)
            #expect(UUID(text: id.uuidString.lowercased()) == id)
        }
        #expect(
            UUID(text: "00000000-0000-0000-0000-000000000000") == UUID(uuid: (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)))
        for bad in [
            "", "not a uuid", "E621E1F8-C36C-495A-93FC-0C247A3E6E5", "E621E1F8-C36C-495A-93FC-0C247A3E6E5FF",
            "E621E1F8C36C-495A-93FC-0C247A3E6E5F0", "G621E1F8-C36C-495A-93FC-0C247A3E6E5F",
            "E621E1F8-C36C-495A-93FC_0C247A3E6E5F",
        ] {
            #expect(UUID(text: bad) == nil, "\(bad)")
            #expect(UUID(uuidString: bad) == nil, "Foundation agrees: \(bad)")
        }
    }
}
