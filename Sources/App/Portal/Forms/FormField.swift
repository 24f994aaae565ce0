import Foundation

/// One field of a portal form, as the shared template lays it out (`portal/form-fields.leaf`):
/// the label, a hint, the error beside it, and what was typed, so every form of the portal has the
/// same accessible markup (label, `aria-describedby`, `aria-invalid`) without each template
/// repeating it. Values are always what the person typed (or what is stored), never reformatted.
struct FormField: Encodable, Sendable {
    enum Kind: String, Encodable, Sendable {
        case text, email, number, decimal, textarea, checkbox, checkboxes, select, time, date, colour
    }

    /// A choice of a `checkboxes` or `select` field.
    struct Option: Encodable, Sendable {
        let value: String
        let label: String
        let selected: Bool
        /// The element id of a checkbox (`<name>-<n>`).
        let id: String
    }

    let kind: Kind
    let name: String
    let label: String
    var value: String = ""
    var hint: String? = nil
    var error: String? = nil
    var required: Bool = false
    var maxLength: Int? = nil
    var min: Int? = nil
    var max: Int? = nil
    /// What follows a short input ("minutes", "days").
    var unit: String? = nil
    var checked: Bool = false
    var options: [Option] = []

    /// The element id: the name, which is unique within a form.
    var id: String { name }

    private enum CodingKeys: String, CodingKey {
        case kind, name, label, value, hint, error, required, maxLength, min, max, unit, checked, options, id, describedBy
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(kind, forKey: .kind)
        try container.encode(name, forKey: .name)
        try container.encode(label, forKey: .label)
        try container.encode(value, forKey: .value)
        try container.encodeIfPresent(hint, forKey: .hint)
        try container.encodeIfPresent(error, forKey: .error)
        try container.encode(required, forKey: .required)
        try container.encodeIfPresent(maxLength, forKey: .maxLength)
        try container.encodeIfPresent(min, forKey: .min)
        try container.encodeIfPresent(max, forKey: .max)
        try container.encodeIfPresent(unit, forKey: .unit)
        try container.encode(checked, forKey: .checked)
        try container.encode(options, forKey: .options)
        try container.encode(id, forKey: .id)
        let describedBy = [hint.map { _ in "\(id)-hint" }, error.map { _ in "\(id)-error" }].compactMap { $0 }
        if !describedBy.isEmpty { try container.encode(describedBy.joined(separator: " "), forKey: .describedBy) }
    }

    /// Choices for a `checkboxes` or `select` field, the `selected` ones marked.
    static func options(_ choices: [(value: String, label: String)], selected: Set<String>, name: String) -> [Option] {
        choices.enumerated().map { index, choice in
            Option(
                value: choice.value, label: choice.label, selected: selected.contains(choice.value), id: "\(name)-\(index + 1)")
        }
    }
}

/// A portal form's fields and its error summary: every field's error, linked to the field, in the
/// order the fields appear.
struct FormFields: Encodable, Sendable {
    struct ErrorLink: Encodable, Sendable {
        let anchor: String
        let message: String
    }

    let fields: [FormField]
    /// nil when there is nothing to correct (Leaf treats an empty list as true).
    let errors: [ErrorLink]?

    init(_ fields: [FormField]) {
        self.fields = fields
        let errors = fields.compactMap { field in
            field.error.map { ErrorLink(anchor: "#" + (field.kind == .checkboxes ? "\(field.id)-1" : field.id), message: $0) }
        }
        self.errors = errors.isEmpty ? nil : errors
    }
}
