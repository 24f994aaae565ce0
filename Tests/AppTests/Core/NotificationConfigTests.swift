import Testing
@testable import App

@Suite("Configuration: email and SMS")
struct NotificationConfigTests {
    @Test func smtpSettingsAreRead() throws {
        let config = try AppConfig.load(from: [
            "SMTP_HOST": "smtp.example.com", "SMTP_USERNAME": "salon", "SMTP_PASSWORD": "pw", "SMTP_FROM": "bookings@example.com",
            "PUBLIC_URL": "https://book.example.com/",
        ])
        let smtp = try #require(config.smtp)
        #expect(smtp.host == "smtp.example.com" && smtp.port == 587 && smtp.security == .starttls)
        #expect(smtp.username == "salon" && smtp.password == "pw" && smtp.from == "bookings@example.com")
        #expect(config.publicBaseURL == "https://book.example.com")
        let implicit = try #require(try AppConfig.load(from: ["SMTP_HOST": "h.example", "SMTP_TLS": "tls", "SMTP_FROM": "a@example.com"]).smtp)
        #expect(implicit.port == 465)
        #expect(try AppConfig.load(from: [:]).smtp == nil)
        #expect(try AppConfig.load(from: [:]).publicBaseURL == "http://127.0.0.1:8080")
    }

    @Test(arguments: [
        (["SMTP_HOST": "h.example"], "SMTP_FROM: is required with SMTP_HOST (the address messages come from, e.g. bookings@example.com)"),
        (["SMTP_HOST": "h.example", "SMTP_FROM": "a@example.com", "SMTP_TLS": "ssl"], "SMTP_TLS: 'ssl' is not one of none, starttls, tls"),
        (["SMTP_HOST": "h.example", "SMTP_FROM": "a@example.com", "SMTP_PORT": "0"], "SMTP_PORT: '0' is not a port number between 1 and 65535"),
        (["SMTP_HOST": "h.example", "SMTP_FROM": "a@example.com", "SMTP_USERNAME": "u"], "SMTP_USERNAME and SMTP_PASSWORD: set both to log in, or neither"),
        (["SMTP_FROM": "a@example.com"], "SMTP_FROM: is set but SMTP_HOST is not; set SMTP_HOST to the mail server's name"),
        (["SMS_API_URL": "https://api.example.com"], "SMS_ACCOUNT, SMS_TOKEN, SMS_FROM: SMS needs all of SMS_API_URL, SMS_ACCOUNT, SMS_TOKEN, SMS_FROM, or none of them"),
        (["SMTP_HOST": "h.example", "SMTP_FROM": "a@example.com", "SMTP_CA_FILE": "/nonexistent/ca.pem"],
         "SMTP_CA_FILE: cannot read PEM certificates from '/nonexistent/ca.pem'; give the path of the CA certificate that signed the mail server's certificate"),
        (["PUBLIC_URL": "book.example.com"], "PUBLIC_URL: 'book.example.com' is not an http(s) URL such as https://booking.example.com"),
    ])
    func problemsNameTheVariable(env: [String: String], problem: String) {
        #expect(throws: ConfigurationError(problems: [problem])) { try AppConfig.load(from: env) }
    }

    @Test func smsSettingsAreRead() throws {
        let sms = try #require(
            try AppConfig.load(from: [
                "SMS_API_URL": "https://api.twilio.com/2010-04-01", "SMS_ACCOUNT": "AC1", "SMS_TOKEN": "t", "SMS_FROM": "+15550001111",
            ]).sms)
        #expect(sms == SMSSettings(apiURL: "https://api.twilio.com/2010-04-01", account: "AC1", token: "t", from: "+15550001111"))
    }
}
