import Foundation
import NIOCore
import Scheduling
import Testing
@testable import App

@Suite("Slots JSON")
struct SlotsJSONTests {
    /// The byte writer gives exactly what the string builder it replaced gave.
    @Test func sameBytesAsTheStringBuilder() throws {
        var rng = SystemRandomNumberGenerator()
        let staff = (0..<12).map { _ in UUID() }
        var slots: [Slot] = []
        var start = try Date("2026-03-29T00:00:00Z", strategy: .iso8601)
        for _ in 0..<500 {
            start += TimeInterval(Int.random(in: 1...7200, using: &rng))
            let chosen = staff.filter { _ in Bool.random(using: &rng) }
            slots.append(Slot(start: start, end: start + 2700, staff: chosen))
        }
        slots.append(Slot(start: Date(timeIntervalSince1970: 0), end: Date(timeIntervalSince1970: 59), staff: []))
        let expected = Self.stringBuilder(timezone: "Europe/London", slots: slots)
        #expect(String(buffer: SlotsJSON.encode(timezone: "Europe/London", slots: slots)) == expected)
        #expect(String(buffer: SlotsJSON.encode(timezone: "UTC", slots: [])) == #"{"timezone":"UTC","slots":[]}"#)
        for id in staff { #expect(String(decoding: SlotsJSON.uppercaseUUID(id), as: UTF8.self) == id.uuidString) }
    }

    /// The previous implementation, kept here as the reference.
    static func stringBuilder(timezone: String, slots: [Slot]) -> String {
        var out = "{\"timezone\":\"\(timezone)\",\"slots\":["
        for (index, slot) in slots.enumerated() {
            if index > 0 { out += "," }
            out += "{\"start\":\"" + ISOTimestamp.string(from: slot.start) + "\",\"end\":\"" + ISOTimestamp.string(from: slot.end) + "\",\"staff\":["
            out += slot.staff.map { "\"" + $0.uuidString + "\"" }.joined(separator: ",")
            out += "]}"
        }
        return out + "]}"
    }
}
