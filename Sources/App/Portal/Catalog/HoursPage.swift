import Foundation
import Scheduling

/// The weekly hours editor's page (a staff member's hours, or the business's opening hours): a
/// fieldset per day with its Open box and time ranges, a blank range to add another (folded
/// away under "Add another range" when the day has some), each
/// day's problem beside it, and "copy a day to others" at the end.
struct HoursPage: Encodable {
    struct Range: Encodable {
        let startID: String
        let endID: String
        let start: String
        let end: String
        /// Said to screen readers after "From" and "To": "(range 2)".
        let which: String
        let isExtra: Bool
    }

    struct Day: Encodable {
        let key: String
        let name: String
        /// "Works on Mondays" (a staff member) or "Open on Mondays" (the business).
        let openLabel: String
        let open: Bool
        let error: String?
        /// The business's opening hours that day, on a staff member's page.
        let bounds: String?
        let ranges: [Range]
    }

    let site: SiteContext
    let portal: PortalChrome
    let heading: String
    let lead: String
    let notice: String?
    let action: String
    let backLink: String
    let backLabel: String
    /// nil when there is nothing to correct (Leaf treats an empty list as true).
    let errors: [FormFields.ErrorLink]?
    let days: [Day]
    let copyFrom: [FormField.Option]
    let copyTo: [FormField.Option]

    init(
        site: SiteContext, portal: PortalChrome, heading: String, lead: String, notice: String?, action: String,
        backLink: String, backLabel: String, form: HoursForm, problems: [Weekday: String], opening: WeeklyHours?,
        copiedFrom: Weekday? = nil
    ) {
        self.site = site
        self.portal = portal
        self.heading = heading
        self.lead = lead
        self.notice = notice
        self.action = action
        self.backLink = backLink
        self.backLabel = backLabel
        let errors = Weekday.allCases.compactMap { day in
            problems[day].map { FormFields.ErrorLink(anchor: "#\(day.rawValue)-open", message: $0) }
        }
        self.errors = errors.isEmpty ? nil : errors
        let bounded = opening.map { !$0.days.isEmpty } ?? false
        days = Weekday.allCases.map { weekday in
            let day = form.day(weekday)
            var rows = day.rows
            if rows.count < HoursForm.maximumRows { rows.append(HoursForm.Row(start: "", end: "")) }
            let key = weekday.rawValue
            let bounds: String? =
                if bounded, let opening {
                    opening.ranges(on: weekday).isEmpty
                        ? "The business is closed on \(HoursForm.name(weekday))s."
                        : "The business is open "
                            + opening.ranges(on: weekday).map { "\(HoursForm.text($0.start))–\(HoursForm.text($0.end))" }
                            .joined(separator: ", ") + "."
                } else { nil }
            return Day(
                key: key, name: HoursForm.name(weekday),
                openLabel: "\(opening == nil ? "Open" : "Works") on \(HoursForm.name(weekday))s", open: day.open,
                error: problems[weekday], bounds: bounds,
                ranges: rows.enumerated().map { index, row in
                    Range(
                        startID: "\(key)-\(index + 1)-start", endID: "\(key)-\(index + 1)-end", start: row.start, end: row.end,
                        which: "(\(HoursForm.name(weekday)), range \(index + 1))", isExtra: index > 0 && index == day.rows.count)
                })
        }
        let names = Weekday.allCases.map { (value: $0.rawValue, label: HoursForm.name($0)) }
        copyFrom = FormField.options(names, selected: [(copiedFrom ?? .monday).rawValue], name: "copy-from")
        copyTo = names.map { FormField.Option(value: "yes", label: $0.label, selected: false, id: "copy-to-\($0.value)") }
    }
}
