import Vapor

/// Answers whose JSON bytes were written ahead of time (the slots, the sessions listing), with the
/// headers `Content` would give them.
enum JSONBody {
    /// `HTTPMediaType.json` as sent, serialised once (setting `contentType` serialises the media type
    /// on every request).
    static let contentType = HTTPMediaType.json.serialize()

    /// A 200 carrying `body` as JSON, with `headers` added.
    static func response(_ body: ByteBuffer, adding headers: [(HTTPHeaders.Name, String)] = []) -> Response {
        var all = HTTPHeaders()
        all.add(name: .contentType, value: contentType)
        for (name, value) in headers { all.add(name: name, value: value) }
        return Response(status: .ok, headers: all, body: .init(buffer: body))
    }
}
