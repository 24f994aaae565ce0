import Fluent
import SQLKit

/// Every insert, update or delete of a tenant's services, staff, staff links, hours or closures bumps
/// `tenants.catalog_version` in the same transaction. Done by the database, so no write path (API,
/// seed, scripts) can forget to invalidate the cached catalog.
struct CreateCatalogVersionTriggers: AsyncMigration {
    static let tables = ["services", "staff", "staff_services", "weekly_hours", "closures"]

    func prepare(on database: any Database) async throws {
        guard let sql = database as? any SQLDatabase else { return }
        if database.isPostgres {
            try await sql.raw(
                """
                CREATE OR REPLACE FUNCTION bump_catalog_version() RETURNS trigger AS $$
                BEGIN
                    IF TG_OP = 'DELETE' THEN
                        UPDATE tenants SET catalog_version = catalog_version + 1 WHERE id = OLD.tenant_id;
                    ELSE
                        UPDATE tenants SET catalog_version = catalog_version + 1 WHERE id = NEW.tenant_id;
                    END IF;
                    RETURN NULL;
                END $$ LANGUAGE plpgsql
                """
            ).run()
            for table in Self.tables {
                try await sql.raw(
                    """
                    CREATE TRIGGER \(unsafeRaw: table)_catalog_version AFTER INSERT OR UPDATE OR DELETE ON \(unsafeRaw: table)
                    FOR EACH ROW EXECUTE FUNCTION bump_catalog_version()
                    """
                ).run()
            }
        } else {
            for table in Self.tables {
                for (event, row) in [("INSERT", "NEW"), ("UPDATE", "NEW"), ("DELETE", "OLD")] {
                    try await sql.raw(
                        """
                        CREATE TRIGGER \(unsafeRaw: table)_catalog_version_\(unsafeRaw: event.lowercased())
                        AFTER \(unsafeRaw: event) ON \(unsafeRaw: table)
                        BEGIN
                            UPDATE tenants SET catalog_version = catalog_version + 1 WHERE id = \(unsafeRaw: row).tenant_id;
                        END
                        """
                    ).run()
                }
            }
        }
    }

    func revert(on database: any Database) async throws {
        guard let sql = database as? any SQLDatabase else { return }
        if database.isPostgres {
            for table in Self.tables {
                try await sql.raw("DROP TRIGGER IF EXISTS \(unsafeRaw: table)_catalog_version ON \(unsafeRaw: table)").run()
            }
            try await sql.raw("DROP FUNCTION IF EXISTS bump_catalog_version()").run()
        } else {
            for table in Self.tables {
                for event in ["insert", "update", "delete"] {
                    try await sql.raw("DROP TRIGGER IF EXISTS \(unsafeRaw: table)_catalog_version_\(unsafeRaw: event)").run()
                }
            }
        }
    }
}
