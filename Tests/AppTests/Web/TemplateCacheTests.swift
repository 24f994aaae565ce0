import Foundation
import LeafKit
import NIOCore
import Testing
import VaporTesting

@testable import App

/// Templates are read and parsed once, then rendered from memory, in every environment (Vapor's
/// Leaf provider would read them on every render in development).
@Suite("Template cache")
struct TemplateCacheTests {
    /// The bundle's templates, counting every file read.
    final class CountingSource: LeafSource, @unchecked Sendable {
        let inner: any LeafSource
        let reads = Locked(0)

        init(_ inner: any LeafSource) { self.inner = inner }

        func file(template: String, escape: Bool, on eventLoop: any EventLoop) throws -> EventLoopFuture<ByteBuffer> {
            reads.withLock { $0 += 1 }
            return try inner.file(template: template, escape: escape, on: eventLoop)
        }
    }

    @Test(arguments: AppConfig.Mode.allCases)
    func aSecondRenderReadsNoTemplateFile(mode: AppConfig.Mode) async throws {
        try await withTestApp(config: { $0.mode = mode }) { app in
            let salon = try await Salon.make(app)
            let source = CountingSource(
                NIOLeafFiles(
                    fileio: app.fileio, limits: [.toSandbox, .requireExtensions], sandboxDirectory: Views.directory,
                    viewDirectory: Views.directory))
            app.leaf.sources = .singleSource(source)
            #expect(try await app.page("t/\(salon.tenant.slug)/").status == .ok)
            let first = source.reads.value
            #expect(first > 0, "the first render reads its templates")
            #expect(try await app.page("t/\(salon.tenant.slug)/").status == .ok)
            #expect(try await app.page("t/\(salon.tenant.slug)/book").status == .ok)
            let afterBook = source.reads.value
            #expect(try await app.page("t/\(salon.tenant.slug)/").status == .ok)
            #expect(try await app.page("t/\(salon.tenant.slug)/book").status == .ok)
            #expect(source.reads.value == afterBook, "\(mode): pages rendered again read no template file")
        }
    }
}
