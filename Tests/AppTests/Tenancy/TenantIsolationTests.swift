import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting

@testable import App

/// Tenant A can neither read nor change tenant B's data through any route. The routes come from
/// `app.routes.all`, so every route added later (pages included) is checked without editing this
/// file: a route with an `:id` must answer 404 for B's id; a route without one must not show any
/// of B's ids or client details; and afterwards B's rows are exactly as they were.
@Suite("Tenant isolation")
struct TenantIsolationTests {
    /// Routes that need no tenant at all, with the reason.
    static let exemptions: [String: String] = [
        "GET /health": "instance health: no tenant, no tenant data",
        "GET /openapi.json": "the static API description: no tenant data",
        "GET /assets/:name": "the website's stylesheet and script, the same for every tenant: no tenant data",
    ]

    /// Page forms need the cross-site token: the same value in the cookie and the form field.
    static let formToken = String(repeating: "t", count: 43)

    /// Tenant B's data, one row of each kind, and what must never show up for tenant A.
    struct Victim {
        let salon: Salon
        let bookingID: String, bookingToken: String
        let clientID: String
        let ownerID: String
        let session: ClassSession
        let enrollmentID: String, enrollmentToken: String
        let closure: Closure
        let apiKey: ApiKey
        let outboxMessage: OutboxMessage
        /// A my-bookings link that works for B's client at B.
        let myBookingsToken: String
        /// Live password-reset and invitation links of B's owner.
        let resetToken: String
        let inviteToken: String
        /// B's uploaded logo's file name.
        let logoFile: String
        /// B's owner's calendar feed.
        let feedToken: String

        /// The secret a route's `:token` names, by the path segment before it.
        func secretToken(after segment: String) -> String? {
            switch segment {
            case "manage": bookingToken
            case "my-bookings": myBookingsToken
            case "reset-password": resetToken
            case "invitation": inviteToken
            case "feeds": feedToken
            default: nil
            }
        }

        /// The id of B's row that a route's `:id` names, by the path segment before it.
        func id(after segment: String) -> String? {
            switch segment {
            case "services": salon.service.id!.uuidString
            case "staff": salon.alex.id!.uuidString
            case "closures", "time-off": closure.id!.uuidString
            case "classes": session.id!.uuidString
            case "clients": clientID
            case "users": ownerID
            case "bookings": bookingID
            case "sessions": session.id!.uuidString
            case "enrollments": enrollmentID
            case "api-keys": apiKey.id!.uuidString
            case "outbox", "messages": outboxMessage.id!.uuidString
            default: nil
            }
        }

        func token(after segment: String) -> String { segment == "enrollments" ? enrollmentToken : bookingToken }

        /// Strings that identify B's data.
        var secrets: [String] {
            [
                bookingID, enrollmentID, session.id!.uuidString, salon.service.id!.uuidString, salon.alex.id!.uuidString,
                closure.id!.uuidString, apiKey.prefix, "secret@example.com", "Secret Client", "B only service",
            ]
            .flatMap { [$0, $0.lowercased()] }
        }

        /// Every row of B, encoded, to compare before and after.
        static func snapshot(_ app: Application, tenant: UUID) async throws -> String {
            let encoder = JSONEncoder()
            encoder.outputFormatting = .sortedKeys
            func rows<M: Model & TenantOwned>(_ type: M.Type) async throws -> String {
                String(
                    decoding: try encoder.encode(try await M.query(on: app.db, tenant: tenant).sort(\._$id).all()), as: UTF8.self)
            }
            return [
                try await rows(Service.self), try await rows(Staff.self), try await rows(Closure.self),
                try await rows(Booking.self),
                try await rows(ClassSession.self), try await rows(Enrollment.self), try await rows(ApiKey.self),
                try await rows(App.Client.self), try await rows(WorkingHours.self),
                String(decoding: try encoder.encode(try await Tenant.find(tenant, on: app.db)), as: UTF8.self),
            ].joined(separator: "\n")
        }
    }

    func makeVictim(_ app: Application) async throws -> Victim {
        let salon = try await Salon.make(app, slug: "tenant-b")
        salon.service.name = "B only service"
        try await salon.service.update(on: app.db)
        var body = salon.bookingBody(start: "2026-12-02T10:00:00Z", staff: salon.alex, email: "secret@example.com")
        body["client"] = ["name": "Secret Client", "email": "secret@example.com"]
        let booking = try await app.send(.POST, "api/v1/bookings", headers: salon.tenant.headers, json: body)
        let session = try await StudioFactory.session(app, tenant: salon.tenant, capacity: 5)
        let enrol = try await app.send(
            .POST, "api/v1/sessions/\(session.id!)/enrollments", headers: salon.tenant.headers,
            json: ["client": ["name": "Secret Client", "email": "secret@example.com"], "consent": true])
        let closure = ClosureService.make(
            tenantID: salon.tenant.id, staffID: nil, from: .init(iso: "2026-12-24T00:00")!, to: .init(iso: "2026-12-25T00:00")!,
            zone: .gmt, reason: "B's holiday")
        try await closure.create(on: app.db)
        let owner = try await PortalLogin.user(app, tenant: salon.tenant.id, email: "owner@tenant-b.example")
        let ownerUser = try #require(try await User.find(owner.userID, on: app.db))
        let tokens = try await app.services.manageTokens(on: app.db)
        let reset = try await AccountLinks.issue(.reset, for: ownerUser, now: testNow, tokens: tokens, on: app.db)
        let invite = try await AccountLinks.issue(.invite, for: ownerUser, now: testNow, tokens: tokens, on: app.db)
        let message = try #require(try await OutboxMessage.query(on: app.db, tenant: salon.tenant.id).first())
        message.status = .dead
        try await message.update(on: app.db)
        return Victim(
            salon: salon, bookingID: booking.json["id"] as! String, bookingToken: booking.json["manageToken"] as! String,
            clientID: try #require(try await App.Client.query(on: app.db, tenant: salon.tenant.id).first()?.id?.uuidString),
            ownerID: owner.userID.uuidString,
            session: session, enrollmentID: enrol.json["id"] as! String, enrollmentToken: enrol.json["manageToken"] as! String,
            closure: closure, apiKey: try await ApiKeyService.list(tenantID: salon.tenant.id, on: app.db)[0],
            outboxMessage: message,
            myBookingsToken: try MyBookingsLink(manageTokens: try await app.services.manageTokens(on: app.db))
                .token(tenant: salon.tenant.id, email: "secret@example.com", expires: testNow.addingTimeInterval(3600)),
            resetToken: reset.token, inviteToken: invite.token,
            logoFile: try await TenantLogos.upload(
                LogoImageTests.png(width: 20, height: 20), tenant: salon.tenant.id, now: testNow, on: app.db
            ).fileName,
            feedToken: try await CalendarFeeds.create(for: ownerUser, now: testNow, on: app.db))
    }

