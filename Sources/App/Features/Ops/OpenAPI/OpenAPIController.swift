import Vapor

/// `GET /openapi.json`.
struct OpenAPIController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get(SiteURL.instance(.openAPI).pathComponents) { _ -> Response in
            var headers = HTTPHeaders()
            headers.contentType = .json
            return Response(status: .ok, headers: headers, body: .init(data: OpenAPIDocument.json))
        }
    }
}
