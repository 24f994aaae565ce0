import NIOCore

/// A template ready to render: its `#extend`s and `#import`s resolved when the library was loaded,
/// neighbouring text joined. Rendering walks the tree once, writing bytes; names are looked up
/// through the loops' bindings, then the context.
struct Template: Sendable {
    let name: String
    let nodes: [TemplateNode]
    /// How many bytes of fixed text it writes: the output buffer starts a little larger.
    let textBytes: Int

    init(name: String, nodes: [TemplateNode]) {
        self.name = name
        self.nodes = nodes
        textBytes = Self.textBytes(nodes)
    }

    func render(_ context: TemplateValue) throws -> ByteBuffer {
        guard case .object(let fields) = context else {
            throw TemplateError(template: name, problem: "the context must be a structure, not a single value or a list")
        }
        var writer = Writer(template: name, root: fields)
        var buffer = ByteBufferAllocator().buffer(capacity: textBytes + textBytes / 2 + 512)
        try writer.write(nodes, into: &buffer)
        return buffer
    }

    private static func textBytes(_ nodes: [TemplateNode]) -> Int {
        nodes.reduce(0) { total, node in
            switch node {
            case .text(let bytes): total + bytes.count
            case .conditional(let branches, let otherwise):
                total + max(branches.map { textBytes($0.body) }.max() ?? 0, textBytes(otherwise))
            case .loop(_, _, let body): total + textBytes(body)
            case .output, .extend, .slot: total
            }
        }
    }

    private struct Writer {
        let template: String
        let root: [String: TemplateValue]
        /// The loops' names, innermost last: each loop binds its item, `index`, `isFirst` and `isLast`.
        var bindings: [(name: String, value: TemplateValue)] = []

        init(template: String, root: [String: TemplateValue]) {
            self.template = template
            self.root = root
        }

        mutating func write(_ nodes: [TemplateNode], into buffer: inout ByteBuffer) throws {
            for node in nodes {
                switch node {
                case .text(let bytes):
                    buffer.writeBytes(bytes)
                case .output(let expression, let escaped):
                    try write(evaluate(expression), escaped: escaped, into: &buffer)
                case .conditional(let branches, let otherwise):
                    if let branch = branches.first(where: { evaluate($0.condition).isTrueForIf }) {
                        try write(branch.body, into: &buffer)
                    } else {
                        try write(otherwise, into: &buffer)
                    }
                case .loop(let item, let path, let body):
                    guard case .array(let items) = lookup(path) else {
                        throw TemplateError(template: template, problem: "#for: \(path.joined(separator: ".")) is not a list")
                    }
                    let base = bindings.count
                    bindings.append(contentsOf: [("isFirst", .null), ("isLast", .null), ("index", .null), (item, .null)])
                    for (index, value) in items.enumerated() {
                        bindings[base] = ("isFirst", .bool(index == 0))
                        bindings[base + 1] = ("isLast", .bool(index == items.count - 1))
                        bindings[base + 2] = ("index", .int(index))
                        bindings[base + 3] = (item, value)
                        try write(body, into: &buffer)
                    }
                    bindings.removeLast(4)
                case .extend, .slot:
                    throw TemplateError(template: template, problem: "rendered before it was linked")
                }
            }
        }

        private func write(_ value: TemplateValue, escaped: Bool, into buffer: inout ByteBuffer) throws {
            switch value {
            case .string(let text):
                if escaped { Self.writeEscaped(text, into: &buffer) } else { buffer.writeString(text) }
            case .null:
                // `#()` of nothing writes nothing; `#unsafeHTML()` of nothing is a mistake, as in Leaf.
                if !escaped { throw TemplateError(template: template, problem: "#unsafeHTML of a missing value") }
            case .array, .object:
                throw TemplateError(template: template, problem: "#() of a list or a structure; name one of its fields")
            case .bool, .int, .double:
                buffer.writeString(value.text ?? "")
            }
        }

        /// `&`, `"`, `'`, `<` and `>` as entities (Leaf's set); text without them is written whole.
        static func writeEscaped(_ text: String, into buffer: inout ByteBuffer) {
            var text = text
            text.withUTF8 { bytes in
                var start = 0
                for index in bytes.indices {
                    let entity: StaticString
                    switch bytes[index] {
                    case UInt8(ascii: "&"): entity = "&amp;"
                    case UInt8(ascii: "\""): entity = "&quot;"
                    case UInt8(ascii: "'"): entity = "&#39;"
                    case UInt8(ascii: "<"): entity = "&lt;"
                    case UInt8(ascii: ">"): entity = "&gt;"
                    default: continue
                    }
                    buffer.writeBytes(UnsafeBufferPointer(rebasing: bytes[start..<index]))
                    buffer.writeStaticString(entity)
                    start = index + 1
                }
                buffer.writeBytes(UnsafeBufferPointer(rebasing: bytes[start...]))
            }
        }

        private func evaluate(_ expression: TemplateExpression) -> TemplateValue {
            switch expression {
            case .constant(let value): value
            case .path(let keys): lookup(keys)
            case .not(let inner): .bool(!evaluate(inner).isTrueForLogic)
            case .and(let left, let right): .bool(evaluate(left).isTrueForLogic && evaluate(right).isTrueForLogic)
            case .or(let left, let right): .bool(evaluate(left).isTrueForLogic || evaluate(right).isTrueForLogic)
            case .equal(let left, let right): .bool(evaluate(left).templateEquals(evaluate(right)))
            case .unequal(let left, let right): .bool(!evaluate(left).templateEquals(evaluate(right)))
            case .compare(let left, let comparison, let right):
                switch comparison {
                case .less: evaluate(left).compared(to: evaluate(right), by: <, <)
                case .lessOrEqual: evaluate(left).compared(to: evaluate(right), by: <=, <=)
                case .greater: evaluate(left).compared(to: evaluate(right), by: >, >)
                case .greaterOrEqual: evaluate(left).compared(to: evaluate(right), by: >=, >=)
                }
            }
        }

        private func lookup(_ keys: [String]) -> TemplateValue {
            let first = keys[0]
            var value = bindings.last(where: { $0.name == first })?.value ?? root[first] ?? .null
            for key in keys.dropFirst() { value = value[key] }
            return value
        }
    }
}
