import Foundation
import Testing

@testable import App

/// `TemplateEncoder` builds the same tree `JSONEncoder` would for any `Encodable`, including the
/// hand-written shapes synthesized code never uses: nested keyed and unkeyed containers, and super
/// encoders, written before or after their siblings.
@Suite("Template encoder")
struct TemplateEncoderTests {
    /// `JSONEncoder`'s answer, read back as a template value.
    static func viaJSON(_ value: some Encodable) throws -> TemplateValue {
        try JSONDecoder().decode(JSONTree.self, from: JSONEncoder().encode(value)).value
    }

    /// Any JSON, decoded as the kind of value it is (`true` a Bool, `2` an Int, `2.5` a Double).
    struct JSONTree: Decodable {
        let value: TemplateValue

        init(from decoder: any Decoder) throws {
            let single = try decoder.singleValueContainer()
            if single.decodeNil() {
                value = .null
            } else if let bool = try? single.decode(Bool.self) {
                value = .bool(bool)
            } else if let int = try? single.decode(Int.self) {
                value = .int(int)
            } else if let double = try? single.decode(Double.self) {
                value = .double(double)
            } else if let text = try? single.decode(String.self) {
                value = .string(text)
            } else if let array = try? single.decode([JSONTree].self) {
                value = .array(array.map(\.value))
            } else {
                value = .object(try single.decode([String: JSONTree].self).mapValues(\.value))
            }
        }
    }

    class Base: Encodable {
        var kind = "base"
        private enum CodingKeys: String, CodingKey { case kind }
        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(kind, forKey: .kind)
        }
    }

    final class Appointment: Base {
        let title = "Cut & finish"
        let times = ["09:00", "09:15"]
        private enum CodingKeys: String, CodingKey { case title, slot, times, grid, parent }
        private enum SlotKeys: String, CodingKey { case start, minutes, staff }

        override func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            // A nested keyed container filled after a sibling is written, holding a nested array.
            var slot = container.nestedContainer(keyedBy: SlotKeys.self, forKey: .slot)
            try container.encode(title, forKey: .title)
            try slot.encode("09:00", forKey: .start)
            var staff = slot.nestedUnkeyedContainer(forKey: .staff)
            try slot.encode(45, forKey: .minutes)
            try staff.encode("Alex")
            try staff.encode("Sam")
            // An unkeyed container holding scalars, a nested object and a nested array, in order.
            var grid = container.nestedUnkeyedContainer(forKey: .grid)
            try grid.encode(1)
            var cell = grid.nestedContainer(keyedBy: SlotKeys.self)
            try grid.encode(true)
            var row = grid.nestedUnkeyedContainer()
            try grid.encode(times)
            try cell.encode("10:00", forKey: .start)
            try row.encode(2.5)
            try row.encode(Optional<String>.none)
            // The superclass under "super", and under a key of our own.
            try super.encode(to: container.superEncoder())
            try super.encode(to: container.superEncoder(forKey: .parent))
        }
    }

    struct Items: Encodable {
        let items: [Appointment]
        func encode(to encoder: any Encoder) throws {
            var container = encoder.unkeyedContainer()
            for item in items { try item.encode(to: container.superEncoder()) }
            try container.encode("end")
        }
    }

    @Test func nestedContainersAndSuperEncodersEncodeAsJSONEncoderDoes() throws {
        let appointment = Appointment()
        let encoded = try TemplateEncoder.encode(appointment)
        #expect(encoded == (try Self.viaJSON(appointment)))
        guard case .object(let fields) = encoded, case .object(let slot)? = fields["slot"] else {
            Issue.record("not an object with a slot: \(encoded)")
            return
        }
        #expect(slot["staff"] == .array([.string("Alex"), .string("Sam")]))
        #expect(fields["super"] == .object(["kind": .string("base")]))

        let items = Items(items: [Appointment(), Appointment()])
        #expect(try TemplateEncoder.encode(items) == (try Self.viaJSON(items)))
    }

    /// A key written again after a nested container was made for it holds the later value, and the
    /// other way round.
    @Test func theLastWriteToAKeyWins() throws {
        struct Rewritten: Encodable {
            enum Keys: String, CodingKey { case a, b }
            func encode(to encoder: any Encoder) throws {
                var container = encoder.container(keyedBy: Keys.self)
                var nested = container.nestedUnkeyedContainer(forKey: .a)
                try nested.encode(1)
                try container.encode("plain", forKey: .a)
                try container.encode("plain", forKey: .b)
                var later = container.nestedUnkeyedContainer(forKey: .b)
                try later.encode(2)
            }
        }
        #expect(try TemplateEncoder.encode(Rewritten()) == .object(["a": .string("plain"), "b": .array([.int(2)])]))
    }
}
