import Vapor

/// Tests only: renders each view with `TemplateLibrary` and with LeafKit, and fails the render when
/// they differ by a byte, or when only one of them fails. Every page and email a test renders is
/// checked, so a template that means something else under the two engines cannot pass the suite.
struct LeafCrossCheck: ViewRenderer {
    let templates: any ViewRenderer
    let leaf: any ViewRenderer

    func `for`(_ request: Request) -> any ViewRenderer {
        LeafCrossCheck(templates: templates.for(request), leaf: leaf.for(request))
    }

    func render<E: Encodable>(_ name: String, _ context: E) -> EventLoopFuture<View> {
        let ours = templates.render(name, context).map { Result<View, any Error>.success($0) }.recover { .failure($0) }
        let theirs = leaf.render(name, context).map { Result<View, any Error>.success($0) }.recover { .failure($0) }
        return ours.and(theirs).flatMapThrowing { ours, theirs in
            switch (ours, theirs) {
            case (.success(let view), .success(let expected)):
                guard view.data == expected.data else {
                    throw Mismatch(template: name, detail: Self.firstDifference(view.data, expected.data))
                }
                return view
            case (.success, .failure(let error)):
                throw Mismatch(template: name, detail: "LeafKit failed where the templates rendered: \(error)")
            case (.failure(let error), .success):
                throw Mismatch(template: name, detail: "the templates failed where LeafKit rendered: \(error)")
            case (.failure(let error), .failure):
                throw error
            }
        }
    }

    /// Where two renders part: the byte offset and some text of each from there.
    static func firstDifference(_ ours: ByteBuffer, _ theirs: ByteBuffer) -> String {
        let (a, b) = (Array(ours.readableBytesView), Array(theirs.readableBytesView))
        let at = (0..<min(a.count, b.count)).first { a[$0] != b[$0] } ?? min(a.count, b.count)
        func excerpt(_ bytes: [UInt8]) -> String {
            String(decoding: bytes[max(0, at - 60)..<min(bytes.count, at + 80)], as: UTF8.self)
        }
        return "byte \(at) (of \(a.count) and \(b.count)):\n templates: \(excerpt(a))\n leaf:      \(excerpt(b))"
    }

    struct Mismatch: Error, CustomStringConvertible {
        let template: String
        let detail: String
        var description: String { "template \(template) renders differently from LeafKit: \(detail)" }
    }
}
