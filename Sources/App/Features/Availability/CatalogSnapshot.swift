import Fluent
import Foundation
import NIOConcurrencyHelpers
import SQLKit
import Scheduling
import Vapor

/// Everything availability and the public pages need from a tenant's catalog, read in one go:
/// services, staff and who performs what, weekly hours, opening hours and closures. Immutable;
/// shared between requests, so pages show names and prices without reading a model.
struct CatalogSnapshot: Sendable {
    struct ServiceInfo: Sendable {
        let name: String
        let description: String
        let priceCents: Int
        let currency: String
        let timing: ServiceTiming
        let slotIntervalMinutes: Int?
        let minNoticeMinutes: Int?
        let maxAdvanceDays: Int?
        let active: Bool

        func policy(under tenantPolicy: BookingPolicy) -> BookingPolicy {
            BookingPolicy(
                slotIntervalMinutes: slotIntervalMinutes ?? tenantPolicy.slotIntervalMinutes,
                minNoticeMinutes: minNoticeMinutes ?? tenantPolicy.minNoticeMinutes,
                maxAdvanceDays: maxAdvanceDays ?? tenantPolicy.maxAdvanceDays)
        }
    }

    struct ClosureInfo: Sendable {
        let staffID: UUID?
        let span: Span
    }

    let services: [UUID: ServiceInfo]
    /// Every service, active or not, by name (as the database orders names).
    let servicesByName: [UUID]
    /// Active services that someone active performs, by name: what clients can book.
    let bookableServices: [UUID]
    /// All staff ids of the tenant (active or not), to tell "unknown" from "not qualified".
    let allStaff: Set<UUID>
    /// Every staff member's name, active or not (a booking keeps its staff member's name).
    let staffNames: [UUID: String]
    let activeStaff: Set<UUID>
    /// The active staff by name (as the database orders names).
    let activeStaffByName: [UUID]
    /// service → the active staff who perform it, sorted by name.
    let performers: [UUID: [UUID]]
    /// active staff member → the active services they perform, by service name.
    let performedServices: [UUID: [UUID]]
    let hours: HoursLoader.Loaded
    /// Closures that have not ended, sorted by start.
    let closures: [ClosureInfo]

    /// Whether the staff member is active (takes bookings).
    func isActive(staff: UUID) -> Bool { activeStaff.contains(staff) }

    static func load(on db: any Database, tenant: UUID, now: Date) async throws -> CatalogSnapshot {
        let services = try await Service.query(on: db, tenant: tenant).sort(\.$name).all()
        let staff = try await Staff.query(on: db, tenant: tenant).sort(\.$name).all()
        let links = try await StaffService.query(on: db, tenant: tenant).all()
        let activeOrder = staff.filter(\.active).compactMap(\.id)
        var performers: [UUID: [UUID]] = [:]
        let linked = Dictionary(grouping: links, by: \.serviceID).mapValues { Set($0.map(\.staffID)) }
        for (service, members) in linked { performers[service] = activeOrder.filter(members.contains) }
        let closures = try await Closure.query(on: db, tenant: tenant)
            .filter(\.$endsAt > now.addingTimeInterval(-2 * 86_400)).sort(\.$startsAt).all()
        let bookable = services.compactMap { service in
            service.active && !(performers[service.id ?? UUID()] ?? []).isEmpty ? service.id : nil
        }
        var performedServices: [UUID: [UUID]] = [:]
        for case let id? in services.filter(\.active).map(\.id) {
            for member in performers[id] ?? [] { performedServices[member, default: []].append(id) }
        }
        return CatalogSnapshot(
            services: Dictionary(
                uniqueKeysWithValues: services.compactMap { service in
                    service.id.map {
                        (
                            $0,
                            ServiceInfo(
                                name: service.name, description: service.description, priceCents: service.priceCents,
                                currency: service.currency, timing: service.timing,
                                slotIntervalMinutes: service.slotIntervalMinutes, minNoticeMinutes: service.minNoticeMinutes,
                                maxAdvanceDays: service.maxAdvanceDays, active: service.active)
                        )
                    }
                }),
            servicesByName: services.compactMap(\.id),
            bookableServices: bookable,
            allStaff: Set(staff.compactMap(\.id)),
            staffNames: Dictionary(uniqueKeysWithValues: staff.compactMap { member in member.id.map { ($0, member.name) } }),
            activeStaff: Set(activeOrder),
            activeStaffByName: activeOrder,
            performers: performers,
            performedServices: performedServices,
            hours: try await HoursLoader.load(staffIDs: staff.compactMap(\.id), on: db, tenant: tenant),
            closures: closures.map { ClosureInfo(staffID: $0.staffID, span: $0.span) })
    }
}

/// Per-tenant catalog snapshots, reused while `tenants.catalog_version` (read with the tenant on every
/// request, and bumped by triggers on every catalog change) is unchanged. A snapshot is stored under
/// the version read *before* loading it, so it is never older than its key: several app instances
/// stay correct without talking to each other.
final class CatalogCache: Sendable {
    private let entries = NIOLockedValueBox<[UUID: (version: Int, loadedAt: Date, snapshot: CatalogSnapshot)]>([:])

    /// Closures are loaded from "now - 2 days"; a snapshot older than a day is reloaded to keep that true.
    static let maxAge: TimeInterval = 86_400

    func snapshot(for tenant: TenantContext, now: Date, on db: any Database) async throws -> CatalogSnapshot {
        let tenantID = tenant.id
        let version = tenant.catalogVersion
        if let entry = entries.withLockedValue({ $0[tenantID] }), entry.version == version,
            abs(now.timeIntervalSince(entry.loadedAt)) < Self.maxAge
        {
            return entry.snapshot
        }
        let snapshot = try await CatalogSnapshot.load(on: db, tenant: tenantID, now: now)
        entries.withLockedValue { entries in
            if let existing = entries[tenantID], existing.version > version { return }
            entries[tenantID] = (version, now, snapshot)
        }
        return snapshot
    }
}
