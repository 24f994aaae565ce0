// Renders the class list page (`public/sessions.leaf` in its layout) with three engines from the same
// page value, checks they produce the same HTML (whitespace between tags aside), and prints the time
// per render. Usage: swift run -c release RenderEngines [ITERATIONS]
import Foundation
import LeafKit
import Mustache
import NIOCore
import NIOPosix
import Plot

// MARK: - The page value (the shape of the app's `SessionListPage`)

struct Links { let home, book, sessions, myBookings, privacy, terms: String }
struct Site {
    let name: String, logoURL: String?, cssURL: String, themeURL: String, jsURL: String, title: String
    let offersAppointments: Bool, offersSessions: Bool
    let links: Links
}
struct Item { let title, when, places: String; let isFull: Bool; let link: String }
struct Week { let heading: String; let sessions: [Item] }
struct ClassList { let site: Site; let weeks: [Week]?; let zoneName: String }

/// 37 classes over 6 weeks, as the demo studio's list (titles with an ampersand and an apostrophe,
/// so escaping is exercised).
func demoPage() -> ClassList {
    let base = "/t/mind-department"
    let titles = ["Morning Yoga", "Pilates & Core", "Evening Flow", "Meditation for Beginners", "Children's Yoga", "Breathwork"]
    var weeks: [Week] = []
    var n = 0
    for w in 0..<6 {
        var items: [Item] = []
        for d in 0..<(w == 5 ? 2 : 7) {
            n += 1
            let left = (n * 7) % 13
            items.append(
                Item(
                    title: titles[n % titles.count], when: "Mon \(7 + d) Dec, 07:00 to 08:00",
                    places: left == 0 ? "Full – join the waitlist" : left == 1 ? "1 place left" : "\(left) places left",
                    isFull: left == 0, link: "\(base)/sessions/\(UUID().uuidString.lowercased())"))
        }
        weeks.append(Week(heading: "Week of Monday \(7 + w * 7) December", sessions: items))
    }
    let links = Links(
        home: "\(base)/", book: "\(base)/book", sessions: "\(base)/sessions", myBookings: "\(base)/my-bookings",
        privacy: "\(base)/privacy", terms: "\(base)/terms")
    return ClassList(
        site: Site(
            name: "Mind Department", logoURL: nil, cssURL: "/assets/site.css?v=1a2b3c", themeURL: "\(base)/theme.css?v=9f8e",
            jsURL: "/assets/site.js?v=4d5e6f", title: "Classes – Mind Department", offersAppointments: false,
            offersSessions: true, links: links),
        weeks: weeks, zoneName: "London time")
}

// MARK: - Leaf (the app's own templates)

extension ClassList {
    /// What the app's `LeafEncoder` builds from the page value.
    var leafContext: [String: LeafData] {
        let l = site.links
        return [
            "site": .dictionary([
                "name": .string(site.name), "logoURL": site.logoURL.map(LeafData.string) ?? .trueNil,
                "cssURL": .string(site.cssURL), "themeURL": .string(site.themeURL), "jsURL": .string(site.jsURL),
                "title": .string(site.title), "offersAppointments": .bool(site.offersAppointments),
                "offersSessions": .bool(site.offersSessions),
                "links": .dictionary([
                    "home": .string(l.home), "book": .string(l.book), "sessions": .string(l.sessions),
                    "myBookings": .string(l.myBookings), "privacy": .string(l.privacy), "terms": .string(l.terms),
                ]),
            ]),
            "zoneName": .string(zoneName),
            "weeks": weeks.map { weeks in
                .array(
                    weeks.map { week in
                        .dictionary([
                            "heading": .string(week.heading),
                            "sessions": .array(
                                week.sessions.map { s in
                                    .dictionary([
                                        "title": .string(s.title), "when": .string(s.when), "places": .string(s.places),
                                        "isFull": .bool(s.isFull), "link": .string(s.link),
                                    ])
                                }),
                        ])
                    })
            } ?? .trueNil,
        ]
    }
}

// MARK: - Mustache (a port of the two templates; values found by reflection, as a designer would use it)

