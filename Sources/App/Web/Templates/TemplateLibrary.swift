import Foundation
import Vapor

/// Every `.leaf` file under a directory, read, parsed and linked once when the application starts:
/// a file that does not parse, or extends a template that does not exist, stops the start with its
/// name and line, instead of failing the first request that renders it. Names are paths without
/// the extension (`public/manage`), as `req.view.render` gives them.
final class TemplateLibrary: Sendable {
    let templates: [String: Template]

    convenience init(directory: String) throws {
        let root = URL(fileURLWithPath: directory, isDirectory: true).standardizedFileURL
        var sources: [String: [TemplateNode]] = [:]
        let files = FileManager.default.enumerator(at: root, includingPropertiesForKeys: nil)
        while let file = files?.nextObject() as? URL {
            guard file.pathExtension == "leaf" else { continue }
            let path = file.standardizedFileURL.path
            guard path.hasPrefix(root.path + "/") else { continue }
            let name = String(path.dropFirst(root.path.count + 1).dropLast(".leaf".count))
            let text = try String(contentsOf: file, encoding: .utf8)
            sources[name] = try TemplateParser.parse(text, name: name)
        }
        try self.init(sources: sources)
    }

    /// Templates from text (tests): name → `.leaf` source.
    convenience init(texts: [String: String]) throws {
        var sources: [String: [TemplateNode]] = [:]
        for (name, text) in texts { sources[name] = try TemplateParser.parse(text, name: name) }
        try self.init(sources: sources)
    }

    private init(sources: [String: [TemplateNode]]) throws {
        var linker = Linker(sources: sources)
        var templates: [String: Template] = [:]
        for name in sources.keys {
            templates[name] = Template(name: name, nodes: Linker.joined(Linker.filled(try linker.linked(name), exports: [:])))
        }
        self.templates = templates
    }

    func template(_ name: String) throws -> Template {
        guard let template = templates[name] else { throw TemplateError(template: name, problem: "no such template") }
        return template
    }

    /// Resolves `#extend`s depth first, each template once; a template that extends itself, even
    /// through others, is an error.
    private struct Linker {
        let sources: [String: [TemplateNode]]
        var done: [String: [TemplateNode]] = [:]
        var visiting: Set<String> = []

        init(sources: [String: [TemplateNode]]) { self.sources = sources }

        /// The template with every `#extend` replaced; its own `#import`s are left as slots.
        mutating func linked(_ name: String) throws -> [TemplateNode] {
            if let nodes = done[name] { return nodes }
            guard let nodes = sources[name] else { throw TemplateError(template: name, problem: "no such template") }
            guard visiting.insert(name).inserted else { throw TemplateError(template: name, problem: "extends itself") }
            defer { visiting.remove(name) }
            let linked = try resolved(nodes)
            done[name] = linked
            return linked
        }

        private mutating func resolved(_ nodes: [TemplateNode]) throws -> [TemplateNode] {
            var result: [TemplateNode] = []
            for node in nodes {
                switch node {
                case .extend(let name, let exports):
                    var filledExports: [String: [TemplateNode]] = [:]
                    for (key, body) in exports { filledExports[key] = try resolved(body) }
                    result.append(contentsOf: Self.filled(try linked(name), exports: filledExports))
                case .conditional(let branches, let otherwise):
                    var resolvedBranches: [(condition: TemplateExpression, body: [TemplateNode])] = []
                    for branch in branches { resolvedBranches.append((branch.condition, try resolved(branch.body))) }
                    result.append(.conditional(resolvedBranches, otherwise: try resolved(otherwise)))
                case .loop(let item, let path, let body):
                    result.append(.loop(item: item, path: path, body: try resolved(body)))
                case .text, .output, .slot:
                    result.append(node)
                }
            }
            return result
        }

        /// Each `#import("key")` replaced by the export of that key; one without an export writes
        /// nothing (Leaf's default).
        static func filled(_ nodes: [TemplateNode], exports: [String: [TemplateNode]]) -> [TemplateNode] {
            nodes.flatMap { node -> [TemplateNode] in
                switch node {
                case .slot(let key): exports[key] ?? []
                case .conditional(let branches, let otherwise):
                    [
                        .conditional(
                            branches.map { ($0.condition, filled($0.body, exports: exports)) },
                            otherwise: filled(otherwise, exports: exports))
                    ]
                case .loop(let item, let path, let body): [.loop(item: item, path: path, body: filled(body, exports: exports))]
                case .text, .output, .extend: [node]
                }
            }
        }

        /// Neighbouring text joined into one write.
        static func joined(_ nodes: [TemplateNode]) -> [TemplateNode] {
            var result: [TemplateNode] = []
            for node in nodes {
                switch node {
                case .text(let bytes):
                    if case .text(let before)? = result.last {
                        result[result.count - 1] = .text(before + bytes)
                    } else {
                        result.append(node)
                    }
                case .conditional(let branches, let otherwise):
                    result.append(.conditional(branches.map { ($0.condition, joined($0.body)) }, otherwise: joined(otherwise)))
                case .loop(let item, let path, let body):
                    result.append(.loop(item: item, path: path, body: joined(body)))
                case .output, .extend, .slot:
                    result.append(node)
                }
            }
            return result
        }
    }
}

/// `req.view` and `app.view`: pages and emails rendered from the `TemplateLibrary`.
struct TemplateViewRenderer: ViewRenderer {
    let library: TemplateLibrary
    let eventLoop: any EventLoop

    func `for`(_ request: Request) -> any ViewRenderer { TemplateViewRenderer(library: library, eventLoop: request.eventLoop) }

    func render<E: Encodable>(_ name: String, _ context: E) -> EventLoopFuture<View> {
        do {
            let view = View(data: try library.template(name).render(TemplateEncoder.encode(context)))
            return eventLoop.makeSucceededFuture(view)
        } catch {
            return eventLoop.makeFailedFuture(error)
        }
    }
}
