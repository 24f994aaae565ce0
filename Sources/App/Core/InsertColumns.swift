import Foundation
import PostgresNIO
import SQLKit

/// A value written into a column, typed so that SQLKit (SQLite, and any portable statement) and
/// PostgreSQL's binary bindings both take it.
enum ColumnValue: Sendable, Equatable {
    case uuid(UUID?)
    case text(String?)
    case int(Int)
    case bool(Bool)
    case date(Date)

    /// For SQLKit statements.
    var bind: any SQLExpression {
        switch self {
        case .uuid(let value): SQLBind(value)
        case .text(let value): SQLBind(value)
        case .int(let value): SQLBind(value)
        case .bool(let value): SQLBind(value)
        case .date(let value): SQLBind(value)
        }
    }

    /// For a PostgreSQL prepared statement's next `$n`.
    func append(to bindings: inout PostgresBindings) {
        switch self {
        case .uuid(let value?): bindings.append(value)
        case .text(let value?): bindings.append(value)
        case .uuid(nil), .text(nil): bindings.appendNull()
        case .int(let value): bindings.append(value)
        case .bool(let value): bindings.append(value)
        case .date(let value): bindings.append(value)
        }
    }

    /// The PostgreSQL element type, for `unnest($n::type[])`.
    var postgresType: String {
        switch self {
        case .uuid: "uuid"
        case .text: "text"
        case .int: "bigint"
        case .bool: "boolean"
        case .date: "timestamptz"
        }
    }

    /// Binds one column's values of many rows as one PostgreSQL array (no NULL elements).
    static func appendArray(_ values: [ColumnValue], of type: ColumnValue, to bindings: inout PostgresBindings) {
        switch type {
        case .uuid: bindings.append(values.compactMap { if case .uuid(let v) = $0 { v } else { nil } })
        case .text: bindings.append(values.compactMap { if case .text(let v) = $0 { v } else { nil } })
        case .int: bindings.append(values.compactMap { if case .int(let v) = $0 { v } else { nil } })
        case .bool: bindings.append(values.compactMap { if case .bool(let v) = $0 { v } else { nil } })
        case .date: bindings.append(values.compactMap { if case .date(let v) = $0 { v } else { nil } })
        }
    }
}

/// The one list of a table's columns that every insert into it is built from: each column with the
/// value a row gives it. A new column is added here once, and every statement (SQLite's, the
/// PostgreSQL booking statement) picks it up.
struct InsertColumns<Row>: Sendable {
    struct Column: Sendable {
        let name: String
        /// A sample value of the column's type (for PostgreSQL array casts).
        let type: ColumnValue
        let value: @Sendable (Row) -> ColumnValue
    }

    let table: String
    let columns: [Column]

    var names: [String] { columns.map(\.name) }

    func values(_ row: Row) -> [ColumnValue] { columns.map { $0.value(row) } }

    /// A portable SQLKit insert of `rows`.
    func insert(_ rows: [Row], on sql: any SQLDatabase) -> SQLInsertBuilder {
        var insert = sql.insert(into: table).columns(names)
        for row in rows { insert = insert.values(values(row).map(\.bind)) }
        return insert
    }
}
