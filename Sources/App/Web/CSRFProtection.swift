import Vapor

/// Refuses forms posted from other sites (double-submit token): every page visit gets a random
/// token in an HttpOnly, SameSite=Lax cookie, every form carries the same token in a hidden `_csrf`
/// field, and a POST whose field does not match its cookie, or whose `Origin` names another host,
/// is refused with a page that says what to do. Another site can make a browser send the cookie
/// but can neither read it nor set the field.
///
/// Future-based, like `TenantMiddleware`: a page visit (GET) passes without starting a task; only
/// a POST, whose body may still be arriving, is checked in one.
struct CSRFProtection: Middleware {
    static let cookieName = "nbne_csrf"
    static let fieldName = "_csrf"

    func respond(to request: Request, chainingTo next: any Responder) -> EventLoopFuture<Response> {
        let cookie: String? = request.cookies[Self.cookieName]?.string
        let existing = cookie.flatMap { Self.isWellFormed($0) ? $0 : nil }
        let token = existing ?? Secrets.base64URL(Secrets.randomBytes(32))
        request.csrfToken = token
        let checked =
            request.method == .POST
            ? request.eventLoop.makeFutureWithTask { try await Self.checkForm(of: request, cookie: existing) }
            : request.eventLoop.makeSucceededVoidFuture()
        return checked.flatMap { next.respond(to: request) }.map { response in
            if existing == nil {
                response.cookies[Self.cookieName] = HTTPCookies.Value(
                    string: token, path: "/", isSecure: request.application.config.publicBaseURL.hasPrefix("https:"),
                    isHTTPOnly: true,
                    sameSite: .lax)
            }
            return response
        }
    }

    /// A POST must come from this site and carry its visitor's token in the form.
    private static func checkForm(of request: Request, cookie: String?) async throws {
        try await collectBody(of: request)
        guard sameOrigin(request), let sent = cookie,
            let field = try? request.content.get(String.self, at: fieldName),
            Secrets.constantTimeEquals(Array(field.utf8), Array(sent.utf8))
        else {
            throw PageError(
                .forbidden, title: "Please send the form again",
                message:
                    "This form was open too long or came from another site, so it was not sent. Go back, reload the page and send it again."
            )
        }
    }

    /// A form over a few KB arrives in pieces, and the route collects them only after the middleware
    /// has run: collect them here (within the routes' body limit) so the token can be read. A body
    /// over the limit is answered with a page that says so, before any token check.
    static func collectBody(of request: Request) async throws {
        guard request.body.data == nil else { return }
        let upload = request.headers.contentType?.subType == "form-data"
        let limit = upload ? uploadLimit : request.application.routes.defaultMaxBodySize.value
        do {
            _ = try await request.body.collect(max: limit).get()
        } catch let error as any AbortError where error.status == .payloadTooLarge {
            if upload {
                throw PageError(
                    .payloadTooLarge, title: "That file is too large",
                    message:
                        "The file is more than \(limit / 1024) KB; a logo may be at most \(LogoImage.maximumBytes / 1024) KB. Go back, choose a smaller file and send it again."
                )
            }
            throw PageError(
                .payloadTooLarge, title: "That form was too long",
                message:
                    "What you sent is more than we can take (\(limit / 1024) KB at most). Go back, shorten the longest field and send it again."
            )
        }
    }

    /// A form with a file (multipart): the largest file any form takes (a logo), and room for the rest.
    static let uploadLimit = LogoImage.maximumBytes + 64 * 1024

    /// A browser names the site a form came from in `Origin`; when it names one, it must be this
    /// host. A browser sends `Origin: null` from pages with `Referrer-Policy: no-referrer` (the
    /// manage pages), and tools send none: then the token alone decides.
    static func sameOrigin(_ request: Request) -> Bool {
        guard let origin = request.headers.first(name: .origin), origin != "null" else { return true }
        guard let host = request.headers.first(name: .host), let url = URL(string: origin), let originHost = url.host else {
            return false
        }
        let originAuthority = url.port.map { "\(originHost):\($0)" } ?? originHost
        return originAuthority.lowercased() == host.lowercased()
    }

    static func isWellFormed(_ token: String) -> Bool {
        token.utf8.count == 43 && Secrets.isBase64URL(token)
    }
}

extension Request {
    private struct CSRFTokenKey: StorageKey { typealias Value = String }

    /// This visitor's form token (set by `CSRFProtection`).
    var csrfToken: String {
        get { storage[CSRFTokenKey.self] ?? "" }
        set { storage[CSRFTokenKey.self] = newValue }
    }
}
