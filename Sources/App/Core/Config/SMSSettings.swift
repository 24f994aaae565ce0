/// A Twilio-compatible SMS API (`SMS_API_URL`, `SMS_ACCOUNT`, `SMS_TOKEN`, `SMS_FROM`): messages are
/// POSTed as a form to `<SMS_API_URL>/Accounts/<SMS_ACCOUNT>/Messages.json` with HTTP basic auth.
public struct SMSSettings: Sendable, Equatable {
    /// For Twilio: https://api.twilio.com/2010-04-01
    public var apiURL: String
    public var account: String
    public var token: String
    /// The sending number or sender id.
    public var from: String

    public init(apiURL: String, account: String, token: String, from: String) {
        self.apiURL = apiURL
        self.account = account
        self.token = token
        self.from = from
    }
}
