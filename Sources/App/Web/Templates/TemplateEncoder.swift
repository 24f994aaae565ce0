import Foundation

/// A page's `Encodable` context as a `TemplateValue`, the way Leaf's encoder saw it: structures are
/// objects, arrays arrays, `nil` leaves its key out, a `UUID` is its text and a `Date` its seconds
/// since 1970. Scalars go straight in through the containers' typed `encode` overloads, which
/// synthesized `Encodable` code calls; only nested values pass through a nested encoder. Nested
/// containers and super encoders (hand-written `encode(to:)`) are filled in when the value is read,
/// as `JSONEncoder` does.
enum TemplateEncoder {
    static func encode(_ value: some Encodable) throws -> TemplateValue {
        try ValueEncoder.value(of: value)
    }
}

private final class ValueEncoder: Encoder {
    var codingPath: [any CodingKey] { [] }
    var userInfo: [CodingUserInfoKey: Any] { [:] }
    private var object: ObjectBox?
    private var array: ArrayBox?
    private var single: TemplateValue?

    var result: TemplateValue {
        if let object { return object.value }
        if let array { return array.value }
        return single ?? .null
    }

    static func value<Value: Encodable>(of value: Value) throws -> TemplateValue {
        // Metatype comparisons, not casts: this runs for every nested value of every page.
        if Value.self == UUID.self { return .string((value as! UUID).uuidString) }
        if Value.self == Date.self { return .double((value as! Date).timeIntervalSince1970) }
        let encoder = ValueEncoder()
        try value.encode(to: encoder)
        return encoder.result
    }

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        let box = object ?? ObjectBox()
        object = box
        return KeyedEncodingContainer(KeyedContainer<Key>(box: box))
    }

    func unkeyedContainer() -> any UnkeyedEncodingContainer {
        let box = array ?? ArrayBox()
        array = box
        return UnkeyedContainer(box: box)
    }

    func singleValueContainer() -> any SingleValueEncodingContainer { SingleContainer(encoder: self) }

    fileprivate func set(_ value: TemplateValue) { single = value }
}

/// A container handed out before its contents are written (a nested container, a super encoder):
/// read when the whole value is.
private enum Pending {
    case object(ObjectBox)
    case array(ArrayBox)
    case encoder(ValueEncoder)

    var value: TemplateValue {
        switch self {
        case .object(let box): box.value
        case .array(let box): box.value
        case .encoder(let encoder): encoder.result
        }
    }
}

private final class ObjectBox {
    /// Room for a page's usual structure from the start: growing one key at a time rehashed every
    /// key at each doubling.
    var fields = [String: TemplateValue](minimumCapacity: 16)
    /// Keys whose value is a container still being written; each key is in one of the two.
    var pending: [String: Pending] = [:]

    var value: TemplateValue {
        guard !pending.isEmpty else { return .object(fields) }
        return .object(fields.merging(pending.mapValues(\.value)) { _, nested in nested })
    }

    func set(_ value: TemplateValue, for key: String) {
        fields[key] = value
        if !pending.isEmpty { pending[key] = nil }
    }

    func hold(_ nested: Pending, for key: String) {
        fields[key] = nil
        pending[key] = nested
    }
}

private final class ArrayBox {
    var items: [TemplateValue] = []
    /// Positions holding a container still being written (`.null` in `items` until read).
    var pending: [(index: Int, nested: Pending)] = []

    var value: TemplateValue {
        var all = items
        for (index, nested) in pending { all[index] = nested.value }
        return .array(all)
    }

    func hold(_ nested: Pending) {
        pending.append((items.count, nested))
        items.append(.null)
    }
}

private struct KeyedContainer<Key: CodingKey>: KeyedEncodingContainerProtocol {
    let box: ObjectBox
    var codingPath: [any CodingKey] { [] }

