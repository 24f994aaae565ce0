import Fluent
import Foundation
import Scheduling
import Vapor

/// The portal's classes list: the coming four weeks from `from`, each class with its places taken,
/// its waitlist and its instructor; staff see the classes they teach.
struct ClassListPage: Encodable {
    struct Entry: Encodable {
        let time: String
        let title: String
        let link: String
        let detail: String
        let staff: String?
        let badge: String
        let tone: String
    }

    let site: SiteContext
    let portal: PortalChrome
    let notice: String?
    let heading: String
    let addLink: String?
    /// nil when there are none.
    let entries: [Entry]?
    let earlier: String
    let later: String

    static let days = 28

    static func build(
        site: SiteContext, portal: PortalChrome, from: LocalDate, user: PortalSessions.Current, scope: TenantScope,
        notice: String?
    ) async throws -> ClassListPage {
        let zone = scope.tenant.timeZone
        let start = PortalDays.start(of: from, zone: zone)
        let end = PortalDays.start(of: from.adding(days: days), zone: zone)
        var sessions = try await scope.timetable.list(tenant: scope.tenant.id, from: start, before: end, status: nil, limit: 500)
        if user.role == .staff { sessions = sessions.filter { $0.instructorID != nil && $0.instructorID == user.staffID } }
        let waiting = try await SessionWaitlists.counts(sessions.map(\.id), tenant: scope.tenant.id, on: scope.db)
        let names = try await PortalStaff.names(scope)
        let entries = sessions.map { session in
            let cancelled = session.status == .cancelled
            let queue = waiting[session.id].map { ", \($0) waiting" } ?? ""
            return Entry(
                time: PageDates.short(session.startsAt, zone: zone), title: session.title,
                link: SiteURL.portal(.classPage(.value(session.id))).relative(base: site.base),
                detail: "\(session.booked) of \(session.capacity) places taken" + queue,
                staff: session.instructorID.flatMap { names[$0] },
                badge: cancelled ? "Cancelled" : session.booked >= session.capacity ? "Full" : "Open",
                tone: cancelled ? "off" : session.booked >= session.capacity ? "wait" : "ok")
        }
        let link = { (day: LocalDate) in SiteURL.portal(.classes).relative(base: site.base, query: [("from", day.description)]) }
        return ClassListPage(
            site: site, portal: portal, notice: notice,
            heading: "Classes from \(PageDates.day(from))",
            addLink: user.role == .owner ? SiteURL.portal(.newClass).relative(base: site.base) : nil,
            entries: entries.isEmpty ? nil : entries, earlier: link(from.adding(days: -days)),
            later: link(from.adding(days: days)))
    }
}

/// A class's page: what it is, its roster (enrolled, with attendance from its start; the waitlist
/// in order; cancelled places), the roster's CSV, and for owners its edit form and cancellation.
struct ClassPage: Encodable {
    struct Person: Encodable {
        let name: String
        let contact: String
        let attendance: String?
        let checkboxID: String
        let value: String
        let checked: Bool
    }

    struct Fact: Encodable {
        let label: String
        let value: String
    }

    struct Cancel: Encodable {
        let action: String
        /// How many classes of the series, this one included, are still to come.
        let seriesCount: Int?
    }

    let site: SiteContext
    let portal: PortalChrome
    let notice: String?
    let problem: String?
    let title: String
    let cancelled: Bool
    let facts: [Fact]
    let backLink: String
    let enrolled: [Person]?
    let waitlisted: [Person]?
    let cancelledPlaces: [Person]?
    let canMark: Bool
    let markAction: String
    let markHint: String
    let csvLink: String
    let editAction: String?
    let form: FormFields?
    let cancel: Cancel?
}

/// Builds a class's page.
enum PortalClasses {
    static func page(
        _ session: ClassSession, site: SiteContext, portal: PortalChrome, user: PortalSessions.Current, scope: TenantScope,
        notice: String? = nil, problem: String? = nil, edit: ClassEditForm? = nil, errors: [String: String] = [:]
    ) async throws -> ClassPage {
        let id = try session.requireID()
        let zone = scope.tenant.timeZone
        let names = try await PortalStaff.names(scope)
        let places = try await Enrollment.query(on: scope.db, tenant: scope.tenant.id).filter(\.$sessionID == id)
            .sort(\.$createdAt).all()
        func person(_ enrollment: Enrollment) throws -> ClassPage.Person {
            let key = try enrollment.requireID().uuidString.lowercased()
            return ClassPage.Person(
                name: enrollment.contactName,
                contact: [enrollment.contactEmail, enrollment.contactPhone ?? ""].filter { !$0.isEmpty }.joined(separator: " · "),
                attendance: enrollment.attendance.map { $0 == .attended ? "Came" : "Did not come" },
                checkboxID: "attended-\(key)", value: key, checked: enrollment.attendance == .attended)
        }
        let enrolled = try places.filter { $0.status == .enrolled }.map(person)
        let waitlisted = try places.filter { $0.status == .waitlisted }.map(person)
        let cancelledPlaces = try places.filter { $0.status == .cancelled }.map(person)
        let started = session.startsAt <= scope.now
        let scheduled = session.status == .scheduled
        var facts = [
            ClassPage.Fact(label: "When", value: PageDates.span(session.startsAt, session.endsAt, zone: zone)),
            ClassPage.Fact(label: "Places", value: "\(session.booked) of \(session.capacity) taken, \(waitlisted.count) waiting"),
            ClassPage.Fact(label: "Price", value: Money.text(cents: session.priceCents, currency: session.currency)),
        ]
        if let instructor = session.instructorID.flatMap({ names[$0] }) {
            facts.insert(ClassPage.Fact(label: "Instructor", value: instructor), at: 1)
        }
        if !session.location.isEmpty { facts.append(ClassPage.Fact(label: "Where", value: session.location)) }
        var cancel: ClassPage.Cancel?
        if user.role == .owner && scheduled && !started {
            var seriesCount: Int?
            if let series = session.seriesID {
                seriesCount = try await ClassSession.query(on: scope.db, tenant: scope.tenant.id).filter(\.$seriesID == series)
                    .filter(\.$startsAt >= session.startsAt).filter(\.$status == .scheduled).count()
            }
            cancel = ClassPage.Cancel(
                action: SiteURL.portal(.classCancel(.value(id))).relative(base: site.base),
                seriesCount: (seriesCount ?? 0) > 1 ? seriesCount : nil)
        }
        let canEdit = user.role == .owner && scheduled
        let choices = try await PortalStaff.choices(scope, keeping: session.instructorID)
        return ClassPage(
            site: site, portal: portal, notice: notice, problem: problem, title: session.title, cancelled: !scheduled,
            facts: facts, backLink: SiteURL.portal(.classes).relative(base: site.base),
            enrolled: enrolled.isEmpty ? nil : enrolled, waitlisted: waitlisted.isEmpty ? nil : waitlisted,
            cancelledPlaces: cancelledPlaces.isEmpty ? nil : cancelledPlaces, canMark: started && scheduled,
            markAction: SiteURL.portal(.classAttendance(.value(id))).relative(base: site.base),
            markHint: started
                ? "Tick who came; everyone else enrolled is marked as not coming."
                : "Attendance can be marked from the class's start.",
            csvLink: SiteURL.portal(.classRosterCSV(.value(id))).relative(base: site.base),
            editAction: canEdit ? SiteURL.portal(.classEdit(.value(id))).relative(base: site.base) : nil,
            form: canEdit ? (edit ?? ClassEditForm(session)).fields(errors: errors, staffChoices: choices) : nil,
            cancel: cancel)
    }
}
