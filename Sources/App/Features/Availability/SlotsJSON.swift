import Foundation
import NIOCore
import Scheduling

/// The `GET /slots` body, written straight into bytes: this is the hottest endpoint, and building
/// it as a `String` (UUID formatting through `uuidString`, interpolation, appends) took well over half
/// of a request's CPU. Every value is already safe JSON (a validated IANA zone name, timestamps
/// and UUIDs), so nothing needs escaping. Same output as before, byte for byte: `SlotsJSONTests`.
///
/// Bytes go into an array first and into the `ByteBuffer` in one write (a `ByteBuffer` write per
/// byte cost more than the formatting, measured with `perf`); each staff member's id and each day's
/// date are formatted once.
enum SlotsJSON {
    static func encode(timezone: String, slots: [Slot], allocator: ByteBufferAllocator = .init()) -> ByteBuffer {
        var writer = Writer(capacity: 48 + timezone.utf8.count + slots.reduce(0) { $0 + 70 + $1.staff.count * 39 })
        writer.append("{\"timezone\":\"")
        writer.out.append(contentsOf: timezone.utf8)
        writer.append("\",\"slots\":[")
        for (index, slot) in slots.enumerated() {
            if index > 0 { writer.out.append(UInt8(ascii: ",")) }
            writer.append("{\"start\":\"")
            writer.timestamp(slot.start)
            writer.append("\",\"end\":\"")
            writer.timestamp(slot.end)
            writer.append("\",\"staff\":[")
            for (staffIndex, id) in slot.staff.enumerated() {
                if staffIndex > 0 { writer.out.append(UInt8(ascii: ",")) }
                writer.out.append(UInt8(ascii: "\""))
                writer.uuid(id)
                writer.out.append(UInt8(ascii: "\""))
            }
            writer.append("]}")
        }
        writer.append("]}")
        return allocator.buffer(bytes: writer.out)
    }

    private struct Writer {
        var out: [UInt8] = []
        private var ids: [UUID: [UInt8]] = [:]
        private var dayPrefix: (days: Int, bytes: [UInt8])?

        init(capacity: Int) { out.reserveCapacity(capacity) }

        mutating func append(_ text: StaticString) {
            text.withUTF8Buffer { out.append(contentsOf: $0) }
        }

        /// `2026-12-01T09:00:00Z`, as `ISOTimestamp.string(from:)` writes it.
        mutating func timestamp(_ date: Date) {
            let seconds = Int(date.timeIntervalSince1970.rounded(.down))
            let days = Int((Double(seconds) / 86_400).rounded(.down))
            let secondOfDay = seconds - days * 86_400
            if dayPrefix?.days != days {
                let day = LocalDate(daysSinceEpoch: days)
                var bytes: [UInt8] = [UInt8(ascii: "0") + UInt8(day.year / 1000 % 10), UInt8(ascii: "0") + UInt8(day.year / 100 % 10)]
                Self.twoDigits(day.year % 100, into: &bytes)
                bytes.append(UInt8(ascii: "-"))
                Self.twoDigits(day.month, into: &bytes)
                bytes.append(UInt8(ascii: "-"))
                Self.twoDigits(day.day, into: &bytes)
                bytes.append(UInt8(ascii: "T"))
                dayPrefix = (days, bytes)
            }
            out.append(contentsOf: dayPrefix!.bytes)
            Self.twoDigits(secondOfDay / 3600, into: &out)
            out.append(UInt8(ascii: ":"))
            Self.twoDigits(secondOfDay % 3600 / 60, into: &out)
            out.append(UInt8(ascii: ":"))
            Self.twoDigits(secondOfDay % 60, into: &out)
            out.append(UInt8(ascii: "Z"))
        }

        mutating func uuid(_ id: UUID) {
            if let bytes = ids[id] { return out.append(contentsOf: bytes) }
            let bytes = SlotsJSON.uppercaseUUID(id)
            ids[id] = bytes
            out.append(contentsOf: bytes)
        }

        @inline(__always)
        private static func twoDigits(_ value: Int, into bytes: inout [UInt8]) {
            bytes.append(UInt8(ascii: "0") + UInt8(value / 10))
            bytes.append(UInt8(ascii: "0") + UInt8(value % 10))
        }
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
