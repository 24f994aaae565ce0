import Fluent
import Vapor

/// Time off and closures (owners): one entry for any length of time, for one staff member or the
/// whole business. "Check the bookings" lists the upcoming bookings the entry lies over (as the
/// admin API's answer does), to keep or cancel each with a message; then the entry is stored with
/// `ClosureService.create` and the chosen bookings cancelled with `BookingService.changeStatus`,
/// so each client gets the usual cancellation email.
struct TimeOffPagesController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let owners = routes.grouped(OwnersOnly())
        owners.get(SiteURL.portal(.timeOff).pathComponents, use: page)
        owners.post(SiteURL.portal(.timeOff).pathComponents, use: add)
        owners.post(SiteURL.portal(.timeOffRemove(.key)).pathComponents, use: remove)
    }

    /// What the review step sends besides the entry: a choice per booking and the message.
    private struct Choices: Content {
        var step: String?
        var message: String?
    }

    func page(req: Request) async throws -> View {
        let query = QueryParameters(req)
        let notice: String? =
            switch query["done"] {
            case "added": Self.addedNotice(cancelled: Int(query["cancelled"] ?? "") ?? 0, kept: Int(query["kept"] ?? "") ?? 0)
            case "removed": "The time off is removed: those times are offered again."
            default: nil
            }
        return try await render(req, form: TimeOffForm(), notice: notice)
    }

    static func addedNotice(cancelled: Int, kept: Int) -> String {
        var parts = ["The time off is added: the booking site no longer offers those times."]
        if cancelled > 0 {
            parts.append("\(PortalWording.count(cancelled, "booking", "bookings")) cancelled; each client is told by email.")
        }
        if kept > 0 { parts.append("\(PortalWording.count(kept, "booking", "bookings")) in that time kept.") }
        return parts.joined(separator: " ")
    }

    func add(req: Request) async throws -> Response {
        let scope = try req.scope
        let form = try req.content.decode(TimeOffForm.self)
        let choices = try req.content.decode(Choices.self)
        let (command, errors) = form.command(zone: scope.tenant.timeZone, now: scope.now)
        guard let command else {
            return try await render(req, form: form, errors: errors).encodeResponse(status: .unprocessableEntity, for: req)
        }
        if choices.step != "save" {
            let affected = try await ClosureService.affected(by: command, tenant: scope.tenant, now: scope.now, on: scope.db)
            if !affected.isEmpty {
                req.auditObject = .unchanged
                return try await render(req, form: form, review: (command, affected, [:], "", nil)).encodeResponse(for: req)
            }
        }
        let message = (choices.message ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        var problems = FieldProblems()
        problems.requireText(message, "message", max: PortalBookingPage.cancelMessageLimit, required: false, multiline: true)
        let decisions = try req.content.decode([String: String].self).filter { $0.key.hasPrefix("booking-") }
        if let problem = problems.items.first {
            let affected = try await ClosureService.affected(by: command, tenant: scope.tenant, now: scope.now, on: scope.db)
            return try await render(
                req, form: form, review: (command, affected, decisions, choices.message ?? "", "The message \(problem.reason)")
            ).encodeResponse(status: .unprocessableEntity, for: req)
        }
        let once = FormOnce(
            id: try? req.content.get(String.self, at: FormOnce.fieldName), action: "time-off",
            fields: form.hidden.map(\.value) + decisions.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" } + [message],
            tenant: scope.tenant.id, db: scope.db)
        if let once, try await once.claimCreated("closure", now: scope.now) != nil {
            req.auditObject = .unchanged
            return added(req, cancelled: 0, kept: 0)
        }
        let closure: Closure
        let affected: [AffectedBooking]
        do {
            (closure, affected) = try await ClosureService.create(command, tenant: scope.tenant, now: scope.now, on: scope.db)
            try await once?.finish(created: try closure.requireID(), kind: "closure")
        } catch CatalogError.unknownIDs {
            try? await once?.release()
            return try await render(req, form: form, errors: ["who": "is no longer one of the staff: choose again"])
                .encodeResponse(status: .unprocessableEntity, for: req)
        } catch {
            try? await once?.release()
            throw error
        }
        req.auditObject = .changed(type: "closure", action: "create", id: try closure.requireID())
        var cancelled = 0
        for booking in affected where decisions["booking-\(booking.id.uuidString.lowercased())"] == "cancel" {
            guard let stored = try await Booking.find(booking.id, on: scope.db, tenant: scope.tenant.id),
                stored.status != .cancelled
            else { continue }
            do {
                _ = try await scope.bookings.changeStatus(stored, to: .cancelled, message: message)
                cancelled += 1
                if let actor = req.auditActor {
                    try? await AuditTrail.record(
                        tenant: scope.tenant.id, at: scope.now, actor: actor, action: "cancel", objectType: "booking",
                        objectID: booking.id, fields: ["message"], via: "portal", on: scope.db)
                }
            } catch is BookingError {
                continue  // changed meanwhile (completed, or cancelled by the client): left as it is
            }
        }
        return added(req, cancelled: cancelled, kept: affected.count - cancelled)
    }

    func remove(req: Request) async throws -> Response {
        let scope = try req.scope
        try await ClosureService.delete(req.parameters.get("id", as: UUID.self), on: scope.db, tenant: scope.tenant.id)
        return req.redirect(
            to: SiteURL.portal(.timeOff).relative(base: scope.siteBase, query: [("done", "removed")]), redirectType: .normal)
    }

    private func added(_ req: Request, cancelled: Int, kept: Int) -> Response {
        req.redirect(
            to: SiteURL.portal(.timeOff).relative(
                base: (try? req.scope.siteBase) ?? "",
                query: [("done", "added"), ("cancelled", "\(cancelled)"), ("kept", "\(kept)")]),
            redirectType: .normal)
    }

    private func render(
        _ req: Request, form: TimeOffForm, errors: [String: String] = [:], notice: String? = nil,
        review: (
            command: ClosureService.Add, affected: [AffectedBooking], decisions: [String: String], message: String,
            messageError: String?
        )? = nil
    ) async throws -> View {
        let scope = try req.scope
        let (site, portal) = try req.portalPage(title: "Time off", current: .timeOff)
        let staff = try await Staff.query(on: scope.db, tenant: scope.tenant.id).sort(\.$name).all()
        let names = Dictionary(uniqueKeysWithValues: try staff.map { (try $0.requireID(), $0.name) })
        let choices = try staff.filter(\.active).map { (value: try $0.requireID().uuidString.lowercased(), label: $0.name) }
        let closures = try await Closure.query(on: scope.db, tenant: scope.tenant.id).filter(\.$endsAt > scope.now)
            .sort(\.$startsAt).limit(200).all()
        let entries = try closures.map { closure in
            TimeOffPage.Entry(
                who: closure.staffID.map { names[$0] ?? "A former staff member" } ?? "The whole business",
                when: TimeOffWording.when(closure.startsLocal, closure.endsLocal),
                reason: closure.reason.isEmpty ? nil : closure.reason, underWay: closure.startsAt <= scope.now,
                removeAction: SiteURL.portal(.timeOffRemove(.value(try closure.requireID()))).relative(base: site.base))
        }
        let services = try await Service.query(on: scope.db, tenant: scope.tenant.id).all()
        let serviceNames = Dictionary(uniqueKeysWithValues: try services.map { (try $0.requireID(), $0.name) })
        let zone = scope.tenant.timeZone
        let reviewPage = review.map { review in
            let who = review.command.staff.map { names[$0] ?? "" } ?? "The whole business"
            return TimeOffPage.Review(
                summary: "\(who): \(TimeOffWording.when(review.command.from.description, review.command.to.description)).",
                hidden: form.hidden,
                decisions: review.affected.map { booking in
                    let key = booking.id.uuidString.lowercased()
                    let start = ISOTimestamp.date(from: booking.start) ?? scope.now
                    return TimeOffPage.Decision(
                        name: "booking-\(key)",
                        label: "\(PageDates.short(start, zone: zone)) · \(serviceNames[booking.service] ?? "Service") · "
                            + "\(booking.clientName) with \(names[booking.staff] ?? "staff")",
                        keepID: "keep-\(key)", cancelID: "cancel-\(key)", cancel: review.decisions["booking-\(key)"] == "cancel",
                        link: SiteURL.portal(.booking(.value(booking.id))).relative(base: site.base))
                }, message: review.message, messageError: review.messageError, formID: FormOnce.newID())
        }
        return try await req.view.render(
            "portal/time-off",
            TimeOffPage(
                site: site, portal: portal, notice: notice, action: SiteURL.portal(.timeOff).relative(base: site.base),
                form: form.fields(errors: errors, staffChoices: choices), review: reviewPage,
                entries: entries.isEmpty ? nil : entries))
    }
}
