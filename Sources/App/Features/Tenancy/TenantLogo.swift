import Fluent
import Foundation
import Vapor

/// A business's uploaded logo: the checked image bytes (`LogoImage`), named by their hash so a
/// new logo has a new address and the old one can be cached for a year.
final class TenantLogo: Model, TenantOwned, @unchecked Sendable {
    static let schema = "tenant_logos"
    static var tenantField: KeyPath<TenantLogo, FieldProperty<TenantLogo, UUID>> { \.$tenantID }

    @ID(key: .id) var id: UUID?
    @Field(key: "tenant_id") var tenantID: UUID
    /// "<first 32 hex digits of the SHA-256>.<png|jpg|webp>".
    @Field(key: "file_name") var fileName: String
    @Field(key: "content_type") var contentType: String
    @Field(key: "bytes") var bytes: Data
    @Field(key: "width") var width: Int
    @Field(key: "height") var height: Int
    @Field(key: "created_at") var createdAt: Date

    init() {}

    init(tenantID: UUID, fileName: String, image: LogoImage, bytes: Data, createdAt: Date) {
        self.tenantID = tenantID
        self.fileName = fileName
        contentType = image.format.contentType
        self.bytes = bytes
        width = image.width
        height = image.height
        self.createdAt = createdAt
    }
}

/// Uploading, removing and finding a business's logo, for the portal's settings page and the
/// admin API alike.
enum TenantLogos {
    /// Checks the bytes (`LogoImage.inspect`), stores them, makes them the tenant's logo and deletes
    /// the previous one, in one transaction. Returns the logo's file name and what it is.
    static func upload(_ bytes: [UInt8], tenant: UUID, now: Date, on db: any Database) async throws -> (
        fileName: String, image: LogoImage
    ) {
        let image: LogoImage
        switch LogoImage.inspect(bytes) {
        case .success(let inspected): image = inspected
        case .failure(let problem): throw problem
        }
        let fileName = String(Secrets.hex(Array(SHA256.hash(data: bytes))).prefix(32)) + "." + image.format.fileExtension
        try await db.transaction { db in
            try await TenantLogo.query(on: db, tenant: tenant).filter(\.$fileName != fileName).delete()
            if try await TenantLogo.query(on: db, tenant: tenant).filter(\.$fileName == fileName).count() == 0 {
                try await TenantLogo(tenantID: tenant, fileName: fileName, image: image, bytes: Data(bytes), createdAt: now)
                    .create(on: db)
            }
            guard let row = try await Tenant.find(tenant, on: db) else { throw APIError.notFound("Unknown tenant.") }
            row.logoURL = fileName
            try await row.update(on: db)
        }
        return (fileName, image)
    }

    /// The site shows no logo any more.
    static func remove(tenant: UUID, on db: any Database) async throws {
        try await db.transaction { db in
            try await TenantLogo.query(on: db, tenant: tenant).delete()
            guard let row = try await Tenant.find(tenant, on: db) else { return }
            row.logoURL = nil
            try await row.update(on: db)
        }
    }

    static func find(_ fileName: String, tenant: UUID, on db: any Database) async throws -> TenantLogo? {
        try await TenantLogo.query(on: db, tenant: tenant).filter(\.$fileName == fileName).first()
    }

    /// Whether `logo_url` names an uploaded file (older tenants may hold an external URL there,
    /// which the site's Content-Security-Policy no longer lets a page show).
    static func isUploaded(_ logoURL: String?) -> Bool {
        guard let logoURL, !logoURL.isEmpty else { return false }
        return !logoURL.contains("/") && !logoURL.contains(":")
    }
}

extension LogoImage.Problem: AbortError {
    var status: HTTPResponseStatus { self == .tooLarge(bytes: 0) ? .payloadTooLarge : .unprocessableEntity }
    var reason: String { message }
}
