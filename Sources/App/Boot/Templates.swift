import Leaf
import LeafKit
import Vapor

/// Leaf, reading templates from the App module's bundle and keeping each one parsed in memory in
/// every environment. Vapor's own `.leaf` provider switches the cache off whenever the environment
/// is development, whatever `app.leaf.cache.isEnabled` says, so every page rendered there read and
/// lexed its templates again (29 % of the CPU in a profile of the home page, issue 24). Templates
/// are copies in the build's bundle, so editing one means a rebuild anyway.
enum Templates {
    static func install(in app: Application) {
        // Sandboxed to the bundle; its path may lie under `.build`, so hidden path components are allowed.
        app.leaf.sources = .singleSource(
            NIOLeafFiles(
                fileio: app.fileio, limits: [.toSandbox, .requireExtensions], sandboxDirectory: Views.directory,
                viewDirectory: Views.directory))
        app.leaf.cache.isEnabled = true
        app.views.use { app in
            var userInfo = app.leaf.userInfo
            userInfo["application"] = app
            return LeafRenderer(
                configuration: app.leaf.configuration, tags: app.leaf.tags, cache: app.leaf.cache, sources: app.leaf.sources,
                eventLoop: app.eventLoopGroup.next(), userInfo: userInfo)
        }
    }
}
