import Fluent

extension Database {
    /// A new tenant-owned table, started as every one is: a UUID `id`, then a `tenant_id` removed
    /// with its tenant. The caller adds its own fields and creates it.
    func tenantOwnedTable(_ schema: String) -> SchemaBuilder {
        self.schema(schema).id().field("tenant_id", .uuid, .required, .references(Tenant.schema, "id", onDelete: .cascade))
    }
}
