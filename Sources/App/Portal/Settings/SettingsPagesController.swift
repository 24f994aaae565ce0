import Vapor

/// The business's settings (owners): its details, colour, policies, features and texts through
/// `TenantSettings.change` as `PATCH /api/v1/admin/settings` does, and its logo through
/// `TenantLogos` as `PUT /api/v1/admin/logo` does.
struct SettingsPagesController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let owners = routes.grouped(OwnersOnly())
        owners.get(SiteURL.portal(.settings).pathComponents, use: page)
        owners.post(SiteURL.portal(.settings).pathComponents, use: save)
        owners.on(.POST, SiteURL.portal(.settingsLogo).pathComponents, body: .collect(maxSize: "600kb"), use: uploadLogo)
        owners.post(SiteURL.portal(.settingsLogoRemove).pathComponents, use: removeLogo)
    }

    /// The page: the logo form, then the settings form.
    struct SettingsPage: Encodable {
        struct Logo: Encodable {
            let url: String?
            let action: String
            let removeAction: String
            let error: String?
            /// An address from before uploads, which the site can no longer show.
            let external: String?
        }

        let site: SiteContext
        let portal: PortalChrome
        let notice: String?
        let logo: Logo
        let action: String
        let form: FormFields
        let timezone: String
        let usersLink: String
        let apiKeysLink: String
        /// Before a new time zone is saved: the upcoming bookings whose local time it moves.
        var zoneReview: ZoneReview? = nil

        struct ZoneReview: Encodable {
            let zone: String
            let count: Int
            let moves: [String]
            let hidden: [HiddenField]
        }
    }

    func page(req: Request) async throws -> View {
        let scope = try req.scope
        let profile = try await TenantProfile.load(tenant: scope.tenant.id, on: scope.db)
        let notice: String? =
            switch QueryParameters(req)["done"] {
            case "saved": "Saved. The site shows the changes now."
            case "logo": "The logo is uploaded: it shows at the top of every page and in emails."
            case "logo-removed": "The logo is removed."
            default: nil
            }
        return try await render(req, form: SettingsForm(scope.tenant, profile: profile), notice: notice)
    }

    func save(req: Request) async throws -> Response {
        let scope = try req.scope
        let form = try req.content.decode(SettingsForm.self)
        let (input, errors) = form.input()
        guard errors.isEmpty else {
            return try await render(req, form: form, errors: errors).encodeResponse(status: .unprocessableEntity, for: req)
        }
        // A new zone moves the local time of every upcoming booking (each keeps its moment): list
        // them first, and change it only once the owner confirms that zone.
        if let zone = input.timezone, zone != scope.tenant.timezone, form.confirmZone != zone {
            let upcoming = try await AffectedBookings.upcoming(
                tenant: scope.tenant.id, zone: scope.tenant.timeZone, now: scope.now, on: scope.db)
            if !upcoming.isEmpty {
                req.auditObject = .unchanged
                let new = TimeZone(identifier: zone) ?? scope.tenant.timeZone
                let moves = upcoming.prefix(100).compactMap { booking -> String? in
                    guard let start = ISOTimestamp.date(from: booking.start) else { return nil }
                    return "\(booking.clientName): \(PageDates.short(start, zone: scope.tenant.timeZone)) becomes "
                        + PageDates.short(start, zone: new)
                }
                var confirmed = form
                confirmed.confirmZone = zone
                return try await render(
                    req, form: confirmed,
                    zoneReview: SettingsPage.ZoneReview(
                        zone: zone, count: upcoming.count, moves: moves, hidden: confirmed.hiddenFields)
                ).encodeResponse(for: req)
            }
        }
        _ = try await TenantSettings.change(input, tenant: scope.tenant.id, now: scope.now, on: scope.db)
        return req.redirect(
            to: SiteURL.portal(.settings).relative(base: scope.siteBase, query: [("done", "saved")]), redirectType: .normal)
    }

    /// The chosen file, checked by its bytes; a refusal is said beside the file field.
    struct LogoUpload: Content {
        var logo: File?
    }

    func uploadLogo(req: Request) async throws -> Response {
        let scope = try req.scope
        let file = (try? req.content.decode(LogoUpload.self))?.logo
        let bytes = file.map { Array($0.data.readableBytesView) } ?? []
        do {
            _ = try await TenantLogos.upload(bytes, tenant: scope.tenant.id, now: scope.now, on: scope.db)
        } catch let problem as LogoImage.Problem {
            let profile = try await TenantProfile.load(tenant: scope.tenant.id, on: scope.db)
            return try await render(req, form: SettingsForm(scope.tenant, profile: profile), logoError: problem.message)
                .encodeResponse(status: .unprocessableEntity, for: req)
        }
        return req.redirect(
            to: SiteURL.portal(.settings).relative(base: scope.siteBase, query: [("done", "logo")]), redirectType: .normal)
    }

    func removeLogo(req: Request) async throws -> Response {
        let scope = try req.scope
        try await TenantLogos.remove(tenant: scope.tenant.id, on: scope.db)
        return req.redirect(
            to: SiteURL.portal(.settings).relative(base: scope.siteBase, query: [("done", "logo-removed")]),
            redirectType: .normal)
    }

    private func render(
        _ req: Request, form: SettingsForm, errors: [String: String] = [:], notice: String? = nil, logoError: String? = nil,
        zoneReview: SettingsPage.ZoneReview? = nil
    ) async throws -> View {
        let scope = try req.scope
        let (site, portal) = try req.portalPage(title: "Settings", current: .settings)
        let stored = scope.tenant.logoURL
        return try await req.view.render(
            "portal/settings",
            SettingsPage(
                site: site, portal: portal, notice: notice,
                logo: SettingsPage.Logo(
                    url: site.logoURL, action: SiteURL.portal(.settingsLogo).relative(base: site.base),
                    removeAction: SiteURL.portal(.settingsLogoRemove).relative(base: site.base), error: logoError,
                    external: TenantLogos.isUploaded(stored) || (stored ?? "").isEmpty ? nil : stored),
                action: SiteURL.portal(.settings).relative(base: site.base),
                form: form.fields(errors: errors, smsAvailable: req.application.config.sms != nil),
                timezone: PageDates.zoneName(scope.tenant.timezone),
                usersLink: SiteURL.portal(.users).relative(base: site.base),
                apiKeysLink: SiteURL.portal(.apiKeys).relative(base: site.base), zoneReview: zoneReview))
    }
}
