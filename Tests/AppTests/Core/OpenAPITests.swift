import Foundation
import Testing
import VaporTesting
@testable import App

@Suite("OpenAPI document")
struct OpenAPITests {
    /// The document names exactly the routes the app registers (ignoring the /t/{tenant} mirror).
    @Test func documentMatchesTheRegisteredRoutes() async throws {
        try await withTestApp { app in
            var registered = Set<String>()
            for route in app.routes.all {
                let parts = route.path.map { component -> String in
                    switch component {
                    case .constant(let value): return value
                    case .parameter(let name): return "{\(name)}"
                    default: return "*"
                    }
                }
                if parts.first == "t" { continue }
                // The website's pages are HTML, not part of the JSON API the document describes.
                if ErrorPages.isPage(path: "/" + parts.joined(separator: "/")) || parts.first == "assets" { continue }
                registered.insert("\(route.method.rawValue) /" + parts.joined(separator: "/"))
            }
            let paths = try #require(OpenAPIDocument.document["paths"] as? [String: [String: Any]])
            var documented = Set<String>()
            for (path, operations) in paths {
                for method in operations.keys { documented.insert("\(method.uppercased()) \(path)") }
            }
            #expect(registered.subtracting(documented).isEmpty, "undocumented: \(registered.subtracting(documented).sorted())")
            #expect(documented.subtracting(registered).isEmpty, "documented but missing: \(documented.subtracting(registered).sorted())")
        }
    }

    @Test func servedAsJSONWithEveryReferenceResolvable() async throws {
        try await withTestApp { app in
            try await app.testing().test(.GET, "openapi.json") { res in
                #expect(res.status == .ok)
                #expect(res.json["openapi"] as? String == "3.1.0")
                let text = res.body.string
                let schemas = ((res.json["components"] as? [String: Any])?["schemas"] as? [String: Any]) ?? [:]
                let refs = text.components(separatedBy: "#/components/schemas/").dropFirst().map { $0.prefix { $0 != "\"" } }
                #expect(!refs.isEmpty)
                for name in refs { #expect(schemas[String(name)] != nil, "unresolved $ref \(name)") }
            }
        }
    }
}
