import Vapor

/// `PUT /api/v1/admin/logo` with the image as the body (PNG, JPEG or WebP up to 512 KB, checked by
/// its bytes: `LogoImage`), and `DELETE` to show none. The same `TenantLogos` as the portal's
/// settings page.
struct AdminLogoController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let path = SiteURL.api(.admin(.logo)).pathComponents
        routes.on(.PUT, path, body: .collect(maxSize: "600kb"), use: upload)
        routes.delete(path, use: remove)
    }

    /// Where the logo is served and what it is.
    struct LogoResponse: Content {
        let url: String
        let contentType: String
        let width: Int
        let height: Int
    }

    func upload(req: Request) async throws -> LogoResponse {
        let scope = try req.scope
        let bytes = req.body.data.map { Array($0.readableBytesView) } ?? []
        let (file, image) = try await TenantLogos.upload(bytes, tenant: scope.tenant.id, now: scope.now, on: scope.db)
        return LogoResponse(
            url: SiteURL.logo(.value(file)).relative(base: "/t/\(scope.tenant.slug)"), contentType: image.format.contentType,
            width: image.width, height: image.height)
    }

    func remove(req: Request) async throws -> HTTPStatus {
        let scope = try req.scope
        try await TenantLogos.remove(tenant: scope.tenant.id, on: scope.db)
        return .noContent
    }
}
