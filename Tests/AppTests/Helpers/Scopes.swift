import Fluent
import Foundation
import Testing
import VaporTesting

@testable import App

extension TenantScope {
    /// The scope a request for `tenant` would get, on `db` (the app's database unless given).
    static func testing(_ app: Application, tenant: UUID, db: (any Database)? = nil, now: Date = testNow) async throws
        -> TenantScope
    {
        let db = db ?? app.db
        let context = try #require(try await app.services.storage.tenants(db).find(id: tenant))
        return TenantScope(tenant: context, now: now, db: db, siteBase: "", services: app.services)
    }
}
