import Fluent
import Foundation
import Scheduling
import Vapor

/// Realistic demo tenants for trying the product and taking screenshots:
/// `house-of-hair` (a salon taking appointments) and `mind-department` (a studio running sessions).
/// Seeding is idempotent: a tenant that already exists is left alone.
public enum DemoData {
    /// How to get into a seeded demo tenant: shown once at seeding, stored only as hashes.
    public struct Access: Sendable {
        public let apiKey: String
        /// An owner's and a staff member's portal sign-ins, with random passwords.
        public let logins: [Login]
    }

    public struct Login: Sendable {
        public let role: UserRole
        public let email: String
        public let password: String
    }

    /// Seeds the demo tenants that are missing; returns slug → how to get in, for each one created.
    @discardableResult
    public static func seed(into app: Application) async throws -> [String: Access] {
        try await seed(on: app.db, services: app.services, clock: app.clock, threadPool: app.threadPool)
    }

    static func seed(
        on db: any Database, services: AppServices, clock: any AppClock, threadPool: NIOThreadPool
    ) async throws -> [String: Access] {
        var created: [String: Access] = [:]
        let now = clock.now()
        if try await Tenant.query(on: db).filter(\.$slug == "house-of-hair").first() == nil {
            created["house-of-hair"] = try await seedSalon(on: db, services: services, now: now, threadPool: threadPool)
        }
        if try await Tenant.query(on: db).filter(\.$slug == "mind-department").first() == nil {
            created["mind-department"] = try await seedStudio(on: db, now: now, threadPool: threadPool)
        }
        return created
    }

    /// An owner login and a staff login for `staff`, each with a random password.
    private static func logins(
        tenant: UUID, domain: String, staff: Staff, on db: any Database, threadPool: NIOThreadPool
    ) async throws -> [Login] {
        var result: [Login] = []
        for (role, email, name, staffID) in [
            (UserRole.owner, "owner@\(domain)", "Owner", UUID?.none),
            (.staff, staff.email ?? "staff@\(domain)", staff.name, staff.id),
        ] {
            let made = try await UserProvisioning.create(
                .init(tenantID: tenant, email: email, name: name, role: role, staffID: staffID), on: db, threadPool: threadPool)
            result.append(Login(role: role, email: made.email, password: made.generatedPassword ?? ""))
        }
        return result
    }

    private static func hours(_ spec: [Weekday: [(String, String)]]) -> WeeklyHours {
        (try? WeeklyHours(spec.mapValues { $0.compactMap { WallTimeRange($0.0, $0.1) } })) ?? .closed
    }

