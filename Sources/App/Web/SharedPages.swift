import NIOConcurrencyHelpers
import Vapor

/// A page every visitor sees alike: its value holds everything its template shows and nothing of
/// one visitor (no personal details; the form token and a form's one-time id only as
/// placeholders), so two requests with equal values get the same bytes. The home page, the class
/// list, a class's page and the booking steps up to the empty details form, on GET.
protocol SharedPage: Encodable, Hashable, Sendable {
    var site: SiteContext { get }
}

/// Shared pages rendered once per distinct content. The key is the page value itself (and its
/// template), read afresh on every request, so a page is never older than what it shows: a
/// booking that takes a time, a class filling up or a catalog change makes a different value and
/// a new render. Only the rendering is saved (Leaf took 44 % of the class list's CPU, issue 24),
/// as `SlotsMemo` saves the engine's work. Least recently used pages go first past `budget` bytes.
final class RenderedPages: Sendable {
    /// The page value, kept to compare on a hit (a hash alone could collide).
    private struct Key: Hashable, @unchecked Sendable {
        let template: String
        let page: AnyHashable
    }
    /// A rendered page as kept: its bytes and where its placeholders stand (found once, when it
    /// is rendered, so a response patches them without reading the page again).
    struct Kept: Sendable {
        struct Placeholder: Sendable, Equatable {
            let offset: Int
            let isFormToken: Bool
        }
        let body: ByteBuffer
        let placeholders: [Placeholder]

        init(_ body: ByteBuffer) {
            self.body = body
            placeholders = RenderedPages.placeholders(in: body)
        }
    }
    private struct Entry: Sendable {
        let kept: Kept
        var lastUse: UInt64
    }
    private struct State: Sendable {
        var entries: [Key: Entry] = [:]
        var bytes = 0
        var tick: UInt64 = 0
    }

    /// Stand for the visitor's form token (43 characters) and a form's one-time id (22) in a
    /// shared page; every response has them replaced with the visitor's token and a fresh id.
    static let formTokenPlaceholder = "shared-page-form-token-placeholder-0000000x"
    static let formIDPlaceholder = "shared-page-form-id-0x"

    /// 8 MB: several hundred pages of 10–40 KB.
    static let standardBudget = 8 << 20
    let budget: Int
    private let state = NIOLockedValueBox(State())

    init(budget: Int = RenderedPages.standardBudget) { self.budget = budget }

    /// The bytes for `page` in `template`: kept ones when an equal value was rendered before,
    /// else `render`'s (then kept, unless larger than an eighth of the budget).
    func body<Page: SharedPage>(
        template: String, page: Page, render: () async throws -> ByteBuffer
    ) async throws -> Kept {
        let key = Key(template: template, page: AnyHashable(page))
        let found: Kept? = state.withLockedValue { state in
            state.tick += 1
            guard var entry = state.entries[key] else { return nil }
            entry.lastUse = state.tick
            state.entries[key] = entry
            return entry.kept
        }
        if let found { return found }
        let body = try await render()
        let kept = Kept(body)
        guard body.readableBytes <= budget / 8 else { return kept }
        state.withLockedValue { state in
            state.tick += 1
            if let replaced = state.entries.updateValue(Entry(kept: kept, lastUse: state.tick), forKey: key) {
                state.bytes -= replaced.kept.body.readableBytes
            }
            state.bytes += body.readableBytes
            guard state.bytes > budget else { return }
            // Over budget: drop the least recently used quarter of the pages (sorting once per
            // many insertions, not on every one).
            let oldest = state.entries.sorted { $0.value.lastUse < $1.value.lastUse }.prefix(max(1, state.entries.count / 4))
            for (key, entry) in oldest {
                state.entries[key] = nil
                state.bytes -= entry.kept.body.readableBytes
            }
        }
        return kept
    }

    /// Pages kept and their bytes (for tests and metrics).
    var usage: (pages: Int, bytes: Int) { state.withLockedValue { ($0.entries.count, $0.bytes) } }
}

extension Request {
    /// Renders a shared page through the server's `RenderedPages`, then puts this visitor's form
    /// token and a fresh one-time id where the placeholders stand. The page must have been built
    /// with `SiteContext(req:title:shared: true)`; a visitor's own token in it is refused.
    func renderShared<Page: SharedPage>(_ template: String, _ page: Page) async throws -> View {
        guard page.site.csrf == RenderedPages.formTokenPlaceholder else {
            throw Abort(.internalServerError, reason: "\(template) carries a visitor's form token; build it as a shared page.")
        }
        let kept = try await application.services.renderedPages.body(template: template, page: page) {
            try await view.render(template, page).data
        }
        return View(data: RenderedPages.personalised(kept, formToken: csrfToken, newFormID: FormOnce.newID))
    }
}

extension RenderedPages {
    /// Where the placeholders stand in a rendered page: one pass over its bytes.
    static func placeholders(in body: ByteBuffer) -> [Kept.Placeholder] {
        let token = Array(formTokenPlaceholder.utf8)
        let id = Array(formIDPlaceholder.utf8)
        return body.withUnsafeReadableBytes { bytes in
            var found: [Kept.Placeholder] = []
            var index = 0
            // Both placeholders start with "shared-page-form-"; a page without a form has none.
            while let next = bytes[index...].firstIndex(of: UInt8(ascii: "s")) {
                if matches(token, in: bytes, at: next) {
                    found.append(.init(offset: next, isFormToken: true))
                    index = next + token.count
                } else if matches(id, in: bytes, at: next) {
                    found.append(.init(offset: next, isFormToken: false))
                    index = next + id.count
                } else {
                    index = next + 1
                }
            }
            return found
        }
    }

    private static func matches(_ word: [UInt8], in bytes: UnsafeRawBufferPointer, at index: Int) -> Bool {
        guard index + word.count <= bytes.count else { return false }
        for offset in 0..<word.count where bytes[index + offset] != word[offset] { return false }
        return true
    }

    /// The kept page with every form-token placeholder replaced by `formToken` and every
    /// one-time-id placeholder by a fresh id (same lengths, so bytes are swapped in place in a
    /// copy); a page without placeholders is sent as kept, without a copy.
    static func personalised(_ kept: Kept, formToken: String, newFormID: () -> String) -> ByteBuffer {
        guard !kept.placeholders.isEmpty else { return kept.body }
        let visitorToken = Array(formToken.utf8)
        guard visitorToken.count == formTokenPlaceholder.utf8.count else { return kept.body }
        var body = kept.body
        let start = body.readerIndex
        for placeholder in kept.placeholders {
            if placeholder.isFormToken {
                body.setBytes(visitorToken, at: start + placeholder.offset)
            } else {
                let fresh = Array(newFormID().utf8)
                if fresh.count == formIDPlaceholder.utf8.count { body.setBytes(fresh, at: start + placeholder.offset) }
            }
        }
        return body
    }
}
