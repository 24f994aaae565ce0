import Foundation
import Testing
import VaporTesting

@testable import App

/// Portal users and signed-in browsers for tests.
enum PortalLogin {
    static let password = "a long enough secret"

    /// A user of `tenant` with `PortalLogin.password`.
    @discardableResult
    static func user(
        _ app: Application, tenant: UUID, email: String, role: UserRole = .owner, staff: UUID? = nil
    ) async throws -> UserProvisioning.Created {
        try await UserProvisioning.create(
            .init(
                tenantID: tenant, email: email, name: email.components(separatedBy: "@")[0].capitalized, role: role,
                staffID: staff, password: password),
            on: app.db, threadPool: app.threadPool)
    }

    /// Signs in through the form at `/t/<slug>/admin/sign-in` and returns the session cookie
    /// (`nbne_portal=<token>`) a browser would then send.
    static func signIn(_ app: Application, slug: String, email: String, password: String = password) async throws -> String {
        let response = try await app.postForm("/t/\(slug)/admin/sign-in", [("email", email), ("password", password)])
        #expect(response.status == .seeOther, "sign-in as \(email) answered \(response.status)")
        let token = try #require(response.headers.setCookie?[PortalCookie.name]?.string)
        return "\(PortalCookie.name)=\(token)"
    }
}
