import NIOConcurrencyHelpers
import Vapor

/// A page every visitor sees alike: its value holds everything its template shows and nothing of
/// one visitor (no form token, no personal details), so two requests with equal values get the
/// same bytes. The home page, the class list and the booking steps before the details form.
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
    private struct Entry: Sendable {
        let body: ByteBuffer
        var lastUse: UInt64
    }
    private struct State: Sendable {
        var entries: [Key: Entry] = [:]
        var bytes = 0
        var tick: UInt64 = 0
    }

    /// 8 MB: several hundred pages of 10–40 KB.
    static let standardBudget = 8 << 20
    let budget: Int
    private let state = NIOLockedValueBox(State())

    init(budget: Int = RenderedPages.standardBudget) { self.budget = budget }

    /// The bytes for `page` in `template`: kept ones when an equal value was rendered before,
    /// else `render`'s (then kept, unless larger than an eighth of the budget).
    func body<Page: SharedPage>(
        template: String, page: Page, render: () async throws -> ByteBuffer
    ) async throws -> ByteBuffer {
        let key = Key(template: template, page: AnyHashable(page))
        let kept: ByteBuffer? = state.withLockedValue { state in
            state.tick += 1
            guard var entry = state.entries[key] else { return nil }
            entry.lastUse = state.tick
            state.entries[key] = entry
            return entry.body
        }
        if let kept { return kept }
        let body = try await render()
        guard body.readableBytes <= budget / 8 else { return body }
        state.withLockedValue { state in
            state.tick += 1
            if let replaced = state.entries.updateValue(Entry(body: body, lastUse: state.tick), forKey: key) {
                state.bytes -= replaced.body.readableBytes
            }
            state.bytes += body.readableBytes
            guard state.bytes > budget else { return }
            // Over budget: drop the least recently used quarter of the pages (sorting once per
            // many insertions, not on every one).
            let oldest = state.entries.sorted { $0.value.lastUse < $1.value.lastUse }.prefix(max(1, state.entries.count / 4))
            for (key, entry) in oldest {
                state.entries[key] = nil
                state.bytes -= entry.body.readableBytes
            }
        }
        return body
    }

    /// Pages kept and their bytes (for tests and metrics).
    var usage: (pages: Int, bytes: Int) { state.withLockedValue { ($0.entries.count, $0.bytes) } }
}

extension Request {
    /// Renders a shared page through the server's `RenderedPages`. The page must carry no form
    /// token: a template that needs one is not a shared page.
    func renderShared<Page: SharedPage>(_ template: String, _ page: Page) async throws -> View {
        guard page.site.csrf.isEmpty else {
            throw Abort(.internalServerError, reason: "\(template) carries a visitor's form token; render it with req.view.")
        }
        let body = try await application.services.renderedPages.body(template: template, page: page) {
            try await view.render(template, page).data
        }
        return View(data: body)
    }
}
