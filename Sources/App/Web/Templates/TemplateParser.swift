/// Reads the part of Leaf's syntax the templates use, as LeafKit's lexer reads it: text up to a `#`
/// (`\#` is a `#`; a `#` not followed by a letter or `(` is text), `#(…)`, `#name(…)`, a `:` after
/// either opening a body, `#else:`, `#endname`. Tags: `if`/`elseif`/`else`, `for`, `extend`,
/// `export`, `import` and `unsafeHTML`; a bare `#name` that is no tag (`#ffffff`) is text, as in
/// Leaf. Anything else is an error naming the template and line, so a template that would mean
/// something else here never renders.
struct TemplateParser {
    private let name: String
    private let source: [UInt8]
    private var offset = 0

    /// A tag as written: `#name(parameters):`.
    private struct Tag {
        let name: String
        let parameters: [Token]?
        let hasBody: Bool
        let line: Int
    }

    private enum Token: Equatable {
        case string(String)
        case number(TemplateValue)
        case word(String)
        case symbol(String)
    }

    private enum Piece {
        case text([UInt8])
        case tag(Tag)
    }

    static func parse(_ text: String, name: String) throws -> [TemplateNode] {
        var parser = TemplateParser(name: name, source: Array(text.utf8))
        var pieces: [Piece] = []
        while let piece = try parser.nextPiece() { pieces.append(piece) }
        var reader = PieceReader(pieces: pieces, name: name)
        return try reader.nodes(until: []).0
    }

    private init(name: String, source: [UInt8]) {
        self.name = name
        self.source = source
    }

    private func failure(_ problem: String) -> TemplateError {
        TemplateError(template: name, problem: "line \(line(at: offset)): \(problem)")
    }

    private func line(at position: Int) -> Int { source[..<min(position, source.count)].count { $0 == UInt8(ascii: "\n") } + 1 }

