import Crypto
import Foundation
import Vapor

/// The public site's stylesheet and script (`Resources/Public/`), read once from the App module's
/// bundle (so the working directory never matters) and served from memory under `/assets/<name>`.
/// Pages link them with `?v=<hash of the content>`, so browsers may keep them for a year and still
/// fetch a changed file at once.
enum StaticAssets {
    struct Asset: Sendable {
        let body: ByteBuffer
        let contentType: HTTPMediaType
        let version: String
    }

    static let files: [String: Asset] = {
        var files: [String: Asset] = [:]
        guard let root = Bundle.module.resourceURL?.appendingPathComponent("Public") else { return files }
        let types: [String: HTTPMediaType] = [
            "css": .css, "js": HTTPMediaType(type: "text", subType: "javascript", parameters: ["charset": "utf-8"]),
        ]
        for name in (try? FileManager.default.contentsOfDirectory(atPath: root.path)) ?? [] {
            guard let type = types[(name as NSString).pathExtension],
                let data = FileManager.default.contents(atPath: root.appendingPathComponent(name).path)
            else { continue }
            let hash = Secrets.hex(Array(SHA256.hash(data: data).prefix(6)))
            files[name] = Asset(body: ByteBuffer(data: data), contentType: type, version: hash)
        }
        return files
    }()

    /// `/assets/site.css?v=1a2b3c4d5e6f`.
    static func url(for name: String) -> String {
        SiteURL.instance(.asset(.value(name))).relative(base: "", query: [("v", files[name]?.version ?? "0")])
    }
}

/// `GET /assets/<name>`.
struct StaticAssetsController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get(SiteURL.instance(.asset(.key)).pathComponents, use: serve)
    }

    func serve(req: Request) throws -> Response {
        guard let name = req.parameters.get("name"), let asset = StaticAssets.files[name] else {
            throw Abort(.notFound, reason: "No such file.")
        }
        let etag = "\"\(asset.version)\""
        if req.headers.first(name: .ifNoneMatch) == etag { return Response(status: .notModified, headers: ["ETag": etag]) }
        var headers = HTTPHeaders()
        headers.contentType = asset.contentType
        headers.replaceOrAdd(name: .cacheControl, value: "public, max-age=31536000, immutable")
        headers.replaceOrAdd(name: .eTag, value: etag)
        return Response(status: .ok, headers: headers, body: .init(buffer: asset.body))
    }
}
