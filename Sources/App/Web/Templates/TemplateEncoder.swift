import Foundation

/// A page's `Encodable` context as a `TemplateValue`, the way Leaf's encoder saw it: structures are
/// objects, arrays arrays, `nil` leaves its key out, a `UUID` is its text and a `Date` its seconds
/// since 1970. Scalars go straight in through the containers' typed `encode` overloads, which
/// synthesized `Encodable` code calls; only nested values pass through a nested encoder.
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
        if let object { return .object(object.fields) }
        if let array { return .array(array.items) }
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

private final class ObjectBox {
    var fields: [String: TemplateValue] = [:]
}

private final class ArrayBox {
    var items: [TemplateValue] = []
}

private struct KeyedContainer<Key: CodingKey>: KeyedEncodingContainerProtocol {
    let box: ObjectBox
    var codingPath: [any CodingKey] { [] }

    mutating func encodeNil(forKey key: Key) throws {}
    mutating func encode(_ value: Bool, forKey key: Key) throws { box.fields[key.stringValue] = .bool(value) }
    mutating func encode(_ value: String, forKey key: Key) throws { box.fields[key.stringValue] = .string(value) }
    mutating func encode(_ value: Double, forKey key: Key) throws { box.fields[key.stringValue] = .double(value) }
    mutating func encode(_ value: Float, forKey key: Key) throws { box.fields[key.stringValue] = .double(Double(value)) }
    mutating func encode(_ value: Int, forKey key: Key) throws { box.fields[key.stringValue] = .int(value) }
    mutating func encode(_ value: Int8, forKey key: Key) throws { box.fields[key.stringValue] = .int(Int(value)) }
    mutating func encode(_ value: Int16, forKey key: Key) throws { box.fields[key.stringValue] = .int(Int(value)) }
    mutating func encode(_ value: Int32, forKey key: Key) throws { box.fields[key.stringValue] = .int(Int(value)) }
    mutating func encode(_ value: Int64, forKey key: Key) throws { box.fields[key.stringValue] = .int(Int(value)) }
    mutating func encode(_ value: UInt, forKey key: Key) throws { box.fields[key.stringValue] = .int(Int(value)) }
    mutating func encode(_ value: UInt8, forKey key: Key) throws { box.fields[key.stringValue] = .int(Int(value)) }
    mutating func encode(_ value: UInt16, forKey key: Key) throws { box.fields[key.stringValue] = .int(Int(value)) }
    mutating func encode(_ value: UInt32, forKey key: Key) throws { box.fields[key.stringValue] = .int(Int(value)) }
    mutating func encode(_ value: UInt64, forKey key: Key) throws { box.fields[key.stringValue] = .int(Int(value)) }
    mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws {
        box.fields[key.stringValue] = try ValueEncoder.value(of: value)
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type, forKey key: Key)
        -> KeyedEncodingContainer<NestedKey>
    {
        // Not used by synthesized code; a nested container's value would be lost here, so it is
        // refused loudly rather than rendered wrong.
        preconditionFailure("templates: nested keyed containers are not supported; encode a nested value instead")
    }

    mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
        preconditionFailure("templates: nested unkeyed containers are not supported; encode an array instead")
    }

    mutating func superEncoder() -> any Encoder { preconditionFailure("templates: superEncoder is not supported") }
    mutating func superEncoder(forKey key: Key) -> any Encoder { preconditionFailure("templates: superEncoder is not supported") }
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
        preconditionFailure("templates: nested keyed containers are not supported; encode a nested value instead")
    }

    mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer {
        preconditionFailure("templates: nested unkeyed containers are not supported; encode an array instead")
    }

    mutating func superEncoder() -> any Encoder { preconditionFailure("templates: superEncoder is not supported") }
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