let mustacheLayout = """
    <!DOCTYPE html>
    <html lang="en-GB">
    <head>
    <meta charset="utf-8">
    <meta name="viewport" content="width=device-width, initial-scale=1">
    <title>{{site.title}}</title>
    <link rel="icon" href="data:,">
    <link rel="stylesheet" href="{{site.cssURL}}">
    <link rel="stylesheet" href="{{site.themeURL}}">
    <script src="{{site.jsURL}}" defer></script>
    </head>
    <body>
    <a class="skip" href="#main">Skip to main content</a>
    <header class="masthead">
    <div class="bar">
    <a class="brand" href="{{site.links.home}}">{{#site.logoURL}}<img src="{{site.logoURL}}" alt="">{{/site.logoURL}}<span>{{site.name}}</span></a>
    <nav aria-label="Main">
    <ul>
    {{#site.offersAppointments}}<li><a href="{{site.links.book}}">Book</a></li>{{/site.offersAppointments}}
    {{#site.offersSessions}}<li><a href="{{site.links.sessions}}">Classes</a></li>{{/site.offersSessions}}
    <li><a href="{{site.links.myBookings}}">My bookings</a></li>
    </ul>
    </nav>
    </div>
    </header>
    <main id="main" tabindex="-1">
    {{$main}}{{/main}}
    </main>
    <footer class="site">
    <div class="bar">
    <span>{{site.name}}</span>
    <a href="{{site.links.privacy}}">Privacy</a>
    <a href="{{site.links.terms}}">Terms</a>
    </div>
    </footer>
    </body>
    </html>

    """

let mustacheSessions = """
    {{<layout}}
    {{$main}}
    <h1>Classes</h1>
    <p class="muted">Times are in {{zoneName}}.</p>
    {{#weeks}}
    <h2>{{heading}}</h2>
    <ul class="list">
    {{#sessions}}<li><a class="choice" href="{{link}}"><span><strong>{{title}}</strong><span class="meta">{{when}}</span></span><span class="badge{{#isFull}} full{{/isFull}}">{{places}}</span></a></li>
    {{/sessions}}
    </ul>
    {{/weeks}}
    {{^weeks}}
    <p>No classes are open for booking just now. Please check again soon.</p>
    {{/weeks}}
    {{/main}}
    {{/layout}}
    """

// MARK: - Plot (a typed builder; Node API, Plot's fastest)

func plotPage(_ page: ClassList) -> String {
    let site = page.site
    let main: Node<HTML.BodyContext> = .group(
        .h1("Classes"),
        .p(.class("muted"), .text("Times are in \(page.zoneName).")),
        .unwrap(page.weeks, { weeks in
            .forEach(weeks) { week in
                .group(
                    .h2(.text(week.heading)),
                    .ul(
                        .class("list"),
                        .forEach(week.sessions) { s in
                            .li(
                                .a(
                                    .class("choice"), .href(s.link),
                                    .span(.strong(.text(s.title)), .span(.class("meta"), .text(s.when))),
                                    .span(.class(s.isFull ? "badge full" : "badge"), .text(s.places))))
                        }))
            }
        }, else: .p("No classes are open for booking just now. Please check again soon.")))
    return HTML(
        .attribute(named: "lang", value: "en-GB"),
        .head(
            .meta(.charset(.utf8)), .meta(.name("viewport"), .content("width=device-width, initial-scale=1")),
            .element(named: "title", text: site.title), .link(.rel(.icon), .href("data:,")), .link(.rel(.stylesheet), .href(site.cssURL)),
            .link(.rel(.stylesheet), .href(site.themeURL)), .script(.src(site.jsURL), .attribute(named: "defer"))),
        .body(
            .a(.class("skip"), .href("#main"), "Skip to main content"),
            .header(
                .class("masthead"),
                .div(
                    .class("bar"),
                    .a(
                        .class("brand"), .href(site.links.home),
                        .unwrap(site.logoURL) { .img(.src($0), .alt("")) }, .span(.text(site.name))),
                    .nav(
                        .attribute(named: "aria-label", value: "Main"),
                        .ul(
                            .if(site.offersAppointments, .li(.a(.href(site.links.book), "Book"))),
                            .if(site.offersSessions, .li(.a(.href(site.links.sessions), "Classes"))),
                            .li(.a(.href(site.links.myBookings), "My bookings")))))),
            .main(.id("main"), .attribute(named: "tabindex", value: "-1"), main),
            .footer(
                .class("site"),
                .div(
                    .class("bar"), .span(.text(site.name)), .a(.href(site.links.privacy), "Privacy"),
                    .a(.href(site.links.terms), "Terms"))))
    ).render()
}

