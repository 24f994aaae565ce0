/// A `.leaf` file as a tree, before its `#extend`s are resolved: what `TemplateParser` reads and
/// `TemplateLibrary` links into a `Template`.
indirect enum TemplateNode: Sendable {
    /// Text written as it is.
    case text([UInt8])
    /// `#(expression)`, HTML-escaped; `#unsafeHTML(expression)` as it is.
    case output(TemplateExpression, escaped: Bool)
    /// `#if(a): … #elseif(b): … #else: … #endif`: the first branch whose condition is true.
    case conditional([(condition: TemplateExpression, body: [TemplateNode])], otherwise: [TemplateNode])
    /// `#for(item in path): … #endfor`, with `item`, `index`, `isFirst` and `isLast` in scope.
    case loop(item: String, path: [String], body: [TemplateNode])
    /// `#extend("name")` (no body: the template inline) or `#extend("name"): #export("key"): … #endextend`
    /// (the template, each `#import("key")` in it replaced by the export of that key).
    case extend(name: String, exports: [String: [TemplateNode]])
    /// `#import("key")`: where an extending template's export goes.
    case slot(String)
}

/// A condition or a value in a tag's parentheses, with Leaf's meaning (`TemplateValue`).
indirect enum TemplateExpression: Sendable {
    case constant(TemplateValue)
    /// `site.links.home`: a name in scope (a loop's item or index, or the context's key), then keys.
    case path([String])
    case not(TemplateExpression)
    case and(TemplateExpression, TemplateExpression)
    case or(TemplateExpression, TemplateExpression)
    case equal(TemplateExpression, TemplateExpression)
    case unequal(TemplateExpression, TemplateExpression)
    case compare(TemplateExpression, TemplateComparison, TemplateExpression)
}

/// `<`, `<=`, `>` and `>=`.
enum TemplateComparison: String, Sendable {
    case less = "<"
    case lessOrEqual = "<="
    case greater = ">"
    case greaterOrEqual = ">="
}

/// A template that cannot be read or linked: its name, and what is wrong.
struct TemplateError: Error, CustomStringConvertible {
    let template: String
    let problem: String
    var description: String { "template \(template): \(problem)" }
}
