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

    /// The body's size is computed before writing: the longest slots (every staff member, ten-hour
    /// times, a long zone name) fill it without overrunning, and the bytes are still right.
    @Test func longestSlotsFitTheComputedSize() throws {
        let staff = (0..<40).map { _ in UUID() }
        let start = try Date("2099-12-31T23:59:00Z", strategy: .iso8601)
        let slots = (0..<300).map { Slot(start: start + TimeInterval($0 * 60), end: start + TimeInterval($0 * 60 + 36_000), staff: staff) }
        let zone = "America/Argentina/ComodRivadavia"
        #expect(String(buffer: SlotsJSON.encode(timezone: zone, slots: slots)) == Self.stringBuilder(timezone: zone, slots: slots))
        #expect(String(buffer: SlotsJSON.encode(timezone: zone, slots: [Slot(start: start, end: start, staff: [])]))
            == Self.stringBuilder(timezone: zone, slots: [Slot(start: start, end: start, staff: [])]))
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