    private static func isLetter(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte) || (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte)
    }

    private mutating func nextPiece() throws -> Piece? {
        guard offset < source.count else { return nil }
        if source[offset] == UInt8(ascii: "#") {
            guard offset + 1 < source.count else { throw failure("a # at the end of the file (write \\# for the character)") }
            let next = source[offset + 1]
            if Self.isLetter(next) || next == UInt8(ascii: "(") { return .tag(try tag()) }
            offset += 1
            return .text([UInt8(ascii: "#")])
        }
        var text: [UInt8] = []
        while offset < source.count, source[offset] != UInt8(ascii: "#") {
            if source[offset] == UInt8(ascii: "\\"), offset + 1 < source.count, source[offset + 1] == UInt8(ascii: "#") {
                text.append(UInt8(ascii: "#"))
                offset += 2
                continue
            }
            text.append(source[offset])
            offset += 1
        }
        return .text(text)
    }

    private mutating func tag() throws -> Tag {
        let line = line(at: offset)
        offset += 1  // "#"
        let start = offset
        while offset < source.count, Self.isLetter(source[offset]) { offset += 1 }
        let tagName = String(decoding: source[start..<offset], as: UTF8.self)
        var parameters: [Token]?
        if offset < source.count, source[offset] == UInt8(ascii: "(") { parameters = try parameterTokens() }
        let hasBody = offset < source.count && source[offset] == UInt8(ascii: ":")
        if hasBody { offset += 1 }
        return Tag(name: tagName, parameters: parameters, hasBody: hasBody, line: line)
    }

    /// From `(` to its `)`: strings, numbers, words (`site.links.home`, `in`, `true`), operators.
    private mutating func parameterTokens() throws -> [Token] {
        offset += 1  // "("
        var tokens: [Token] = []
        var depth = 1
        while true {
            guard offset < source.count else { throw failure("a tag's ( is never closed") }
            let byte = source[offset]
            switch byte {
            case UInt8(ascii: " "): offset += 1
            case UInt8(ascii: "("):
                depth += 1
                tokens.append(.symbol("("))
                offset += 1
            case UInt8(ascii: ")"):
                offset += 1
                depth -= 1
                if depth == 0 { return tokens }
                tokens.append(.symbol(")"))
            case UInt8(ascii: ","):
                tokens.append(.symbol(","))
                offset += 1
            case UInt8(ascii: "\""):
                tokens.append(.string(try stringLiteral()))
            case UInt8(ascii: "0")...UInt8(ascii: "9"):
                let start = offset
                while offset < source.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(source[offset]) { offset += 1 }
                guard let number = Int(String(decoding: source[start..<offset], as: UTF8.self)),
                    offset < source.count, !Self.isWordByte(source[offset])
                else { throw failure("only whole numbers are supported in a tag") }
                tokens.append(.number(.int(number)))
            default:
                if Self.isLetter(byte) || byte == UInt8(ascii: "_") {
                    let start = offset
                    while offset < source.count, Self.isWordByte(source[offset]) { offset += 1 }
                    tokens.append(.word(String(decoding: source[start..<offset], as: UTF8.self)))
                } else if let symbol = ["==", "!=", "<=", ">=", "&&", "||", "!", "<", ">"].first(where: matches) {
                    tokens.append(.symbol(symbol))
                    offset += symbol.utf8.count
                } else {
                    throw failure("\"\(String(decoding: [byte], as: UTF8.self))\" is not supported in a tag's parentheses")
                }
            }
        }
    }

    private static func isWordByte(_ byte: UInt8) -> Bool {
        isLetter(byte) || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) || byte == UInt8(ascii: "_")
            || byte == UInt8(ascii: ".")
    }

    private func matches(_ symbol: String) -> Bool {
        let bytes = Array(symbol.utf8)
        return offset + bytes.count <= source.count && Array(source[offset..<offset + bytes.count]) == bytes
    }

    /// `"…"` on one line; `\"` is a quote.
    private mutating func stringLiteral() throws -> String {
        offset += 1
        var bytes: [UInt8] = []
        while offset < source.count, source[offset] != UInt8(ascii: "\n") {
            if source[offset] == UInt8(ascii: "\\"), offset + 1 < source.count, source[offset + 1] == UInt8(ascii: "\"") {
                bytes.append(UInt8(ascii: "\""))
                offset += 2
                continue
            }
            if source[offset] == UInt8(ascii: "\"") {
                offset += 1
                return String(decoding: bytes, as: UTF8.self)
            }
            bytes.append(source[offset])
            offset += 1
        }
        throw failure("a string is not closed on its line")
    }

    /// Builds the tree from the pieces, one body at a time.
    private struct PieceReader {
        let pieces: [Piece]
        let name: String
        var index = 0

        init(pieces: [Piece], name: String) {
            self.pieces = pieces
            self.name = name
        }

        private func failure(_ tag: Tag, _ problem: String) -> TemplateError {
            TemplateError(template: name, problem: "line \(tag.line): #\(tag.name): \(problem)")
        }

        /// Nodes up to one of the `ends` (returned, consumed) or the end of the file (nil).
        mutating func nodes(until ends: Set<String>) throws -> ([TemplateNode], Tag?) {
            var nodes: [TemplateNode] = []
            while index < pieces.count {
                let piece = pieces[index]
                index += 1
                switch piece {
                case .text(let bytes):
                    if case .text(let before)? = nodes.last {
                        nodes[nodes.count - 1] = .text(before + bytes)
                    } else {
                        nodes.append(.text(bytes))
                    }
                case .tag(let tag):
                    if ends.contains(tag.name) { return (nodes, tag) }
                    nodes.append(try node(tag))
                }
            }
            return (nodes, nil)
        }

        private mutating func body(of tag: Tag, until ends: Set<String>) throws -> ([TemplateNode], Tag) {
            guard tag.hasBody else { throw failure(tag, "needs a body (a \":\" after the tag)") }
            let (nodes, end) = try nodes(until: ends)
            guard let end else { throw failure(tag, "never closed (#\(ends.sorted().joined(separator: " or #")))") }
            return (nodes, end)
        }

        private mutating func node(_ tag: Tag) throws -> TemplateNode {
            switch tag.name {
            case "":
                guard !tag.hasBody else {
                    throw failure(tag, "#(…) cannot be followed by a colon (Leaf reads one as the start of a body)")
                }
                return .output(try expression(tag), escaped: true)
            case "unsafeHTML":
                guard !tag.hasBody else { throw failure(tag, "cannot have a body") }
                return .output(try expression(tag), escaped: false)
            case "if":
                var branches: [(condition: TemplateExpression, body: [TemplateNode])] = []
                var condition = try expression(tag)
                var opening = tag
                while true {
                    let (nodes, end) = try body(of: opening, until: ["elseif", "else", "endif"])
                    branches.append((condition, nodes))
                    switch end.name {
                    case "elseif":
                        condition = try expression(end)
                        opening = end
                    case "else":
                        guard end.parameters == nil else { throw failure(end, "takes no parameters") }
                        let (otherwise, close) = try body(of: end, until: ["endif", "else", "elseif"])
                        guard close.name == "endif" else { throw failure(close, "after #else") }
                        return .conditional(branches, otherwise: otherwise)
                    default:
                        return .conditional(branches, otherwise: [])
                    }
                }
            case "for":
                guard let parameters = tag.parameters, parameters.count == 3, case .word(let item) = parameters[0],
                    parameters[1] == .word("in"), case .word(let path) = parameters[2], !item.contains(".")
                else { throw failure(tag, "write #for(item in list)") }
                let (nodes, _) = try body(of: tag, until: ["endfor"])
                return .loop(item: item, path: path.split(separator: ".").map(String.init), body: nodes)
            case "extend":
                let template = try literal(tag)
                guard tag.hasBody else { return .extend(name: template, exports: [:]) }
                var exports: [String: [TemplateNode]] = [:]
                while index < pieces.count {
                    let piece = pieces[index]
                    index += 1
                    switch piece {
                    case .text(let bytes):
                        guard bytes.allSatisfy({ [UInt8(ascii: " "), UInt8(ascii: "\n"), UInt8(ascii: "\t")].contains($0) })
                        else {
                            throw failure(tag, "only #export blocks may be inside")
                        }
                    case .tag(let inner) where inner.name == "export":
                        let key = try literal(inner)
                        let (nodes, _) = try body(of: inner, until: ["endexport"])
                        exports[key] = nodes
                    case .tag(let inner) where inner.name == "endextend":
                        return .extend(name: template, exports: exports)
                    case .tag(let inner):
                        throw failure(inner, "only #export blocks may be inside #extend")
                    }
                }
                throw failure(tag, "never closed (#endextend)")
            case "elseif", "else", "endif", "endfor", "export", "endexport", "endextend":
                throw failure(tag, "without its opening tag")
            case "import":
                guard !tag.hasBody else { throw failure(tag, "cannot have a body") }
                return .slot(try literal(tag))
            case _ where tag.parameters == nil && !tag.hasBody && !Self.leafTags.contains(tag.name):
                // `color:#ffffff`: Leaf writes a bare name that is no tag as text, and so does this.
                return .text(Array("#\(tag.name)".utf8))
            default:
                throw failure(tag, "not a tag these templates support (write \\# for the character)")
            }
        }

        /// LeafKit's own tags, which a bare `#name` would call there.
        static let leafTags: Set<String> = [
            "unsafeHTML", "lowercased", "uppercased", "capitalized", "contains", "isEmpty", "date", "count", "comment",
            "dumpContext",
            "if", "for", "extend", "import", "with",
        ]

        /// The one string in a tag's parentheses: `#extend("public/layout")`.
        private func literal(_ tag: Tag) throws -> String {
            guard let parameters = tag.parameters, parameters.count == 1, case .string(let text) = parameters[0] else {
                throw failure(tag, "takes one quoted name")
            }
            return text
        }

        private func expression(_ tag: Tag) throws -> TemplateExpression {
            guard let parameters = tag.parameters, !parameters.isEmpty else { throw failure(tag, "needs an expression") }
            var parser = ExpressionParser(tokens: parameters)
            guard let expression = parser.logic(), parser.index == parameters.count else {
                throw failure(tag, "cannot read the expression")
            }
            return expression
        }
    }

    /// Conditions as Leaf groups them: `!` first; then one comparison (`==`, `!=`, `<`, `<=`, `>`,
    /// `>=`) between two operands; then `&&` and `||`, which Leaf ranks alike and groups from the
    /// right (`a && b || c` is `a && (b || c)`). Leaf has no parentheses in conditions, so neither
    /// does this.
    private struct ExpressionParser {
        let tokens: [Token]
        var index = 0

        init(tokens: [Token]) { self.tokens = tokens }

        private var next: Token? { index < tokens.count ? tokens[index] : nil }

        mutating func logic() -> TemplateExpression? {
            guard let left = comparison() else { return nil }
            guard case .symbol(let symbol)? = next, symbol == "&&" || symbol == "||" else { return left }
            index += 1
            guard let right = logic() else { return nil }
            return symbol == "&&" ? .and(left, right) : .or(left, right)
        }

        mutating func comparison() -> TemplateExpression? {
            guard let left = unary() else { return nil }
            guard case .symbol(let symbol)? = next, ["==", "!=", "<", "<=", ">", ">="].contains(symbol) else { return left }
            index += 1
            guard let right = unary() else { return nil }
            switch symbol {
            case "==": return .equal(left, right)
            case "!=": return .unequal(left, right)
            default: return .compare(left, TemplateComparison(rawValue: symbol)!, right)
            }
        }

        mutating func unary() -> TemplateExpression? {
            guard let token = next else { return nil }
            index += 1
            switch token {
            case .symbol("!"): return unary().map(TemplateExpression.not)
            case .string(let text): return .constant(.string(text))
            case .number(let value): return .constant(value)
            case .word("true"): return .constant(.bool(true))
            case .word("false"): return .constant(.bool(false))
            case .word("nil"): return .constant(.null)
            // Leaf's other keywords, which it does not read as names: `#(yes)` writes "yes" there.
            case .word("yes"), .word("no"), .word("self"), .word("in"), .word("_"): return nil
            case .word(let path):
                let keys = path.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
                guard keys.allSatisfy({ !$0.isEmpty }), next != .symbol("(") else { return nil }
                return .path(keys)
            default: return nil
            }
        }
    }
}
