import Foundation

/// The time-off page: what is booked off now and ahead (each removable), and the form to add an
/// entry; after "Check the bookings", the upcoming bookings the entry would lie over, each to keep
/// or to cancel with a message to the client, before anything is saved.
struct TimeOffPage: Encodable {
    struct Entry: Encodable {
        let who: String
        let when: String
        let reason: String?
        let underWay: Bool
        let removeAction: String
    }

    /// One affected booking and the owner's choice for it.
    struct Decision: Encodable {
        let name: String
        let label: String
        let keepID: String
        let cancelID: String
        let cancel: Bool
        let link: String
    }

    /// The review step: the entry in words, its bookings, and the message for those cancelled.
    struct Review: Encodable {
        let summary: String
        let hidden: [HiddenField]
        let decisions: [Decision]
        let message: String
        let messageError: String?
        let formID: String
    }

    let site: SiteContext
    let portal: PortalChrome
    let notice: String?
    let action: String
    let form: FormFields
    let review: Review?
    /// nil when nothing is booked off.
    let entries: [Entry]?
}
