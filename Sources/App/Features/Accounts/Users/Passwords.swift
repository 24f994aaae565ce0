import NIOConcurrencyHelpers
import NIOPosix
import Vapor

/// The portal's password rules and bcrypt hashing (issue 22).
///
/// bcrypt reads only the first 72 bytes of a password: a longer one would be silently cut, so
/// "correct horse … (80 bytes)" and its first 72 bytes would both sign in. Longer passwords are
/// refused when set, and never match when signing in. Hashing (cost 12, about a quarter of a second)
/// runs on the thread pool, never on an event loop.
public enum Passwords {
    public static let minimumCharacters = 10
    public static let maximumBytes = 72
    /// bcrypt's cost in every real run (`AppConfig.passwordHashCost`).
    public static let productionCost = AppConfig.defaultPasswordHashCost

    private static let chosenCost = NIOLockedValueBox(productionCost)
    private static let standInHashes = NIOLockedValueBox<[Int: String]>([:])

    /// The cost new hashes are made with (set once at start-up from `AppConfig.passwordHashCost`).
    static var cost: Int { chosenCost.withLockedValue { $0 } }

    static func use(cost: Int) { chosenCost.withLockedValue { $0 = min(max(cost, 4), 31) } }

    /// What is wrong with `password` as a new password, in words for the person choosing it; nil when it is fine.
    public static func problem(_ password: String) -> String? {
        if password.count < minimumCharacters {
            return "must be at least \(minimumCharacters) characters"
        }
        if password.utf8.count > maximumBytes {
            return "must be at most \(maximumBytes) bytes (about \(maximumBytes) letters, fewer with accents or emoji)"
        }
        return nil
    }

    /// The bcrypt hash of a password that passed `problem`.
    static func hash(_ password: String, cost: Int = Passwords.cost, on threadPool: NIOThreadPool) async throws -> String {
        precondition(problem(password) == nil, "check Passwords.problem first")
        return try await threadPool.runIfActive { try Bcrypt.hash(password, cost: cost) }
    }

    /// Whether `candidate` is the password `hash` was made from. A candidate longer than bcrypt reads
    /// never matches, so no prefix of a stored password's longer sibling signs in.
    static func verify(_ candidate: String, against hash: String, on threadPool: NIOThreadPool) async throws -> Bool {
        guard candidate.utf8.count <= maximumBytes, !candidate.isEmpty else { return false }
        return try await threadPool.runIfActive { try Bcrypt.verify(candidate, created: hash) }
    }

    /// Takes as long as `verify` and is always false: for a sign-in with an address that has no
    /// account, so the answer's timing does not tell which addresses have one.
    static func verifyWithoutAccount(_ candidate: String, on threadPool: NIOThreadPool) async throws -> Bool {
        guard candidate.utf8.count <= maximumBytes, !candidate.isEmpty else { return false }
        _ = try await threadPool.runIfActive { try? Bcrypt.verify(candidate, created: standInHash()) }
        return false
    }

    /// A hash of a random password nobody knows, at the cost real hashes have, made at its first use
    /// (on the thread pool).
    private static func standInHash() -> String {
        let cost = cost
        if let made = standInHashes.withLockedValue({ $0[cost] }) { return made }
        let made = (try? Bcrypt.hash(Secrets.base64URL(Secrets.randomBytes(15)), cost: cost)) ?? ""
        standInHashes.withLockedValue { $0[cost] = made }
        return made
    }

    /// A random password for a new account, shown once: 20 base64url characters (120 bits).
    public static func generate() -> String {
        Secrets.base64URL(Secrets.randomBytes(15))
    }
}
