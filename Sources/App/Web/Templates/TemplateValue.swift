import Foundation

/// A value a page's context holds, as a template sees it. The rules (what `#if` counts as true, how
/// `==`, `!`, `&&` and `>` read a value, how `#()` writes one) are Leaf's, so a `.leaf` file means
/// the same here as it did under LeafKit (`TemplateEquivalenceTests` render every page both ways).
enum TemplateValue: Sendable, Equatable {
    case null
    case bool(Bool)
    case int(Int)
    case double(Double)
    case string(String)
    case array([TemplateValue])
    case object([String: TemplateValue])

    var isNull: Bool { if case .null = self { true } else { false } }

    /// `#if(value)`: a `Bool` is itself, nil (or a missing key) is false, anything else is true,
    /// even `""`, `0` and `[]`.
    var isTrueForIf: Bool {
        switch self {
        case .bool(let value): value
        case .null: false
        default: true
        }
    }

    /// What `!`, `&&` and `||` read: a `Bool`; `0`/`1` and `"true"`/`"false"` as booleans; nil as
    /// false; anything else as true.
    var isTrueForLogic: Bool {
        switch self {
        case .bool(let value): value
        case .null: false
        case .int(let value): value != 0
        case .double(let value): value != 0
        case .string(let value): Bool(value) ?? true
        case .array, .object: true
        }
    }

    /// The value as text, for comparisons and for `#()`; nil for nil, arrays and objects.
    var text: String? {
        switch self {
        case .string(let value): value
        case .int(let value): String(value)
        case .double(let value): value.description
        case .bool(let value): value ? "true" : "false"
        case .null, .array, .object: nil
        }
    }

    /// Leaf's `==`: equal values, or two nils, or equal as text (`1 == "1"`, `true == "true"`).
    func templateEquals(_ other: TemplateValue) -> Bool {
        if self == other { return true }
        guard let left = text, let right = other.text else { return false }
        return left == right
    }

    /// Leaf's `<`, `>`, `<=` and `>=`: as numbers when both sides read as numbers, else as text;
    /// nil when either side has no text.
    func compared(to other: TemplateValue, by order: (Double, Double) -> Bool, _ textOrder: (String, String) -> Bool)
        -> TemplateValue
    {
        guard let left = text, let right = other.text else { return .null }
        if let leftNumber = Double(left), let rightNumber = Double(right) { return .bool(order(leftNumber, rightNumber)) }
        return .bool(textOrder(left, right))
    }

    /// The value `key` names inside an object; nil for anything else.
    subscript(key: String) -> TemplateValue {
        if case .object(let fields) = self { return fields[key] ?? .null }
        return .null
    }
}
