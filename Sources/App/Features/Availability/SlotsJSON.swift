import Foundation
import NIOCore
import Scheduling

/// The `GET /slots` body, written straight into bytes: this is the hottest endpoint, and building
/// it as a `String` (UUID formatting through `uuidString`, interpolation, appends) took well over half
/// of a request's CPU. Every value is already safe JSON (a validated IANA zone name, timestamps
/// and UUIDs), so nothing needs escaping. Same output as before, byte for byte: `SlotsJSONTests`.
enum SlotsJSON {
    static func encode(timezone: String, slots: [Slot], allocator: ByteBufferAllocator = .init()) -> ByteBuffer {
        var buffer = allocator.buffer(capacity: 48 + timezone.utf8.count + slots.reduce(0) { $0 + 70 + $1.staff.count * 39 })
        buffer.writeStaticString("{\"timezone\":\"")
        buffer.writeString(timezone)
        buffer.writeStaticString("\",\"slots\":[")
        // Each staff member's id is formatted once, however many slots name them.
        var ids: [UUID: [UInt8]] = [:]
        for (index, slot) in slots.enumerated() {
            if index > 0 { buffer.writeInteger(UInt8(ascii: ",")) }
            buffer.writeStaticString("{\"start\":\"")
            writeTimestamp(slot.start, to: &buffer)
            buffer.writeStaticString("\",\"end\":\"")
            writeTimestamp(slot.end, to: &buffer)
            buffer.writeStaticString("\",\"staff\":[")
            for (staffIndex, id) in slot.staff.enumerated() {
                if staffIndex > 0 { buffer.writeInteger(UInt8(ascii: ",")) }
                buffer.writeInteger(UInt8(ascii: "\""))
                if let bytes = ids[id] {
                    buffer.writeBytes(bytes)
                } else {
                    let bytes = uppercaseUUID(id)
                    ids[id] = bytes
                    buffer.writeBytes(bytes)
                }
                buffer.writeInteger(UInt8(ascii: "\""))
            }
            buffer.writeStaticString("]}")
        }
        buffer.writeStaticString("]}")
        return buffer
    }

    /// `2026-12-01T09:00:00Z`, as `ISOTimestamp.string(from:)` writes it.
    static func writeTimestamp(_ date: Date, to buffer: inout ByteBuffer) {
        let seconds = Int(date.timeIntervalSince1970.rounded(.down))
        let days = Int((Double(seconds) / 86_400).rounded(.down))
        let secondOfDay = seconds - days * 86_400
        let day = LocalDate(daysSinceEpoch: days)
        buffer.writeInteger(UInt8(ascii: "0") + UInt8(day.year / 1000 % 10))
        buffer.writeInteger(UInt8(ascii: "0") + UInt8(day.year / 100 % 10))
        writeTwoDigits(day.year % 100, to: &buffer)
        buffer.writeInteger(UInt8(ascii: "-"))
        writeTwoDigits(day.month, to: &buffer)
        buffer.writeInteger(UInt8(ascii: "-"))
        writeTwoDigits(day.day, to: &buffer)
        buffer.writeInteger(UInt8(ascii: "T"))
        writeTwoDigits(secondOfDay / 3600, to: &buffer)
        buffer.writeInteger(UInt8(ascii: ":"))
        writeTwoDigits(secondOfDay % 3600 / 60, to: &buffer)
        buffer.writeInteger(UInt8(ascii: ":"))
        writeTwoDigits(secondOfDay % 60, to: &buffer)
        buffer.writeInteger(UInt8(ascii: "Z"))
    }

    @inline(__always)
    private static func writeTwoDigits(_ value: Int, to buffer: inout ByteBuffer) {
        buffer.writeInteger(UInt8(ascii: "0") + UInt8(value / 10))
        buffer.writeInteger(UInt8(ascii: "0") + UInt8(value % 10))
    }

    /// The 36 bytes of `uuidString` (upper-case hex, hyphens after bytes 4, 6, 8 and 10).
    static func uppercaseUUID(_ id: UUID) -> [UInt8] {
        let digits = Array("0123456789ABCDEF".utf8)
        var out: [UInt8] = []
        out.reserveCapacity(36)
        withUnsafeBytes(of: id.uuid) { bytes in
            for (index, byte) in bytes.enumerated() {
                if index == 4 || index == 6 || index == 8 || index == 10 { out.append(UInt8(ascii: "-")) }
                out.append(digits[Int(byte >> 4)])
                out.append(digits[Int(byte & 0x0f)])
            }
        }
        return out
    }
}