    /// A body that gets past decoding on every route that takes one, so the request reaches the lookup.
    func body(for method: HTTPMethod, segment: String, victim: Victim) -> [String: Any]? {
        guard method != .GET && method != .DELETE else { return nil }
        if segment == "hours" || segment == "opening-hours" { return ["_csrf": Self.formToken] }
        return [
            "status": "cancelled", "title": "Hijacked", "name": "Stolen", "capacity": 50, "token": victim.token(after: segment),
            "start": "2026-12-02T12:00:00Z", "client": ["name": "X", "email": "x@example.com"], "consent": true,
            "_csrf": Self.formToken,
        ]
    }

    @Test func noRouteCrossesTheTenantWall() async throws {
        try await withTestApp { app in
            let a = try await Salon.make(app, slug: "tenant-a")
            let b = try await makeVictim(app)
            let before = try await Victim.snapshot(app, tenant: b.salon.tenant.id)
            // Tenant A's owner is signed in to A's portal, so portal routes answer as they would to them.
            try await PortalLogin.user(app, tenant: a.tenant.id, email: "owner@tenant-a.example")
            let portalCookie = try await PortalLogin.signIn(app, slug: a.tenant.slug, email: "owner@tenant-a.example")
            var checked = 0
            for route in app.routes.all {
                let components = route.path.map(\.description)
                guard components.first != "t" else { continue }  // the /t/<slug>/ mirror of the same routes
                let name = "\(route.method.rawValue) /" + components.joined(separator: "/")
                if Self.exemptions[name] != nil { continue }
                var path: [String] = []
                var named: String?
                for (index, component) in route.path.enumerated() {
                    switch component {
                    case .constant(let value): path.append(value)
                    case .parameter("id"):
                        let segment = index > 0 ? components[index - 1] : ""
                        guard let id = b.id(after: segment) else {
                            Issue.record(
                                "\(name): no tenant-B row for ':id' after '\(segment)'; add one to Victim, or an exemption with a reason"
                            )
                            continue
                        }
                        path.append(id)
                        named = segment
                    case .parameter("token"):
                        let segment = index > 0 ? components[index - 1] : ""
                        guard let token = b.secretToken(after: segment) else {
                            Issue.record("\(name): no tenant-B secret for ':token' after '\(segment)'; add one to Victim")
                            continue
                        }
                        path.append(token)
                        named = segment
                    case .parameter("file"):
                        path.append(b.logoFile)
                        named = components[index - 1]
                    default:
                        Issue.record("\(name): unexpected path component \(component); teach this test about it")
                    }
                }
                let last = components.last ?? ""
                let query = named.map { "?token=\(b.token(after: $0))" } ?? ""
                var headers = a.tenant.adminHeaders
                // Signing out would end A's session for the routes after it.
                let session = name.hasSuffix("/sign-out") ? "" : "; \(portalCookie)"
                headers.add(name: .cookie, value: "\(CSRFProtection.cookieName)=\(Self.formToken)\(session)")
                let res = try await app.send(
                    route.method, path.joined(separator: "/") + query, headers: headers,
                    json: body(for: route.method, segment: last, victim: b))
                if named != nil {
                    #expect(
                        res.status == .notFound,
                        "\(name) with tenant B's id answered \(res.status): \(res.body.string.prefix(200))")
                }
                for secret in b.secrets {
                    #expect(!res.body.string.contains(secret), "\(name) showed tenant B's \(secret)")
                }
                checked += 1
            }
            #expect(checked > 40)
            #expect(try await Victim.snapshot(app, tenant: b.salon.tenant.id) == before, "tenant B's rows changed")
            _ = a
        }
    }

    @Test func aBookingThroughAForBsServiceIsRefused() async throws {
        try await withTestApp { app in
            let a = try await Salon.make(app, slug: "tenant-a")
            let b = try await Salon.make(app, slug: "tenant-b")
            var crossed = a.bookingBody(start: "2026-12-02T11:00:00Z")
            crossed["service"] = b.service.id!.uuidString
            let cross = try await app.send(.POST, "api/v1/bookings", headers: a.tenant.headers, json: crossed)
            cross.expectErrorShape(.notFound)
            crossed = a.bookingBody(start: "2026-12-02T11:00:00Z", staff: b.alex)
            let staff = try await app.send(.POST, "api/v1/bookings", headers: a.tenant.headers, json: crossed)
            #expect(staff.status.code >= 400 && staff.status.code < 500)
            #expect(try await Booking.query(on: app.db).count() == 0)
        }
    }
}
