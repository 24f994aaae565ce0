import Fluent
import Vapor

/// The business's sign-ins (owners): who can sign in, inviting someone by email (a one-time link to
/// choose their password, `AccountLinks`), and changing a user's role, staff member and access
/// (`UserAdministration`, which never leaves the business without an active owner).
struct UserPagesController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let owners = routes.grouped(OwnersOnly())
        owners.get(SiteURL.portal(.users).pathComponents, use: list)
        owners.post(SiteURL.portal(.users).pathComponents, use: invite)
        owners.get(SiteURL.portal(.user(.key)).pathComponents, use: edit)
        owners.post(SiteURL.portal(.user(.key)).pathComponents, use: save)
    }

    /// The invitation form and a user's form: who, and what they may do.
    struct AccessForm: Content {
        var email: String?
        var name: String?
        var role: String?
        var staff: String?
        var active: String?

        func fields(errors: [String: String], staffChoices: [(value: String, label: String)], inviting: Bool) -> FormFields {
            func labelled(_ name: String, _ label: String) -> String? { errors[name].map { "\(label) \($0)" } }
            var fields: [FormField] = []
            if inviting {
                fields += [
                    FormField(
                        kind: .email, name: "email", label: "Email address", value: email ?? "",
                        hint: "The invitation goes here: a link to choose a password, which works for a week.",
                        error: labelled("email", "Email address"), required: true, maxLength: 254),
                    FormField(
                        kind: .text, name: "name", label: "Name", value: name ?? "", error: labelled("name", "Name"),
                        maxLength: 120),
                ]
            }
            fields += [
                FormField(
                    kind: .select, name: "role", label: "Role",
                    hint: "An owner can do everything; staff see their own calendar, bookings, clients and classes.",
                    error: errors["role"],
                    options: FormField.options(
                        [("staff", "Staff"), ("owner", "Owner")], selected: [role ?? "staff"], name: "role")),
                FormField(
                    kind: .select, name: "staff", label: "Whose calendar", hint: "Needed for staff; optional for an owner.",
                    error: errors["staff"],
                    options: FormField.options([("", "Nobody's")] + staffChoices, selected: [staff ?? ""], name: "staff")),
            ]
            if !inviting {
                fields.append(
                    FormField(
                        kind: .checkbox, name: "active", label: "Can sign in",
                        hint: "Untick when someone leaves: they are signed out everywhere at once.", checked: active != nil))
            }
            return FormFields(fields)
        }
    }

    struct UsersPage: Encodable {
        struct Row: Encodable {
            let label: String
            let detail: String
            let link: String
            let badge: String?
        }

        let site: SiteContext
        let portal: PortalChrome
        let notice: String?
        let rows: [Row]
        let action: String
        let form: FormFields
        let apiKeysLink: String
    }

    func list(req: Request) async throws -> View {
        let notice: String? =
            switch QueryParameters(req)["done"] {
            case "invited": "The invitation is on its way."
            case "saved": "Saved."
            default: nil
            }
        return try await renderList(req, form: AccessForm(role: "staff"), notice: notice)
    }

    func invite(req: Request) async throws -> Response {
        let scope = try req.scope
        let form = try req.content.decode(AccessForm.self)
        let role: UserRole = form.role == "owner" ? .owner : .staff
        let staffID = (form.staff ?? "").isEmpty ? nil : UUID(uuidString: form.staff ?? "")
        do {
            let created = try await UserProvisioning.create(
                .init(
                    tenantID: scope.tenant.id, email: form.email ?? "",
                    name: (form.name ?? "").trimmingCharacters(in: .whitespaces).isEmpty ? nil : form.name, role: role,
                    staffID: staffID),
                on: scope.db, threadPool: req.application.threadPool)
            guard let user = try await User.find(created.userID, on: scope.db) else { throw PageError.notFound }
            try await AccountLinks.send(
                .invite, to: user, now: scope.now, tokens: try await req.application.services.manageTokens(on: scope.db),
                on: scope.db)
            req.auditObject = .changed(type: "user", action: "invite", id: created.userID)
        } catch let failure as UserProvisioning.Failure {
            var errors: [String: String] = [:]
            for (option, message) in failure.problems where errors[option] == nil { errors[option] = message }
            return try await renderList(req, form: form, errors: errors).encodeResponse(status: .unprocessableEntity, for: req)
        }
        return req.redirect(
            to: SiteURL.portal(.users).relative(base: scope.siteBase, query: [("done", "invited")]), redirectType: .normal)
    }

    func edit(req: Request) async throws -> View {
        let user = try await find(req)
        return try await renderUser(
            req, user,
            form: AccessForm(
                role: user.role.rawValue, staff: user.staffID?.uuidString.lowercased() ?? "", active: user.active ? "yes" : nil))
    }

    func save(req: Request) async throws -> Response {
        let scope = try req.scope
        let user = try await find(req)
        let form = try req.content.decode(AccessForm.self)
        let staffID = (form.staff ?? "").isEmpty ? nil : UUID(uuidString: form.staff ?? "")
        do {
            try await UserAdministration.change(
                try user.requireID(), tenant: scope.tenant.id, role: form.role == "owner" ? .owner : .staff, staffID: staffID,
                active: form.active != nil, on: scope.db, storage: scope.storage)
        } catch let refused as UserAdministration.Refused {
            let errors = refused == .lastOwner ? ["role": refused.message] : ["staff": refused.message]
            return try await renderUser(req, user, form: form, errors: errors).encodeResponse(
                status: .unprocessableEntity, for: req)
        }
        return req.redirect(
            to: SiteURL.portal(.users).relative(base: scope.siteBase, query: [("done", "saved")]), redirectType: .normal)
    }

    private func find(_ req: Request) async throws -> User {
        let scope = try req.scope
        guard let user = try await User.find(req.parameters.get("id", as: UUID.self), on: scope.db, tenant: scope.tenant.id)
        else { throw PageError.notFound }
        return user
    }

    private func staffChoices(_ scope: TenantScope) async throws -> [(value: String, label: String)] {
        try await PortalStaff.choices(scope, keeping: nil)
    }

    private func renderList(_ req: Request, form: AccessForm, errors: [String: String] = [:], notice: String? = nil)
        async throws -> View
    {
        let scope = try req.scope
        let (site, portal) = try req.portalPage(title: "Sign-ins", current: .settings)
        let names = try await PortalStaff.names(scope)
        let users = try await User.query(on: scope.db, tenant: scope.tenant.id).sort(\.$email).all()
        let rows = try users.map { user in
            UsersPage.Row(
                label: user.name.isEmpty ? user.email : "\(user.name) (\(user.email))",
                detail: (user.role == .owner ? "Owner" : "Staff")
                    + (user.staffID.flatMap { names[$0] }.map { " · \($0)'s calendar" } ?? ""),
                link: SiteURL.portal(.user(.value(try user.requireID()))).relative(base: site.base),
                badge: user.active ? nil : "Cannot sign in")
        }
        return try await req.view.render(
            "portal/users",
            UsersPage(
                site: site, portal: portal, notice: notice, rows: rows, action: SiteURL.portal(.users).relative(base: site.base),
                form: form.fields(errors: errors, staffChoices: try await staffChoices(scope), inviting: true),
                apiKeysLink: SiteURL.portal(.apiKeys).relative(base: site.base)))
    }

    private func renderUser(_ req: Request, _ user: User, form: AccessForm, errors: [String: String] = [:]) async throws -> View {
        let scope = try req.scope
        let (site, portal) = try req.portalPage(title: user.email, current: .settings)
        return try await req.view.render(
            "portal/edit-form",
            EditFormPage(
                site: site, portal: portal, heading: user.name.isEmpty ? user.email : user.name, lead: user.email, notice: nil,
                action: SiteURL.portal(.user(.value(try user.requireID()))).relative(base: site.base),
                form: form.fields(errors: errors, staffChoices: try await staffChoices(scope), inviting: false), formID: nil,
                button: "Save", backLink: SiteURL.portal(.users).relative(base: site.base), backLabel: "All sign-ins",
                removal: nil, related: nil))
    }
}
