import Foundation
import Leaf
import LeafKit
import NIOCore
import NIOPosix
import Testing
import Vapor
import VaporTesting

@testable import App

/// `TemplateLibrary` against LeafKit on small templates that exercise every rule (truth, `!`, `&&`,
/// `||`, `==`, `>`, escaping, loops and their names, `#extend`/`#export`/`#import`, `\#`), and the
/// errors a template author sees. Every real page is also checked against LeafKit by
/// `LeafCrossCheck` in all the page tests.
@Suite("Template engine")
struct TemplateEngineTests {
    /// Templates from memory, for LeafKit.
    struct MemorySource: LeafSource {
        let texts: [String: String]

        func file(template: String, escape: Bool, on eventLoop: any EventLoop) throws -> EventLoopFuture<ByteBuffer> {
            var name = template.hasSuffix(".leaf") ? String(template.dropLast(5)) : template
            while name.hasPrefix("/") { name.removeFirst() }
            guard let text = texts[name] else { throw LeafError(.noTemplateExists(template)) }
            return eventLoop.makeSucceededFuture(ByteBuffer(string: text))
        }
    }

    struct Row: Encodable {
        let label: String
        let value: String?
        let count: Int
        let flag: Bool
    }

    struct Context: Encodable {
        let title: String
        let empty: String
        let missing: String?
        let on: Bool
        let off: Bool
        let zero: Int
        let one: Int
        let two: Int
        let ratio: Double
        let word: String
        let truth: String
        let rows: [Row]
        let none: [Row]
        let nested: Nested
        let id: UUID

        struct Nested: Encodable {
            let name: String
            let inner: Inner
        }
        struct Inner: Encodable {
            let deep: String
        }
    }

    static let context = Context(
        title: "Tom & Jerry's <\"show\">", empty: "", missing: nil, on: true, off: false, zero: 0, one: 1, two: 2, ratio: 1.5,
        word: "select", truth: "false",
        rows: [
            Row(label: "A <b>", value: "x", count: 0, flag: true), Row(label: "B", value: nil, count: 3, flag: false),
            Row(label: "C", value: "", count: 10, flag: true),
        ],
        none: [], nested: Context.Nested(name: "Café \u{1F600}", inner: Context.Inner(deep: "d'eep")),
        id: UUID(uuidString: "6F9619FF-8B86-D011-B42D-00C04FC964FF")!)

    static let texts: [String: String] = [
        "layout": """
        <html><title>#(title)</title>
        #import("head")<main>#import("main")</main>#import("absent")
        #extend("footer")</html>

        """,
        "footer": "<footer>\\#top #1 # x color:#ffffff #(nested.name)</footer>",
        "page": """
        #extend("layout"):
        #export("head"):<meta name="x">#endexport
        #export("main"):
        #(title) #(empty)|#(missing)|#(on) #(off) #(zero) #(one) #(ratio) #(id) #(nested.inner.deep) #(nested.nope.deeper)
        #unsafeHTML(title)
        #if(empty):empty-true#endif #if(missing):missing-true#else:missing-false#endif
        #if(zero):zero-true#endif #if(truth):truth-true#endif #if(none):none-true#endif #if(off):off-true#else:off-false#endif
        #if(!missing):not-missing#endif #if(!truth):not-truth#endif #if(!empty):not-empty#else:empty-is-something#endif
        #if(!zero):not-zero#endif #if(!two):not-two#else:two-is-true#endif
        #if(on && one):and#endif #if(off || missing):or#else:neither#endif #if(off && missing || one):left#else:right#endif #if(!off && word != "text"):combined#endif
        #if(word == "select"):eq#endif #if(one == "1"):fuzzy#endif #if(on == "true"):boolean-text#endif #if(missing == nil):nil-eq#endif
        #if(two > 1):gt#endif #if(ratio >= 1.5):never-a-double-literal#endif #if(two < 10):numeric-lt#endif #if(word > "abc"):text-gt#endif
        #if(missing > 1):nil-gt#else:nil-not-gt#endif
        #if(zero == 1):a#elseif(one == 1):b#elseif(on):c#else:d#endif
        <ul>#for(row in rows):<li class="#if(isFirst):first#endif#if(isLast):last#endif">#(index) #(row.label) #(row.value) #(row.count)#if(row.flag): on#endif #(title)</li>
        #endfor</ul>#for(row in none):never#endfor
        #for(row in rows):#for(other in rows):#if(row.label == other.label):=#else:.#endif#(index)#endfor;#endfor
        #extend("partial")
        #endexport
        #endextend
        after

        """,
        "partial": "[#(nested.name) #for(row in rows):#(row.count)#endfor]",
    ]

