import Foundation
import Testing

/// The layering rules of docs/architecture.md, checked on the sources: `Core` names no type declared
/// outside it, and features name no page or start-up type.
@Suite("Layout")
struct LayoutTests {
    static let app = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../../Sources/App")
        .standardizedFileURL

    /// The Swift files under `folder` (relative to Sources/App), with their text.
    static func sources(in folder: String) throws -> [(path: String, text: String)] {
        let root = app.appendingPathComponent(folder)
        guard let walker = FileManager.default.enumerator(at: root, includingPropertiesForKeys: nil) else { return [] }
        return try walker.compactMap { $0 as? URL }.filter { $0.pathExtension == "swift" }.map { url in
            (String(url.path.dropFirst(app.path.count + 1)), try String(contentsOf: url, encoding: .utf8))
        }
    }

    /// The types a folder declares at the top level.
    static func declaredTypes(in folder: String) throws -> Set<String> {
        let declaration =
            /(?m)^(?:public |package |final |private |fileprivate )*(?:struct|enum|class|protocol|actor) +([A-Z][A-Za-z0-9]*)/
        return Set(try sources(in: folder).flatMap { $0.text.matches(of: declaration).map { String($0.output.1) } })
    }

    /// Each file of `folder` that names one of `types` (outside comments), with the names.
    static func uses(in folder: String, of types: Set<String>) throws -> [String: [String]] {
        var found: [String: [String]] = [:]
        for (path, text) in try sources(in: folder) {
            let code = text.split(separator: "\n").map { line in
                line.split(separator: "//", maxSplits: 1, omittingEmptySubsequences: false).first.map(String.init) ?? ""
            }
            .joined(separator: "\n")
            let words = Set(code.matches(of: /[A-Za-z_][A-Za-z0-9_]*/).map { String($0.output) })
            let named = types.intersection(words)
            if !named.isEmpty { found[path] = named.sorted() }
        }
        return found
    }

    @Test func coreNamesNoTypeFromOutsideIt() throws {
        var outside = Set<String>()
        for folder in ["Boot", "Features", "Site", "Web", "Migrations"] { outside.formUnion(try Self.declaredTypes(in: folder)) }
        #expect(outside.count > 50, "the sources were not found at \(Self.app.path)")
        #expect(try Self.uses(in: "Core", of: outside).isEmpty)
    }

    @Test func featuresNameNoPageOrStartUpType() throws {
        var above = Set<String>()
        for folder in ["Site", "Web"] { above.formUnion(try Self.declaredTypes(in: folder)) }
        // Start-up types that features are handed, never reach for: the storages are chosen in Boot.
        above.formUnion(["AppServices", "SQLiteStorage", "PostgresStorage", "TenantMiddleware"])
        var uses = try Self.uses(in: "Features", of: above)
        // Demo data and benchmark fixtures run at start-up with the app's services.
        uses = uses.filter { !$0.key.hasPrefix("Features/Ops/Seed/") }
        #expect(uses.isEmpty)
    }
}
