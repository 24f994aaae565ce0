/// Why a message could not be handed to the SMTP server, worded for `booking mail-test` (the whole
/// reply) and, without the reply's text, for the worker's log and the outbox's `last_error`.
enum SMTPError: DeliveryFailure, CustomStringConvertible, Equatable {
    case connectionFailed(host: String, port: Int, reason: String)
    case timedOut(waitingFor: String)
    case connectionClosed
    case malformedReply(String)
    /// The server answered a command with a failure (4xx: try again later; 5xx: permanent).
    case rejected(command: String, reply: SMTPReply)
    case startTLSUnavailable
    case authenticationUnavailable(offered: [String])
    case authenticationFailed(SMTPReply)
    case credentialsNeedEncryption

    /// Retrying cannot help: the server refused permanently, or the settings are wrong.
    var isPermanent: Bool {
        switch self {
        case .rejected(_, let reply): reply.isPermanentFailure
        case .startTLSUnavailable, .authenticationUnavailable, .authenticationFailed, .credentialsNeedEncryption: true
        case .connectionFailed, .timedOut, .connectionClosed, .malformedReply: false
        }
    }

    var summary: String {
        switch self {
        case .rejected(let command, let reply) where reply.isTransientFailure:
            "the SMTP server refused \(command) for now (\(reply.codes)); it will be retried"
        case .rejected(let command, let reply): "the SMTP server refused \(command) permanently (\(reply.codes))"
        case .authenticationFailed(let reply):
            "the SMTP server refused the login (\(reply.codes)); check SMTP_USERNAME and SMTP_PASSWORD"
        case .malformedReply: "the SMTP server sent something that is not an SMTP reply"
        default: description
        }
    }

    var description: String {
        switch self {
        case .connectionFailed(let host, let port, let reason):
            "could not connect to SMTP server \(host):\(port) (\(reason)); check SMTP_HOST and SMTP_PORT"
        case .timedOut(let waitingFor):
            "the SMTP server did not answer in time (waiting for \(waitingFor))"
        case .connectionClosed:
            "the SMTP server closed the connection"
        case .malformedReply(let line):
            "the SMTP server sent something that is not an SMTP reply: \(line.prefix(80))"
        case .rejected(let command, let reply) where reply.isTransientFailure:
            "the SMTP server refused \(command) for now (\(reply)); it will be retried"
        case .rejected(let command, let reply):
            "the SMTP server refused \(command) permanently (\(reply))"
        case .startTLSUnavailable:
            "the SMTP server does not offer STARTTLS; set SMTP_TLS=tls for port 465, or SMTP_TLS=none only for a trusted local relay"
        case .authenticationUnavailable(let offered):
            "the SMTP server offers no login method this client supports (PLAIN, LOGIN); it offers: \(offered.isEmpty ? "none" : offered.joined(separator: ", "))"
        case .authenticationFailed(let reply):
            "the SMTP server refused the login (\(reply)); check SMTP_USERNAME and SMTP_PASSWORD"
        case .credentialsNeedEncryption:
            "SMTP_USERNAME is set but the connection is not encrypted; set SMTP_TLS=starttls or tls so the password is not sent in clear"
        }
    }
}
