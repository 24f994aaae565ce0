import Leaf
import LeafKit
import Vapor

/// Pages and emails are rendered from the `.leaf` files in the App module's bundle by
/// `TemplateLibrary`, which reads, parses and links them once per process and renders bytes
/// straight from a page's context (issue 24: LeafKit's renderer was 30 % of a private page's CPU).
/// Tests also render every page with LeafKit and fail on any byte of difference
/// (`LeafCrossCheck`), so the templates keep meaning what they meant under Leaf.
enum Templates {
    /// The bundle's templates, read once per process (tests build hundreds of applications).
    static let library = Result { try TemplateLibrary(directory: Views.directory) }

    static func install(in app: Application) throws {
        let library = try library.get()
        guard app.environment == .testing else {
            app.views.use { app in TemplateViewRenderer(library: library, eventLoop: app.eventLoopGroup.next()) }
            return
        }
        // Sandboxed to the bundle; its path may lie under `.build`, so hidden path components are allowed.
        app.leaf.sources = .singleSource(
            NIOLeafFiles(
                fileio: app.fileio, limits: [.toSandbox, .requireExtensions], sandboxDirectory: Views.directory,
                viewDirectory: Views.directory))
        app.leaf.cache.isEnabled = true
        app.views.use { app in
            var userInfo = app.leaf.userInfo
            userInfo["application"] = app
            let leaf = LeafRenderer(
                configuration: app.leaf.configuration, tags: app.leaf.tags, cache: app.leaf.cache, sources: app.leaf.sources,
                eventLoop: app.eventLoopGroup.next(), userInfo: userInfo)
            return LeafCrossCheck(
                templates: TemplateViewRenderer(library: library, eventLoop: app.eventLoopGroup.next()), leaf: leaf)
        }
    }
}