    private static func seedSalon(
        on db: any Database, services appServices: AppServices, now: Date, threadPool: NIOThreadPool
    ) async throws -> Access {
        let created = try await TenantProvisioning.create(
            .init(
                slug: "house-of-hair", name: "House of Hair", timezone: "Europe/London", kind: .appointments,
                contactEmail: "hello@houseofhair.example", brandColour: "#b83280"),
            on: db)
        let tenant = created.tenantID
        try await profile(tenant, address: "12 Grey Street\nNewcastle upon Tyne\nNE1 6AE", phone: "+44 191 496 0123", on: db)
        let zone = TimeZone(identifier: "Europe/London")!
        try await WeeklyHoursPayload.store(
            hours([
                .monday: [("09:00", "19:00")], .tuesday: [("09:00", "19:00")], .wednesday: [("09:00", "19:00")],
                .thursday: [("09:00", "20:00")], .friday: [("09:00", "19:00")], .saturday: [("09:00", "17:00")],
            ]), staffID: nil, on: db, tenant: tenant)

        func service(_ name: String, _ minutes: Int, _ pounds: Int, before: Int = 0, after: Int = 0, _ text: String) -> Service {
            Service(
                tenantID: tenant, name: name, description: text, durationMinutes: minutes, priceCents: pounds * 100,
                bufferBeforeMinutes: before, bufferAfterMinutes: after)
        }
        let cut = service("Cut & finish", 45, 35, after: 10, "Consultation, wash, precision cut and blow-dry finish.")
        let colour = service("Full colour", 120, 95, before: 10, after: 15, "Root-to-tip permanent colour with gloss.")
        let beard = service("Beard trim", 20, 15, "Shape-up and hot-towel finish.")
        let kids = service("Kids cut (under 12)", 30, 18, "A quick, friendly cut for younger clients.")
        let blowDry = service("Blow-dry", 30, 25, after: 5, "Wash and bouncy blow-dry.")
        let highlights = service("Half-head highlights", 90, 80, after: 15, "Foil highlights through the top and sides.")
        let restyle = service("Restyle consultation", 15, 0, "A free chat about a new look; no cutting.")
        let services = [cut, colour, beard, kids, blowDry, highlights, restyle]
        for item in services { try await item.create(on: db) }

        let alex = Staff(tenantID: tenant, name: "Alex Morgan", email: "alex@houseofhair.example")
        let sam = Staff(tenantID: tenant, name: "Sam Patel", email: "sam@houseofhair.example")
        let jordan = Staff(tenantID: tenant, name: "Jordan Lee", email: "jordan@houseofhair.example")
        for member in [alex, sam, jordan] { try await member.create(on: db) }
        try await CatalogQueries.replaceLinks(
            staffID: alex.requireID(), with: [cut, colour, highlights, blowDry, kids, restyle].map { $0.id! }, on: db,
            tenant: tenant)
        try await CatalogQueries.replaceLinks(
            staffID: sam.requireID(), with: [cut, beard, kids, restyle].map { $0.id! }, on: db, tenant: tenant)
        try await CatalogQueries.replaceLinks(
            staffID: jordan.requireID(), with: [cut, colour, highlights, blowDry].map { $0.id! }, on: db, tenant: tenant)

        let split = [("09:00", "12:30"), ("13:30", "18:00")]
        try await WeeklyHoursPayload.store(
            hours([
                .tuesday: split, .wednesday: split, .thursday: [("09:00", "12:30"), ("13:30", "20:00")], .friday: split,
                .saturday: [("09:00", "13:00"), ("13:30", "17:00")],
            ]),
            staffID: alex.requireID(), on: db, tenant: tenant)
        let late = [("10:00", "13:00"), ("14:00", "19:00")]
        try await WeeklyHoursPayload.store(
            hours([.monday: late, .tuesday: late, .thursday: late, .friday: late]),  // Wednesday off
            staffID: sam.requireID(), on: db, tenant: tenant)
        let early = [("09:30", "13:00"), ("13:45", "17:30")]
        try await WeeklyHoursPayload.store(
            hours([.monday: early, .wednesday: early, .thursday: early, .saturday: [("09:00", "16:00")]]),
            staffID: jordan.requireID(), on: db, tenant: tenant)

        let today = zone.wallClock(at: now).date
        let dayOff = today.adding(days: 8)
        let closedDay = today.adding(days: 15)
        let midnight = WallTime(minutes: 0)!
        try await ClosureService.make(
            tenantID: tenant, staffID: sam.requireID(), from: .init(date: dayOff, time: midnight),
            to: .init(date: dayOff.adding(days: 1), time: midnight), zone: zone, reason: "Sam: holiday"
        ).create(on: db)
        try await ClosureService.make(
            tenantID: tenant, staffID: nil, from: .init(date: closedDay, time: midnight),
            to: .init(date: closedDay.adding(days: 1), time: midnight), zone: zone, reason: "Staff training day"
        ).create(on: db)

        // A few existing bookings, placed on slots the engine offers so they are consistent.
        let clients = [
            ("Priya Shah", "priya@example.com"), ("Tom Evans", "tom.evans@example.com"),
            ("Chloe Martin", "chloe.m@example.com"), ("Ben Carter", "ben.carter@example.com"),
            ("Aisha Khan", "aisha.k@example.com"),
        ]
        let plan: [(Service, Staff, Int)] = [
            (cut, alex, 1), (colour, jordan, 2), (beard, sam, 1), (cut, sam, 3), (highlights, alex, 4),
        ]
        let salon = try await appServices.storage.tenants(db).find(id: tenant)!
        let availability = appServices.availability(tenant: salon, now: now, on: db)
        for (index, (service, member, dayOffset)) in plan.enumerated() {
            let day = today.adding(days: dayOffset)
            let slots = try await availability.slots(
                .init(serviceID: service.requireID(), staffID: member.requireID(), from: day, to: day.adding(days: 6)))
            guard let slot = slots.dropFirst(index * 3).first ?? slots.first else { continue }
            let client = Client(tenantID: tenant, name: clients[index].0, email: clients[index].1)
            try await client.create(on: db)
            let blocked = service.timing.blocked(startingAt: slot.start)
            try await Booking(
                tenantID: tenant, serviceID: service.requireID(), staffID: member.requireID(), clientID: client.requireID(),
                startsAt: slot.start, endsAt: slot.end, blockedFrom: blocked.start, blockedUntil: blocked.end,
                status: .confirmed, notes: index == 0 ? "Prefers a quiet appointment." : "",
                manageTokenHash: Secrets.sha256Hex(UUID().uuidString), contact: client.contact
            ).create(on: db)
        }
        return Access(
            apiKey: created.apiKey,
            logins: try await logins(tenant: tenant, domain: "houseofhair.example", staff: alex, on: db, threadPool: threadPool))
    }

