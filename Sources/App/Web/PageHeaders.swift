import Vapor

/// Security headers: `nosniff` on every response, and on every HTML page a Content-Security-Policy
/// that allows only this site's own script and style (no inline script, no framing), a referrer
/// policy, and no caching (pages carry live times and a form token). Pages holding a secret link
/// (manage, my-bookings) set `Referrer-Policy: no-referrer` themselves; it is kept.
///
/// A future-based `Middleware`, not an `AsyncMiddleware`: it runs on every request, and each async
/// middleware adds a task hop that cost the unrouted 404 path (wrk, 64 connections) about a fifth of
/// its throughput.
struct PageHeaders: Middleware {
    static let contentSecurityPolicy =
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
        + "form-action 'self'; base-uri 'none'; frame-ancestors 'none'"

    func respond(to request: Request, chainingTo next: any Responder) -> EventLoopFuture<Response> {
        next.respond(to: request).map { response in
            Self.apply(to: response)
            return response
        }
    }

    static func apply(to response: Response) {
        response.headers.replaceOrAdd(name: "X-Content-Type-Options", value: "nosniff")
        // The raw header, not `headers.contentType`, which parses it into a media type on every call.
        guard response.headers.first(name: .contentType)?.hasPrefix("text/html") == true else { return }
        response.headers.replaceOrAdd(name: "Content-Security-Policy", value: contentSecurityPolicy)
        response.headers.replaceOrAdd(name: "X-Frame-Options", value: "DENY")
        if !response.headers.contains(name: "Referrer-Policy") {
            response.headers.replaceOrAdd(name: "Referrer-Policy", value: "same-origin")
        }
        if !response.headers.contains(name: .cacheControl) {
            response.headers.replaceOrAdd(name: .cacheControl, value: "no-store")
        }
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
