import Foundation
import Vapor

/// What a client typed on the details form, kept in their own browser (an HttpOnly cookie, half an
/// hour) while they choose another time with "Change time". That lets the change use the very same
/// day-and-time picker as the first choice (plain links), and the details come back when a time is
/// chosen. Nothing is stored on the server; the details are checked again when the form is sent.
/// A draft belongs to one business: sites on one host (`/t/<slug>/`) share the cookie, and another
/// business's form never shows it (nor the consent ticked for the first).
struct BookingDraft: Codable, Equatable {
    static let cookieName = "nbne_details"
    static let lifetime = 1800
    /// A cookie stays well under browsers' 4 KB limit; a larger one is not kept.
    static let maxCookieBytes = 3800

    var tenant: UUID
    var name: String
    var email: String
    var phone: String
    var notes: String
    var smsOptIn: Bool
    var consent: Bool

    init(_ form: ContactForm, tenant: UUID) {
        self.tenant = tenant
        name = form.name ?? ""
        email = form.email ?? ""
        phone = form.phone ?? ""
        notes = form.notes ?? ""
        smsOptIn = form.smsOptIn != nil
        consent = form.consent != nil
    }

    /// The form as if typed again (ticked boxes included).
    var contactForm: ContactForm {
        var form = ContactForm()
        form.name = name
        form.email = email
        form.phone = phone
        form.notes = notes
        form.smsOptIn = smsOptIn ? "yes" : nil
        form.consent = consent ? "yes" : nil
        return form
    }

    /// The draft in the request's cookie for this business; nil when there is none, it cannot be
    /// read, or it was typed at another business.
    static func read(_ req: Request, tenant: UUID) -> BookingDraft? {
        guard let value = req.cookies[cookieName]?.string, value.utf8.count <= maxCookieBytes,
            let data = Secrets.base64URLDecoded(value),
            let draft = try? JSONDecoder().decode(BookingDraft.self, from: data), draft.tenant == tenant
        else { return nil }
        return draft
    }

    /// Sets the cookie on a response (skipped when the details are too long to fit).
    func keep(on response: Response, for req: Request) {
        guard let data = try? JSONEncoder().encode(self) else { return }
        let value = Secrets.base64URL(Array(data))
        guard value.utf8.count <= Self.maxCookieBytes else { return }
        response.cookies[Self.cookieName] = HTTPCookies.Value(
            string: value, maxAge: Self.lifetime, path: "/", isSecure: Self.secure(req), isHTTPOnly: true, sameSite: .lax)
    }

    /// Removes the cookie (once the booking is made).
    static func forget(on response: Response, for req: Request) {
        guard req.cookies[cookieName] != nil else { return }
        response.cookies[cookieName] = HTTPCookies.Value(
            string: "", expires: Date(timeIntervalSince1970: 0), maxAge: 0, path: "/", isSecure: secure(req), isHTTPOnly: true,
            sameSite: .lax)
    }

    private static func secure(_ req: Request) -> Bool { req.application.config.publicBaseURL.hasPrefix("https:") }
}