    mutating func encodeNil(forKey key: Key) throws {}
    mutating func encode(_ value: Bool, forKey key: Key) throws { box.set(.bool(value), for: key.stringValue) }
    mutating func encode(_ value: String, forKey key: Key) throws { box.set(.string(value), for: key.stringValue) }
    mutating func encode(_ value: Double, forKey key: Key) throws { box.set(.double(value), for: key.stringValue) }
    mutating func encode(_ value: Float, forKey key: Key) throws { box.set(.double(Double(value)), for: key.stringValue) }
    mutating func encode(_ value: Int, forKey key: Key) throws { box.set(.int(value), for: key.stringValue) }
    mutating func encode(_ value: Int8, forKey key: Key) throws { box.set(.int(Int(value)), for: key.stringValue) }
    mutating func encode(_ value: Int16, forKey key: Key) throws { box.set(.int(Int(value)), for: key.stringValue) }
    mutating func encode(_ value: Int32, forKey key: Key) throws { box.set(.int(Int(value)), for: key.stringValue) }
    mutating func encode(_ value: Int64, forKey key: Key) throws { box.set(.int(Int(value)), for: key.stringValue) }
    mutating func encode(_ value: UInt, forKey key: Key) throws { box.set(.int(Int(value)), for: key.stringValue) }
    mutating func encode(_ value: UInt8, forKey key: Key) throws { box.set(.int(Int(value)), for: key.stringValue) }
    mutating func encode(_ value: UInt16, forKey key: Key) throws { box.set(.int(Int(value)), for: key.stringValue) }
    mutating func encode(_ value: UInt32, forKey key: Key) throws { box.set(.int(Int(value)), for: key.stringValue) }
    mutating func encode(_ value: UInt64, forKey key: Key) throws { box.set(.int(Int(value)), for: key.stringValue) }
    mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws {
        box.set(try ValueEncoder.value(of: value), for: key.stringValue)
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type, forKey key: Key)
        -> KeyedEncodingContainer<NestedKey>
    {
        let nested = ObjectBox()
        box.hold(.object(nested), for: key.stringValue)
        return KeyedEncodingContainer(KeyedContainer<NestedKey>(box: nested))
    }

    mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
        let nested = ArrayBox()
        box.hold(.array(nested), for: key.stringValue)
        return UnkeyedContainer(box: nested)
    }

    /// A super class's encoder writes under `"super"`, as `JSONEncoder`'s does.
    mutating func superEncoder() -> any Encoder { superEncoder(named: "super") }
    mutating func superEncoder(forKey key: Key) -> any Encoder { superEncoder(named: key.stringValue) }

    private func superEncoder(named key: String) -> any Encoder {
        let encoder = ValueEncoder()
        box.hold(.encoder(encoder), for: key)
        return encoder
    }
}

private struct UnkeyedContainer: UnkeyedEncodingContainer {
    let box: ArrayBox
    var codingPath: [any CodingKey] { [] }
    var count: Int { box.items.count }

    mutating func encodeNil() throws { box.items.append(.null) }
    mutating func encode(_ value: Bool) throws { box.items.append(.bool(value)) }
    mutating func encode(_ value: String) throws { box.items.append(.string(value)) }
    mutating func encode(_ value: Double) throws { box.items.append(.double(value)) }
    mutating func encode(_ value: Int) throws { box.items.append(.int(value)) }
    mutating func encode<T: Encodable>(_ value: T) throws { box.items.append(try ValueEncoder.value(of: value)) }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type) -> KeyedEncodingContainer<NestedKey> {
        let nested = ObjectBox()
        box.hold(.object(nested))
        return KeyedEncodingContainer(KeyedContainer<NestedKey>(box: nested))
    }

    mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer {
        let nested = ArrayBox()
        box.hold(.array(nested))
        return UnkeyedContainer(box: nested)
    }

    mutating func superEncoder() -> any Encoder {
        let encoder = ValueEncoder()
        box.hold(.encoder(encoder))
        return encoder
    }
}

private struct SingleContainer: SingleValueEncodingContainer {
    let encoder: ValueEncoder
    var codingPath: [any CodingKey] { [] }

    mutating func encodeNil() throws { encoder.set(.null) }
    mutating func encode(_ value: Bool) throws { encoder.set(.bool(value)) }
    mutating func encode(_ value: String) throws { encoder.set(.string(value)) }
    mutating func encode(_ value: Double) throws { encoder.set(.double(value)) }
    mutating func encode(_ value: Float) throws { encoder.set(.double(Double(value))) }
    mutating func encode(_ value: Int) throws { encoder.set(.int(value)) }
    mutating func encode(_ value: Int8) throws { encoder.set(.int(Int(value))) }
    mutating func encode(_ value: Int16) throws { encoder.set(.int(Int(value))) }
    mutating func encode(_ value: Int32) throws { encoder.set(.int(Int(value))) }
    mutating func encode(_ value: Int64) throws { encoder.set(.int(Int(value))) }
    mutating func encode(_ value: UInt) throws { encoder.set(.int(Int(value))) }
    mutating func encode(_ value: UInt8) throws { encoder.set(.int(Int(value))) }
    mutating func encode(_ value: UInt16) throws { encoder.set(.int(Int(value))) }
    mutating func encode(_ value: UInt32) throws { encoder.set(.int(Int(value))) }
    mutating func encode(_ value: UInt64) throws { encoder.set(.int(Int(value))) }
    mutating func encode<T: Encodable>(_ value: T) throws { encoder.set(try ValueEncoder.value(of: value)) }
}
