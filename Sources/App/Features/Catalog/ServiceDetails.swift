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

    func validate(creating: Bool) throws {
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
        try problems.throwIfAny()
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
        if let active { service.active = active }
    }
}
