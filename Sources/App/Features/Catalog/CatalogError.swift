/// What can go wrong with the business's catalog (services, staff, hours, closures), in domain
/// words. The JSON API maps it to a status (`CatalogError+HTTP`).
enum CatalogError: Error, Equatable {
    case serviceNotFound
    case staffNotFound
    case closureNotFound
    /// `field` lists an id that is not a staff member (or service) of the business.
    case unknownIDs(field: String)

    var message: String {
        switch self {
        case .serviceNotFound: "No service with that id."
        case .staffNotFound: "No staff member with that id."
        case .closureNotFound: "No closure with that id."
        case .unknownIDs(let field): "\(field) contains an id that does not exist for this tenant"
        }
    }
}