// MARK: - The floor: plain Swift string appends, every value escaped (not a candidate: no template)

extension String {
    /// `&<>"'` escaped, byte by byte.
    var escaped: String {
        guard utf8.contains(where: { $0 == 38 || $0 == 60 || $0 == 62 || $0 == 34 || $0 == 39 }) else { return self }
        var out = ""
        out.reserveCapacity(utf8.count + 16)
        for scalar in unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }
}

func plainPage(_ page: ClassList) -> String {
    let site = page.site
    var h = ""
    h.reserveCapacity(12_000)
    h += "<!DOCTYPE html>\n<html lang=\"en-GB\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
    h += "<title>\(site.title.escaped)</title>\n<link rel=\"icon\" href=\"data:,\">\n<link rel=\"stylesheet\" href=\"\(site.cssURL.escaped)\">\n"
    h += "<link rel=\"stylesheet\" href=\"\(site.themeURL.escaped)\">\n<script src=\"\(site.jsURL.escaped)\" defer></script>\n</head>\n<body>\n"
    h += "<a class=\"skip\" href=\"#main\">Skip to main content</a>\n<header class=\"masthead\">\n<div class=\"bar\">\n"
    h += "<a class=\"brand\" href=\"\(site.links.home.escaped)\">"
    if let logo = site.logoURL { h += "<img src=\"\(logo.escaped)\" alt=\"\">" }
    h += "<span>\(site.name.escaped)</span></a>\n<nav aria-label=\"Main\">\n<ul>\n"
    if site.offersAppointments { h += "<li><a href=\"\(site.links.book.escaped)\">Book</a></li>" }
    h += "\n"
    if site.offersSessions { h += "<li><a href=\"\(site.links.sessions.escaped)\">Classes</a></li>" }
    h += "\n<li><a href=\"\(site.links.myBookings.escaped)\">My bookings</a></li>\n</ul>\n</nav>\n</div>\n</header>\n<main id=\"main\" tabindex=\"-1\">\n"
    h += "<h1>Classes</h1>\n<p class=\"muted\">Times are in \(page.zoneName.escaped).</p>\n"
    if let weeks = page.weeks {
        for week in weeks {
            h += "<h2>\(week.heading.escaped)</h2>\n<ul class=\"list\">\n"
            for s in week.sessions {
                h += "<li><a class=\"choice\" href=\"\(s.link.escaped)\"><span><strong>\(s.title.escaped)</strong><span class=\"meta\">\(s.when.escaped)</span></span><span class=\"badge\(s.isFull ? " full" : "")\">\(s.places.escaped)</span></a></li>\n"
            }
            h += "</ul>\n"
        }
    } else {
        h += "<p>No classes are open for booking just now. Please check again soon.</p>\n"
    }
    h += "</main>\n<footer class=\"site\">\n<div class=\"bar\">\n<span>\(site.name.escaped)</span>\n<a href=\"\(site.links.privacy.escaped)\">Privacy</a>\n"
    h += "<a href=\"\(site.links.terms.escaped)\">Terms</a>\n</div>\n</footer>\n</body>\n</html>\n"
    return h
}

// MARK: - Measuring

/// The same HTML, whitespace between tags and the doctype's case aside.
func normalised(_ html: String) -> String {
    html.lowercased().replacingOccurrences(of: "\n", with: "").replacingOccurrences(of: "> <", with: "><")
        .replacingOccurrences(of: "&#39;", with: "'").replacingOccurrences(of: "&#x27;", with: "'")
        .replacingOccurrences(of: "/>", with: ">")
}

