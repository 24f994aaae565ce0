import Vapor

/// Security headers: `nosniff` on every response, and on every HTML page a Content-Security-Policy
/// that allows only this site's own script and style (no inline script, no framing), a referrer
/// policy, and no caching (pages carry live times and a form token). Pages holding a secret link
/// (manage, my-bookings) set `Referrer-Policy: no-referrer` themselves; it is kept.
struct PageHeaders: AsyncMiddleware {
    static let contentSecurityPolicy =
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' https: data:; connect-src 'self'; "
        + "form-action 'self'; base-uri 'none'; frame-ancestors 'none'"

    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        let response = try await next.respond(to: request)
        response.headers.replaceOrAdd(name: "X-Content-Type-Options", value: "nosniff")
        guard response.headers.contentType == .html else { return response }
        response.headers.replaceOrAdd(name: "Content-Security-Policy", value: Self.contentSecurityPolicy)
        response.headers.replaceOrAdd(name: "X-Frame-Options", value: "DENY")
        if !response.headers.contains(name: "Referrer-Policy") {
            response.headers.replaceOrAdd(name: "Referrer-Policy", value: "same-origin")
        }
        if !response.headers.contains(name: .cacheControl) {
            response.headers.replaceOrAdd(name: .cacheControl, value: "no-store")
        }
        return response
    }
}

extension Response {
    /// For pages whose URL is a secret (a manage or my-bookings link): never cached, never sent on
    /// as a referrer.
    func markPrivate() {
        headers.replaceOrAdd(name: "Referrer-Policy", value: "no-referrer")
        headers.replaceOrAdd(name: .cacheControl, value: "no-store, private")
    }
}
