import Foundation
import Scheduling
import Vapor

/// A service as the business describes it: every field of a new one (name and durationMinutes
/// required), or the fields to change (every one optional). Checked at the edge that received it
/// (`validate`: the admin JSON API answers 422 naming each problem); the body of
/// `POST` and `PATCH /admin/services`.
struct ServiceDetails: Content, Sendable {
    var name: String?
    var description: String?
    var durationMinutes: Int?
    var priceCents: Int?
    var currency: String?
    var bufferBeforeMinutes: Int?
    var bufferAfterMinutes: Int?
    var slotIntervalMinutes: Int?
    var minNoticeMinutes: Int?
    var maxAdvanceDays: Int?
    var staff: [UUID]?
    var active: Bool?
    /// The per-service overrides sent as `null`: the service goes back to the business's policy.
    var resetToPolicy: Set<PolicyOverride> = []

    /// The three policy fields a service may override; `nil` on the service means the business's.
    enum PolicyOverride: String, CaseIterable, Sendable {
        case slotIntervalMinutes, minNoticeMinutes, maxAdvanceDays
    }

    private enum CodingKeys: String, CodingKey {
        case name, description, durationMinutes, priceCents, currency, bufferBeforeMinutes, bufferAfterMinutes
        case slotIntervalMinutes, minNoticeMinutes, maxAdvanceDays, staff, active
    }

    init(
        name: String? = nil, description: String? = nil, durationMinutes: Int? = nil, priceCents: Int? = nil,
        currency: String? = nil, bufferBeforeMinutes: Int? = nil, bufferAfterMinutes: Int? = nil,
        slotIntervalMinutes: Int? = nil, minNoticeMinutes: Int? = nil, maxAdvanceDays: Int? = nil, staff: [UUID]? = nil,
        active: Bool? = nil, resetToPolicy: Set<PolicyOverride> = []
    ) {
        self.name = name
        self.description = description
        self.durationMinutes = durationMinutes
        self.priceCents = priceCents
        self.currency = currency
        self.bufferBeforeMinutes = bufferBeforeMinutes
        self.bufferAfterMinutes = bufferAfterMinutes
        self.slotIntervalMinutes = slotIntervalMinutes
        self.minNoticeMinutes = minNoticeMinutes
        self.maxAdvanceDays = maxAdvanceDays
        self.staff = staff
        self.active = active
        self.resetToPolicy = resetToPolicy
    }

    /// Decodes the JSON body; an override given as `null` (not merely left out) is reset.
    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        name = try container.decodeIfPresent(String.self, forKey: .name)
        description = try container.decodeIfPresent(String.self, forKey: .description)
        durationMinutes = try container.decodeIfPresent(Int.self, forKey: .durationMinutes)
        priceCents = try container.decodeIfPresent(Int.self, forKey: .priceCents)
        currency = try container.decodeIfPresent(String.self, forKey: .currency)
        bufferBeforeMinutes = try container.decodeIfPresent(Int.self, forKey: .bufferBeforeMinutes)
        bufferAfterMinutes = try container.decodeIfPresent(Int.self, forKey: .bufferAfterMinutes)
        slotIntervalMinutes = try container.decodeIfPresent(Int.self, forKey: .slotIntervalMinutes)
        minNoticeMinutes = try container.decodeIfPresent(Int.self, forKey: .minNoticeMinutes)
        maxAdvanceDays = try container.decodeIfPresent(Int.self, forKey: .maxAdvanceDays)
        staff = try container.decodeIfPresent([UUID].self, forKey: .staff)
        active = try container.decodeIfPresent(Bool.self, forKey: .active)
        for field in PolicyOverride.allCases {
            let key = CodingKeys(rawValue: field.rawValue)!
            if container.contains(key), try container.decodeNil(forKey: key) { resetToPolicy.insert(field) }
        }
    }

    func validate(creating: Bool) throws {
        try problems(creating: creating).throwIfAny()
    }

    /// Every problem of these details, by field (the API's names): the JSON API answers them as one
    /// 422, the portal's form puts each beside its field.
    func problems(creating: Bool) -> FieldProblems {
        var problems = FieldProblems()
        if creating || name != nil { problems.requireText(name, "name", max: 120) }
        if creating && durationMinutes == nil { problems.add("durationMinutes", "is required") }
        problems.requireText(description, "description", max: 2000, required: false, multiline: true)
        problems.requireRange(durationMinutes, "durationMinutes", ServiceTiming.durationRange)
        problems.requireRange(priceCents, "priceCents", 0...10_000_000)
        problems.requireRange(bufferBeforeMinutes, "bufferBeforeMinutes", ServiceTiming.bufferRange)
        problems.requireRange(bufferAfterMinutes, "bufferAfterMinutes", ServiceTiming.bufferRange)
        problems.requireRange(slotIntervalMinutes, "slotIntervalMinutes", BookingPolicy.slotIntervalRange)
        problems.requireRange(minNoticeMinutes, "minNoticeMinutes", BookingPolicy.minNoticeRange)
        problems.requireRange(maxAdvanceDays, "maxAdvanceDays", BookingPolicy.maxAdvanceRange)
        if let currency, !Formats.isCurrency(currency) { problems.add("currency", "must be a 3-letter code such as GBP") }
        if let staff, staff.count > 200 { problems.add("staff", "must list at most 200 ids") }
        return problems
    }

    func apply(to service: Service) {
        if let name { service.name = name.trimmingCharacters(in: .whitespacesAndNewlines) }
        if let description { service.description = description }
        if let durationMinutes { service.durationMinutes = durationMinutes }
        if let priceCents { service.priceCents = priceCents }
        if let currency { service.currency = currency }
        if let bufferBeforeMinutes { service.bufferBeforeMinutes = bufferBeforeMinutes }
        if let bufferAfterMinutes { service.bufferAfterMinutes = bufferAfterMinutes }
        if let slotIntervalMinutes { service.slotIntervalMinutes = slotIntervalMinutes }
        if let minNoticeMinutes { service.minNoticeMinutes = minNoticeMinutes }
        if let maxAdvanceDays { service.maxAdvanceDays = maxAdvanceDays }
        if resetToPolicy.contains(.slotIntervalMinutes) { service.slotIntervalMinutes = nil }
        if resetToPolicy.contains(.minNoticeMinutes) { service.minNoticeMinutes = nil }
        if resetToPolicy.contains(.maxAdvanceDays) { service.maxAdvanceDays = nil }
        if let active { service.active = active }
    }
}
