import Foundation
import NIOCore
import NIOSSL

/// How to reach the SMTP server (`SMTP_HOST`, `SMTP_PORT`, `SMTP_USERNAME`, `SMTP_PASSWORD`,
/// `SMTP_FROM`, `SMTP_TLS`).
public struct SMTPSettings: Sendable {
    /// none: plain text (a trusted local relay only); starttls: upgrade after EHLO (port 587);
    /// tls: TLS from the first byte (port 465).
    public enum Security: String, Sendable, CaseIterable {
        case none, starttls, tls

        var defaultPort: Int {
            switch self {
            case .none: 25
            case .starttls: 587
            case .tls: 465
            }
        }
    }

    public var host: String
    public var port: Int
    public var security: Security
    public var username: String?
    public var password: String?
    /// The envelope sender and the address in `From:` (the tenant's name is shown with it).
    public var from: String
    /// The name this client gives in EHLO.
    public var heloName: String
    public var connectTimeout: TimeAmount
    /// How long to wait for each reply (the final reply to DATA may take a while on busy servers).
    public var replyTimeout: TimeAmount
    /// Certificate checks for STARTTLS and TLS; full verification against the system's roots
    /// unless a test trusts its own certificate.
    public var tlsConfiguration: TLSConfiguration

    public init(
        host: String, port: Int? = nil, security: Security = .starttls, username: String? = nil, password: String? = nil,
        from: String, heloName: String = "localhost", connectTimeout: TimeAmount = .seconds(10),
        replyTimeout: TimeAmount = .seconds(60), tlsConfiguration: TLSConfiguration = .makeClientConfiguration()
    ) {
        self.host = host
        self.port = port ?? security.defaultPort
        self.security = security
        self.username = username
        self.password = password
        self.from = from
        self.heloName = heloName
        self.connectTimeout = connectTimeout
        self.replyTimeout = replyTimeout
        self.tlsConfiguration = tlsConfiguration
    }

    /// Whether the host is this machine (where a plain-text login cannot be overheard).
    var isLoopback: Bool { ["localhost", "127.0.0.1", "::1"].contains(host.lowercased()) }
}

extension SMTPSettings: Equatable {
    public static func == (lhs: SMTPSettings, rhs: SMTPSettings) -> Bool {
        lhs.host == rhs.host && lhs.port == rhs.port && lhs.security == rhs.security && lhs.username == rhs.username
            && lhs.password == rhs.password && lhs.from == rhs.from && lhs.heloName == rhs.heloName
    }
}
