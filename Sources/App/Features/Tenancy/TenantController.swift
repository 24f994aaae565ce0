import Vapor

/// `GET /api/v1/tenant`: the tenant's public settings.
struct TenantController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get(SiteURL.api(.tenant).pathComponents, use: show)
    }

    func show(req: Request) async throws -> TenantResponse {
        TenantResponse(try req.tenant)
    }
}

/// The public face of a tenant: what the booking site needs to brand itself and offer the right things.
struct TenantResponse: Content {
    struct Branding: Content {
        let brandColour: String
        let logoUrl: String?
    }

    struct Features: Content {
        let email: Bool
        let sms: Bool
        let waitlist: Bool
    }

    struct Policies: Content {
        let slotIntervalMinutes: Int
        let minNoticeMinutes: Int
        let maxAdvanceDays: Int
        let cancellationCutoffHours: Int
    }

    let slug: String
    let name: String
    let kind: TenantKind
    let timezone: String
    let contactEmail: String
    let branding: Branding
    let features: Features
    let policies: Policies

    init(_ tenant: TenantContext) {
        slug = tenant.slug
        name = tenant.name
        kind = tenant.kind
        timezone = tenant.timezone
        contactEmail = tenant.contactEmail
        branding = Branding(
            brandColour: tenant.brandColour,
            logoUrl: TenantLogos.isUploaded(tenant.logoURL)
                ? SiteURL.logo(.value(tenant.logoURL!)).relative(base: "/t/\(tenant.slug)") : tenant.logoURL)
        features = Features(email: tenant.emailEnabled, sms: tenant.smsEnabled, waitlist: tenant.waitlistEnabled)
        policies = Policies(
            slotIntervalMinutes: tenant.slotIntervalMinutes, minNoticeMinutes: tenant.minNoticeMinutes,
            maxAdvanceDays: tenant.maxAdvanceDays, cancellationCutoffHours: tenant.cancellationCutoffHours)
    }
}