/// `perCall`: renders one call of `body` makes.
func time(_ label: String, iterations: Int, bytes: Int, perCall: Int = 1, _ body: () throws -> Void) rethrows {
    for _ in 0..<max(1, min(200, iterations)) { try body() }  // warm-up
    var samples: [Double] = []
    for _ in 0..<5 {
        let start = DispatchTime.now().uptimeNanoseconds
        for _ in 0..<iterations { try body() }
        samples.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1000 / Double(iterations * perCall))
    }
    samples.sort()
    print("\(label.padding(toLength: 34, withPad: " ", startingAt: 0)) median \(String(format: "%7.1f", samples[2])) µs/render  (best \(String(format: "%.1f", samples[0])))  \(bytes) bytes")
}

let iterations = CommandLine.arguments.count > 1 ? Int(CommandLine.arguments[1]) ?? 2000 : 2000
let page = demoPage()
let views = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../../../Sources/App/Resources/Views/")
    .standardized.path + "/"
let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
let loop = group.next()
let sources = LeafSources.singleSource(
    NIOLeafFiles(
        fileio: NonBlockingFileIO(threadPool: .singleton), limits: [.toSandbox, .requireExtensions], sandboxDirectory: views,
        viewDirectory: views))
let leaf = LeafRenderer(configuration: LeafConfiguration(rootDirectory: views), sources: sources, eventLoop: loop)

func renderLeaf(_ page: ClassList) throws -> String {
    var buffer = try loop.submit { leaf.render(path: "public/sessions", context: page.leafContext) }.wait().wait()
    return buffer.readString(length: buffer.readableBytes)!
}

var library = MustacheLibrary()
try library.register(mustacheLayout, named: "layout")
try library.register(mustacheSessions, named: "sessions")

let leafHTML = try renderLeaf(page)
let mustacheHTML = library.render(page, withTemplate: "sessions")!
let plotHTML = plotPage(page)
let plainHTML = plainPage(page)
print("same HTML as Leaf (whitespace between tags aside): mustache \(normalised(mustacheHTML) == normalised(leafHTML)), plot \(normalised(plotHTML) == normalised(leafHTML)), plain Swift \(normalised(plainHTML) == normalised(leafHTML))")
if normalised(plotHTML) != normalised(leafHTML) || normalised(mustacheHTML) != normalised(leafHTML) {
    for (name, html) in [("mustache", mustacheHTML), ("plot", plotHTML)] where normalised(html) != normalised(leafHTML) {
        let a = Array(normalised(leafHTML)), b = Array(normalised(html))
        let at = (0..<min(a.count, b.count)).first { a[$0] != b[$0] } ?? min(a.count, b.count)
        print("\(name) differs at \(at): leaf …\(String(a[max(0, at - 40)..<min(a.count, at + 40)]))… \(name) …\(String(b[max(0, at - 40)..<min(b.count, at + 40)]))…")
    }
}

// Leaf renders on its event loop: each timed batch runs there as one task, as a server's handler
// would; with the templates cached, every render completes before its call returns (checked).
try time("leaf (context built + serialised)", iterations: 1, bytes: leafHTML.utf8.count, perCall: iterations) {
    let done = try loop.submit {
        var done = 0
        for _ in 0..<iterations {
            leaf.render(path: "public/sessions", context: page.leafContext).whenSuccess { _ in done += 1 }
        }
        return done
    }.wait()
    precondition(done == iterations, "Leaf did not render synchronously")
}
try time("mustache (reflection)", iterations: iterations, bytes: mustacheHTML.utf8.count) {
    _ = library.render(page, withTemplate: "sessions")
}
time("plot (Node API)", iterations: iterations, bytes: plotHTML.utf8.count) {
    _ = plotPage(page)
}
time("plain Swift appends (the floor)", iterations: iterations, bytes: plainHTML.utf8.count) {
    _ = plainPage(page)
}
try group.syncShutdownGracefully()
