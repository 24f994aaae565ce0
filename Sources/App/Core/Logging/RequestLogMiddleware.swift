import Foundation
import Vapor

/// One line per request, after it is answered: `request` with `method`, `route` (the route's pattern,
/// `/api/v1/bookings/:id`, never the raw path or query, which can hold ids and manage tokens),
/// `status` and `latency_ms`; the request's logger adds `request-id` and `tenant`.
struct RequestLogMiddleware: AsyncMiddleware {
    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        let started = DispatchTime.now().uptimeNanoseconds
        let response = try await next.respond(to: request)
        let tenthsOfMilliseconds = (DispatchTime.now().uptimeNanoseconds - started + 50_000) / 100_000
        let route = request.route.map { "/" + $0.path.map(\.description).joined(separator: "/") } ?? "unrouted"
        request.logger.info(
            "request",
            metadata: [
                "method": .string(request.method.rawValue), "route": .string(route),
                "status": .stringConvertible(response.status.code),
                "latency_ms": .string("\(tenthsOfMilliseconds / 10).\(tenthsOfMilliseconds % 10)"),
            ])
        return response
    }
}