    /// The address and phone number the demo websites show.
    private static func profile(_ tenant: UUID, address: String, phone: String, on db: any Database) async throws {
        guard let model = try await Tenant.find(tenant, on: db) else { return }
        model.address = address
        model.phone = phone
        try await model.update(on: db)
    }

    private static func seedStudio(on db: any Database, now: Date, threadPool: NIOThreadPool) async throws -> Access {
        let created = try await TenantProvisioning.create(
            .init(
                slug: "mind-department", name: "The Mind Department", timezone: "Europe/London", kind: .sessions,
                contactEmail: "studio@minddepartment.example", brandColour: "#2f855a"),
            on: db)
        let tenant = created.tenantID
        try await profile(tenant, address: "The Old Chapel, 3 Tower Street\nAlnwick\nNE66 1SU", phone: "+44 1665 960 456", on: db)
        let zone = TimeZone(identifier: "Europe/London")!
        try await WeeklyHoursPayload.store(
            hours([
                .monday: [("07:00", "21:00")], .wednesday: [("07:00", "21:00")], .thursday: [("07:00", "21:00")],
                .saturday: [("09:00", "13:00")],
            ]),
            staffID: nil, on: db, tenant: tenant)
        let maya = Staff(tenantID: tenant, name: "Maya Green", email: "maya@minddepartment.example")
        let owen = Staff(tenantID: tenant, name: "Owen Price", email: "owen@minddepartment.example")
        try await maya.create(on: db)
        try await owen.create(on: db)

        struct Weekly {
            let title: String, text: String, day: Weekday, time: String, minutes: Int, capacity: Int, pounds: Int
            let instructor: Staff
        }
        let timetable = [
            Weekly(
                title: "Morning meditation", text: "A gentle guided sit to start the week.", day: .monday, time: "07:30",
                minutes: 45, capacity: 12, pounds: 8, instructor: maya),
            Weekly(
                title: "Vinyasa yoga", text: "Flowing, breath-led yoga for all levels.", day: .wednesday, time: "18:30",
                minutes: 60, capacity: 20, pounds: 12, instructor: owen),
            Weekly(
                title: "Yin yoga", text: "Long, quiet holds to release deep tension.", day: .thursday, time: "19:00",
                minutes: 75, capacity: 16, pounds: 12, instructor: maya),
            Weekly(
                title: "Breathwork", text: "Guided breathing for energy and calm.", day: .saturday, time: "10:00",
                minutes: 60, capacity: 8, pounds: 15, instructor: owen),
        ]
        let today = zone.wallClock(at: now).date
        let names = ["Grace Hall", "Leo Turner", "Isla Wood", "Noah Hughes", "Ruby Clarke", "Ethan Ward"]
        var clients: [Client] = []
        for name in names {
            let email = name.lowercased().replacingOccurrences(of: " ", with: ".") + "@example.com"
            let client = Client(tenantID: tenant, name: name, email: email)
            try await client.create(on: db)
            clients.append(client)
        }
        // Yesterday's class too, so the portal has a roster to mark attendance on.
        let yesterday = Weekly(
            title: "Evening meditation", text: "A quiet hour to end the day.", day: today.adding(days: -1).weekday,
            time: "18:30", minutes: 60, capacity: 10, pounds: 10, instructor: maya)
        for offset in -1...56 {
            let date = today.adding(days: offset)
            for item in (offset == -1 ? [yesterday] : timetable) where item.day == date.weekday {
                let start = LocalDateTime(date: date, time: WallTime(item.time)!).instant(in: zone)
                let session = ClassSession(
                    tenantID: tenant, title: item.title, description: item.text, instructorID: item.instructor.id,
                    location: "Studio 1, 12 Mill Lane, Alnwick", startsAt: start,
                    endsAt: start.addingTimeInterval(TimeInterval(item.minutes * 60)), capacity: item.capacity,
                    priceCents: item.pounds * 100)
                try await session.create(on: db)
                // Enrol a few clients in the first fortnight's sessions.
                guard offset <= 14 else { continue }
                let count = min(item.capacity, offset < 0 ? 4 : 2 + (offset % 4))
                for client in clients.prefix(count) {
                    try await Enrollment(
                        tenantID: tenant, sessionID: session.requireID(), clientID: client.requireID(), status: .enrolled,
                        manageTokenHash: Secrets.sha256Hex(UUID().uuidString), contact: client.contact
                    ).create(on: db)
                }
                session.booked = count
                try await session.update(on: db)
            }
        }
        return Access(
            apiKey: created.apiKey,
            logins: try await logins(
                tenant: tenant, domain: "minddepartment.example", staff: maya, on: db, threadPool: threadPool))
    }
}
