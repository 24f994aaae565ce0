import Vapor

/// `?page=N` of an admin list: 1-based, 50 rows a page.
struct Pagination: Sendable {
    static let perPage = 50

    var page = 1

    /// The rows of this page, for `QueryBuilder.range`.
    var rows: Range<Int> { ((page - 1) * Self.perPage)..<(page * Self.perPage) }

    /// Reads `page`, adding a problem when it is not a whole number from 1 to 100,000.
    static func read(_ req: Request, into problems: inout FieldProblems) -> Pagination {
        guard let raw = QueryParameters(req)["page"] else { return Pagination() }
        guard let value = Int(raw), (1...100_000).contains(value) else {
            problems.add("page", "must be a whole number from 1")
            return Pagination()
        }
        return Pagination(page: value)
    }
}
