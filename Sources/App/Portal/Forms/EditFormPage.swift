import Foundation

/// A portal page that is one form (a service, a staff member's profile): the fields through the
/// shared field template, the button, and optionally a second form that removes the thing.
struct EditFormPage: Encodable {
    /// "Delete this service": what it does, said before the button.
    struct Removal: Encodable {
        let action: String
        let explanation: String
        let button: String
    }

    let site: SiteContext
    let portal: PortalChrome
    let heading: String
    let lead: String?
    let notice: String?
    let action: String
    let form: FormFields
    /// The form's one-time id (`FormOnce`), for forms that create something.
    let formID: String?
    let button: String
    let backLink: String
    let backLabel: String
    let removal: Removal?
    /// Links to more about the same thing ("Weekly hours"); nil when none.
    let related: [Link]?

    struct Link: Encodable {
        let label: String
        let link: String
    }
}

/// A portal list of things to edit (services, staff): each a link with a line of detail and a
/// badge when it is not offered, and the link to add another.
struct CatalogListPage: Encodable {
    struct Row: Encodable {
        let label: String
        let link: String
        let detail: String
        let badge: String?
    }

    let site: SiteContext
    let portal: PortalChrome
    let heading: String
    let lead: String
    let notice: String?
    let addLink: String
    let addLabel: String
    /// nil when there are none yet (then `empty` is said).
    let rows: [Row]?
    let empty: String
    let related: [EditFormPage.Link]?
}