    /// Leaf has no double literals in a form this engine reads, so that line's condition is
    /// dropped before comparing; everything else must be byte for byte the same.
    @Test func everyRuleRendersAsLeafKitRendersIt() async throws {
        let texts = Self.texts.mapValues {
            $0.replacingOccurrences(of: #"#if(ratio >= 1.5):never-a-double-literal#endif "#, with: "")
        }
        let library = try TemplateLibrary(texts: texts)
        let ours = try library.template("page").render(TemplateEncoder.encode(Self.context))
        let leaf = try await leafRender("page", Self.context, texts: texts)
        #expect(String(buffer: ours) == String(buffer: leaf), "\(LeafCrossCheck.firstDifference(ours, leaf))")
        let text = String(buffer: ours)
        #expect(text.contains("Tom &amp; Jerry&#39;s &lt;&quot;show&quot;&gt;"), "escaped as Leaf escapes")
        #expect(text.contains("Tom & Jerry's <\"show\">"), "#unsafeHTML writes as it is")
        #expect(text.contains("#top #1 # x color:#ffffff"), "\\#, a # that starts no tag, and a name that is no tag are text")
        #expect(text.hasSuffix("</html>\n\nafter\n"), "text after #endextend follows the layout")
        #expect(text.contains("neither right"), "&& and || rank alike, grouped from the right, as in Leaf")
    }

    private func leafRender(_ name: String, _ context: some Encodable, texts: [String: String]) async throws -> ByteBuffer {
        let renderer = LeafRenderer(
            configuration: LeafConfiguration(rootDirectory: "/"), tags: defaultTags, cache: DefaultLeafCache(),
            sources: .singleSource(MemorySource(texts: texts)), eventLoop: MultiThreadedEventLoopGroup.singleton.next())
        return try await renderer.render(name, context).get().data
    }

    @Test func theBundlesTemplatesAllParseAndLink() throws {
        let library = try Templates.library.get()
        let files = try FileManager.default.subpathsOfDirectory(atPath: Views.directory).filter { $0.hasSuffix(".leaf") }
        #expect(files.count > 40)
        #expect(Set(library.templates.keys) == Set(files.map { String($0.dropLast(5)) }))
    }

    /// The library reads its files once: with the directory gone, pages still render.
    @Test func aRenderReadsNoTemplateFile() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("templates-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory.appendingPathComponent("public"), withIntermediateDirectories: true)
        try "<p>#(title)</p>".write(to: directory.appendingPathComponent("public/page.leaf"), atomically: true, encoding: .utf8)
        let library = try TemplateLibrary(directory: directory.path)
        try FileManager.default.removeItem(at: directory)
        let page = try library.template("public/page").render(TemplateEncoder.encode(["title": "a < b"]))
        #expect(String(buffer: page) == "<p>a &lt; b</p>")
    }

    /// Production and development render with the library, not LeafKit; tests cross-check both.
    @Test(arguments: AppConfig.Mode.allCases)
    func everyModeRendersFromTheLibrary(mode: AppConfig.Mode) async throws {
        try await withTestApp(config: { $0.mode = mode }) { app in
            let salon = try await Salon.make(app)
            #expect(try await app.page("t/\(salon.tenant.slug)/").status == .ok)
            let renderer = app.view
            if app.environment == .testing {
                #expect(renderer is LeafCrossCheck)
            } else {
                #expect(renderer is TemplateViewRenderer)
            }
        }
    }

    @Test(arguments: [
        ("#if(x):a", "line 1: #if: never closed (#else or #elseif or #endif)"),
        ("a\n#endif", "line 2: #endif: without its opening tag"),
        ("#count(x)", "line 1: #count: not a tag these templates support (write \\# for the character)"),
        ("#(x):", "line 1: #: #(…) cannot be followed by a colon (Leaf reads one as the start of a body)"),
        ("#for(x of y):#endfor", "line 1: #for: write #for(item in list)"),
        ("#if(yes):a#endif", "line 1: #if: cannot read the expression"),
        ("#if((a || b) && c):x#endif", "line 1: #if: cannot read the expression"),
        ("#if(a == b == c):x#endif", "line 1: #if: cannot read the expression"),
        ("#(a + b)", "line 1: \"+\" is not supported in a tag's parentheses"),
        ("#(\"open)", "line 1: a string is not closed on its line"),
        ("#extend(\"nowhere\")", "no such template"),
        ("#extend(\"page\")", "extends itself"),
        ("x #", "line 1: a # at the end of the file (write \\# for the character)"),
    ])
    func aTemplateThatCannotBeReadNamesItsProblem(text: String, problem: String) {
        #expect {
            try TemplateLibrary(texts: ["page": text])
        } throws: { error in
            (error as? TemplateError)?.description.hasSuffix(problem) == true
        }
    }

    /// The cross-check the page tests rely on does fail when the engines disagree by one byte.
    @Test func theCrossCheckFailsOnAnyDifference() async throws {
        let eventLoop = MultiThreadedEventLoopGroup.singleton.next()
        let ours = TemplateViewRenderer(library: try TemplateLibrary(texts: ["page": "<p>#(title)</p>"]), eventLoop: eventLoop)
        func leaf(_ text: String) -> LeafRenderer {
            LeafRenderer(
                configuration: LeafConfiguration(rootDirectory: "/"), tags: defaultTags, cache: DefaultLeafCache(),
                sources: .singleSource(MemorySource(texts: ["page": text])), eventLoop: eventLoop)
        }
        let same = try await LeafCrossCheck(templates: ours, leaf: leaf("<p>#(title)</p>")).render("page", ["title": "x"]).get()
        #expect(String(buffer: same.data) == "<p>x</p>")
        await #expect(throws: LeafCrossCheck.Mismatch.self) {
            try await LeafCrossCheck(templates: ours, leaf: leaf("<p>#(title)</p> ")).render("page", ["title": "x"]).get()
        }
        await #expect(throws: LeafCrossCheck.Mismatch.self) {
            try await LeafCrossCheck(templates: ours, leaf: leaf("#unsafeHTML(nothing)")).render("page", ["title": "x"]).get()
        }
    }

    @Test func renderingAListOrAMissingUnsafeValueIsAnError() throws {
        let library = try TemplateLibrary(texts: [
            "list": "#(rows)", "unsafe": "#unsafeHTML(missing)", "loop": "#for(x in title):#endfor",
        ])
        let context = try TemplateEncoder.encode(Self.context)
        for name in ["list", "unsafe", "loop"] {
            #expect(throws: TemplateError.self) { try library.template(name).render(context) }
        }
    }
}
