import Vapor

/// Registers every route. Tenant routes are mounted twice: at the root (tenant from the header, host
/// or default) and under `/t/<slug>/` (tenant from the path), so the rest of the path is the same.
func routes(_ app: Application) throws {
    try app.register(collection: HealthController())
    try app.register(collection: OpenAPIController())
    try app.register(collection: MetricsController())
    try app.register(collection: StaticAssetsController())

    for root in [app.routes, app.routes.grouped(TenantMiddleware.pathPrefix)] {
        let tenantRoutes = root.grouped(TenantMiddleware())
        let api = tenantRoutes.grouped(IdempotencyMiddleware())
        try api.register(collection: TenantController())
        try api.register(collection: CatalogController())
        try api.register(collection: SlotsController())
        try api.register(collection: BookingsController())
        try api.register(collection: SessionsController())

        // The public website: the same services as the API, as pages and plain forms.
        let pages = tenantRoutes.grouped(CSRFProtection())
        try pages.register(collection: PublicPagesController())
        try pages.register(collection: BookingPagesController())
        try pages.register(collection: SessionPagesController())
        try pages.register(collection: ManagePagesController())
        try pages.register(collection: MyBookingsPagesController())

        // The owner and staff portal: the same services again, for a signed-in user of this tenant.
        try pages.register(collection: PortalSignInController())
        try pages.register(collection: PasswordPagesController())
        // A change made in the portal is seen by this server's next request at once, as the API's is.
        let portal = pages.grouped(PortalAuthentication()).grouped(TenantCache.Eviction())
            .grouped(AuditTrail.Recorder(via: "portal"))
        try portal.register(collection: TodayPagesController())
        try portal.register(collection: PortalBookingsController())
        try portal.register(collection: PortalRescheduleController())
        try portal.register(collection: ActivityPagesController())
        try portal.register(collection: CalendarPagesController())
        try portal.register(collection: PhoneInPagesController())
        try portal.register(collection: BookingListPagesController())
        try portal.register(collection: AccountPagesController())
        try portal.register(collection: ServicePagesController())
        try portal.register(collection: StaffPagesController())
        try portal.register(collection: HoursPagesController())
        try portal.register(collection: TimeOffPagesController())
        try portal.register(collection: ClassPagesController())
        try portal.register(collection: SettingsPagesController())
        try portal.register(collection: ClientPagesController())
        try portal.register(collection: UserPagesController())
        try portal.register(collection: ApiKeyPagesController())
        try portal.register(collection: BusinessPagesController())

        // Admin routes authenticate before the idempotency check, so no claim is made for a stranger.
        // Admin writes evict the tenant's cached context, so this server sees its own changes at once.
        let admin = tenantRoutes.grouped(AdminAuthMiddleware()).grouped(TenantCache.Eviction())
            .grouped(IdempotencyMiddleware()).grouped(AuditTrail.Recorder(via: "api"))
        try admin.register(collection: AdminServicesController())
        try admin.register(collection: AdminStaffController())
        try admin.register(collection: AdminClosuresController())
        try admin.register(collection: AdminSettingsController())
        try admin.register(collection: AdminLogoController())
        try admin.register(collection: AdminBookingsController())
        try admin.register(collection: AdminSessionsController())
        try admin.register(collection: AdminOutboxController())
        try admin.register(collection: AdminApiKeysController())
    }
}
