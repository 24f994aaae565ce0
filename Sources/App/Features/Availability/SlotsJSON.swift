import Foundation
import NIOCore
import Scheduling

/// The `GET /slots` body, written straight into bytes: this is the hottest endpoint, and building
/// it as a `String` (UUID formatting through `uuidString`, interpolation, appends) took well over half
/// of a request's CPU. Every value is already safe JSON (a validated IANA zone name, timestamps
/// and UUIDs), so nothing needs escaping. Same output as before, byte for byte: `SlotsJSONTests`.
///
/// The body's largest possible size is known before writing (every slot is at most a fixed length
/// plus one quoted id per staff member), so the bytes go through a raw pointer into one buffer of
/// that size: no growth checks, no intermediate arrays. Each staff member's id is formatted once.
/// (Appending to a `[UInt8]` byte by byte, the step before, was a fifth of the server's CPU under
/// wrk; see docs/benchmarks.md.)
enum SlotsJSON {
    /// The whole body for `slots`.
    static func encode(timezone: String, slots: [Slot], allocator: ByteBufferAllocator = .init()) -> ByteBuffer {
        body(timezone: timezone, encoded: encodeSlots(slots, allocator: allocator), range: slots.indices, allocator: allocator)
    }

    /// Every slot's JSON object, separated by commas, and where each one begins: any run of them is
    /// then one copy (`body(timezone:encoded:range:allocator:)`).
    struct EncodedSlots: Sendable {
        let bytes: ByteBuffer
        /// `starts[k]`: the offset of slot `k`'s `{`; it ends one byte (the comma) before the next begins.
        let starts: [Int]

        func end(of index: Int) -> Int { index + 1 < starts.count ? starts[index + 1] - 1 : bytes.readableBytes }
    }

    static func encodeSlots(_ slots: [Slot], allocator: ByteBufferAllocator = .init()) -> EncodedSlots {
        let staffEntries = slots.reduce(0) { $0 + $1.staff.count }
        let capacity = slots.count * maxSlotBytes + staffEntries * quotedIDBytes
        var ids = IDTable()
        var starts: [Int] = []
        starts.reserveCapacity(slots.count)
        var buffer = allocator.buffer(capacity: capacity)
        buffer.writeWithUnsafeMutableBytes(minimumWritableBytes: capacity) { raw in
            guard let base = raw.baseAddress else { return 0 }
            var out = RawWriter(base: base.assumingMemoryBound(to: UInt8.self))
            for index in slots.indices {
                if index > 0 { out.byte(UInt8(ascii: ",")) }
                starts.append(out.count)
                out.write("{\"start\":\"")
                out.timestamp(slots[index].start)
                out.write("\",\"end\":\"")
                out.timestamp(slots[index].end)
                out.write("\",\"staff\":[")
                var first = true
                for id in slots[index].staff {
                    if !first { out.byte(UInt8(ascii: ",")) }
                    first = false
                    out.byte(UInt8(ascii: "\""))
                    ids.write(id, to: &out)
                    out.byte(UInt8(ascii: "\""))
                }
                out.write("]}")
            }
            precondition(out.count <= capacity, "SlotsJSON wrote past its computed size")
            return out.count
        }
        return EncodedSlots(bytes: buffer, starts: starts)
    }

    /// `{"timezone":"…","slots":[…]}` with the slots `range` of `encoded`.
    static func body(timezone: String, encoded: EncodedSlots, range: Range<Int>, allocator: ByteBufferAllocator) -> ByteBuffer {
        let slots =
            range.isEmpty
            ? encoded.bytes.getSlice(at: 0, length: 0)!
            : encoded.bytes.getSlice(
                at: encoded.starts[range.lowerBound],
                length: encoded.end(of: range.upperBound - 1) - encoded.starts[range.lowerBound])!
        var buffer = allocator.buffer(capacity: 32 + timezone.utf8.count + slots.readableBytes)
        buffer.writeStaticString("{\"timezone\":\"")
        buffer.writeString(timezone)
        buffer.writeStaticString("\",\"slots\":[")
        buffer.writeImmutableBuffer(slots)
        buffer.writeStaticString("]}")
        return buffer
    }

    /// `,{"start":"…","end":"…","staff":[]}` with two 20-byte timestamps.
    private static let maxSlotBytes = 1 + 10 + 20 + 9 + 20 + 11 + 2
    /// `,"…"` around a 36-byte id.
    private static let quotedIDBytes = 1 + 2 + 36

    /// A cursor over memory the caller has sized for everything it writes.
    private struct RawWriter {
        let base: UnsafeMutablePointer<UInt8>
        var count = 0
        private var day: (days: Int, year: Int, month: Int, day: Int) = (.min, 0, 0, 0)

        init(base: UnsafeMutablePointer<UInt8>) { self.base = base }

        @inline(__always) mutating func byte(_ value: UInt8) {
            base[count] = value
            count += 1
        }

        mutating func write(_ text: StaticString) {
            (base + count).update(from: text.utf8Start, count: text.utf8CodeUnitCount)
            count += text.utf8CodeUnitCount
        }

        mutating func write(_ bytes: UnsafeBufferPointer<UInt8>) {
            (base + count).update(from: bytes.baseAddress!, count: bytes.count)
            count += bytes.count
        }

        /// `2026-12-01T09:00:00Z`, as `ISOTimestamp.string(from:)` writes it.
        mutating func timestamp(_ date: Date) {
            let seconds = Int(date.timeIntervalSince1970.rounded(.down))
            let days = Int((Double(seconds) / 86_400).rounded(.down))
            let secondOfDay = seconds - days * 86_400
            if day.days != days {
                let local = LocalDate(daysSinceEpoch: days)
                day = (days, local.year, local.month, local.day)
            }
            twoDigits(day.year / 100 % 100)
            twoDigits(day.year % 100)
            byte(UInt8(ascii: "-"))
            twoDigits(day.month)
            byte(UInt8(ascii: "-"))
            twoDigits(day.day)
            byte(UInt8(ascii: "T"))
            twoDigits(secondOfDay / 3600)
            byte(UInt8(ascii: ":"))
            twoDigits(secondOfDay % 3600 / 60)
            byte(UInt8(ascii: ":"))
            twoDigits(secondOfDay % 60)
            byte(UInt8(ascii: "Z"))
        }

        @inline(__always) private mutating func twoDigits(_ value: Int) {
            byte(UInt8(ascii: "0") + UInt8(truncatingIfNeeded: value / 10))
            byte(UInt8(ascii: "0") + UInt8(truncatingIfNeeded: value % 10))
        }
    }

    /// The staff ids seen so far and their 36 formatted bytes, searched in order: a salon has a
    /// handful of staff, and comparing 16 bytes beats hashing a UUID.
    private struct IDTable {
        private var ids: [UUID] = []
        private var text: [UInt8] = []

        mutating func write(_ id: UUID, to out: inout RawWriter) {
            let index =
                ids.firstIndex(of: id)
                ?? {
                    ids.append(id)
                    text.append(contentsOf: SlotsJSON.uppercaseUUID(id))
                    return ids.count - 1
                }()
            text.withUnsafeBufferPointer { out.write(UnsafeBufferPointer(rebasing: $0[index * 36..<index * 36 + 36])) }
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
