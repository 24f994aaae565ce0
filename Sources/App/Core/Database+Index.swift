import Fluent
import SQLKit

extension Database {
    /// Creates a plain index named `<table>_<columns>_idx` (portable SQL, both databases).
    func createIndex(on table: String, _ columns: String...) async throws {
        guard let sql = self as? any SQLDatabase else { return }
        var builder = sql.create(index: "\(table)_\(columns.joined(separator: "_"))_idx").on(table)
        for column in columns { builder = builder.column(column) }
        try await builder.run()
    }

    /// Whether this connection speaks PostgreSQL (for the few dialect-specific statements).
    var isPostgres: Bool {
        (self as? any SQLDatabase)?.dialect.name == "postgresql"
    }
}
