import Foundation

/// `booking create-instance NAME DIR`: a stand-alone folder for one business. Its `.env` names the
/// business as `DEFAULT_TENANT`, so `booking serve` started there serves it with no tenant named in
/// the request, from the SQLite database in its own `data/` folder.
public enum InstanceCreation {
    public struct Created: Sendable {
        public let folder: String
        public let slug: String
        /// The first admin API key: shown once, stored only as a hash.
        public let apiKey: String
        public let url: String
        /// The first owner's sign-in, when an owner email was given.
        public let owner: UserProvisioning.Created?
    }

    /// A URL name from a business name: "Studio Öl & Co." → "studio-ol-co".
    public static func slug(from name: String) -> String {
        let folded = name.folding(options: [.diacriticInsensitive, .caseInsensitive], locale: Locale(identifier: "en_US_POSIX"))
        let words = folded.lowercased().unicodeScalars.split { !(($0.isASCII && CharacterSet.alphanumerics.contains($0))) }
        return String(words.map { String(String.UnicodeScalarView($0)) }.joined(separator: "-").prefix(40))
            .trimmingCharacters(in: CharacterSet(charactersIn: "-"))
    }

    public static func create(
        name: String, folder: String, slug: String?, timezone: String, kind: TenantKind, contactEmail: String?, port: Int,
        owner: TenantProvisioning.Owner? = nil
    ) async throws -> Created {
        let slug = slug ?? Self.slug(from: name)
        let input = TenantProvisioning.Input(slug: slug, name: name, timezone: timezone, kind: kind, contactEmail: contactEmail)
        var problems = input.problems
        if !(1...65_535).contains(port) { problems.append("--port: must be 1 to 65535") }
        let envPath = (folder as NSString).appendingPathComponent(".env")
        if FileManager.default.fileExists(atPath: envPath) {
            problems.append("\(folder): holds an instance already (.env exists)")
        }
        guard problems.isEmpty else { throw TenantProvisioning.Failure.invalid(problems) }

        let dataFolder = (folder as NSString).appendingPathComponent("data")
        try FilePermissions.createPrivateDirectory(dataFolder)
        let url = "http://127.0.0.1:\(port)"
        let env = """
            # NBNE Booking: a stand-alone instance for \(name.replacingOccurrences(of: "\n", with: " ")).
            # Start it from this folder with `booking serve`. Keep this file private: APP_SECRET signs clients' links.
            APP_ENV=production
            APP_SECRET=\(Secrets.hex(Secrets.randomBytes(32)))
            DATABASE_URL=sqlite://data/booking.sqlite
            DEFAULT_TENANT=\(slug)
            HOST=127.0.0.1
            PORT=\(port)
            PUBLIC_URL=\(url)
            # Outgoing email (messages wait in the outbox until this is set):
            # SMTP_HOST=smtp.example.com
            # SMTP_FROM=bookings@example.com

            """
        // Created readable by its owner only: it holds the instance secret.
        guard FileManager.default.createFile(atPath: envPath, contents: Data(env.utf8), attributes: [.posixPermissions: 0o600])
        else {
            throw TenantProvisioning.Failure.invalid(["\(folder): cannot write .env"])
        }
        let config = AppConfig(
            mode: .production, database: .sqliteFile(path: (dataFolder as NSString).appendingPathComponent("booking.sqlite")))
        do {
            let created = try await AppRunner.with(config: config) { app in
                try await AppRunner.migrate(app)
                return try await TenantProvisioning.create(input, owner: owner, on: app.db, threadPool: app.threadPool)
            }
            return Created(folder: folder, slug: created.slug, apiKey: created.apiKey, url: url, owner: created.owner)
        } catch {
            try? FileManager.default.removeItem(atPath: envPath)
            throw error
        }
    }
}
