import NIOSSL

/// A test certificate authority and a server certificate it signed for `localhost` and 127.0.0.1
/// (valid until 2126), so the TLS paths of the SMTP client run with full verification in tests.
/// Made with `openssl req -x509 -newkey ec ...`; the keys protect nothing but tests.
enum TestCertificates {
    static let authority = """
-----BEGIN CERTIFICATE-----
MIIBpTCCAUugAwIBAgIUb1wfxSHoGXCFARX4LNVQRasHzD8wCgYIKoZIzj0EAwIw
HzEdMBsGA1UEAwwUTkJORSBCb29raW5nIFRlc3QgQ0EwIBcNMjYxMTI0MDUyODM3
WhgPMjEyNjEwMzEwNTI4MzdaMB8xHTAbBgNVBAMMFE5CTkUgQm9va2luZyBUZXN0
IENBMFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAEIByfJZ4xhVcy8HsuClW+1PCo
H8+AVOjxIB68Ov8de9Ss9oW6HQwzubnH/yX3Onqtrd4p4eVxv9q6F9UtLzv0Z6Nj
MGEwHQYDVR0OBBYEFPwu5cHhY98Ve1Urh4wPwD0wJtl+MB8GA1UdIwQYMBaAFPwu
5cHhY98Ve1Urh4wPwD0wJtl+MA8GA1UdEwEB/wQFMAMBAf8wDgYDVR0PAQH/BAQD
AgEGMAoGCCqGSM49BAMCA0gAMEUCIBRtUehG9r4OB2CFuah+EH3x3GconpqUhbFH
s5JcJknMAiEAnroQCXBVBWDs+YLq3pOTXwyCgnSws9emtAZXrDlu3DI=
-----END CERTIFICATE-----
"""

    static let server = """
-----BEGIN CERTIFICATE-----
MIIBtDCCAVugAwIBAgIUInzPKgC4oJBXK4V4uD/IXWaEvIowCgYIKoZIzj0EAwIw
HzEdMBsGA1UEAwwUTkJORSBCb29raW5nIFRlc3QgQ0EwIBcNMjYxMTI0MDUyODM3
WhgPMjEyNjEwMzEwNTI4MzdaMBQxEjAQBgNVBAMMCWxvY2FsaG9zdDBZMBMGByqG
SM49AgEGCCqGSM49AwEHA0IABNzWq8h2rOgRYD0eTKbkXfdDAekQCeop+6erIqGJ
EoOlGCFPQNpTO3ZI3nRiz7NMqCMKoSWRUR+LLfc8/pS4f+mjfjB8MBoGA1UdEQQT
MBGCCWxvY2FsaG9zdIcEfwAAATAJBgNVHRMEAjAAMBMGA1UdJQQMMAoGCCsGAQUF
BwMBMB0GA1UdDgQWBBS1EF2dOedzlCGN6Ij+WJBVerzBTjAfBgNVHSMEGDAWgBT8
LuXB4WPfFXtVK4eMD8A9MCbZfjAKBggqhkjOPQQDAgNHADBEAiBivMFiSJSsawhr
PfwRSqlIyzlGfXEieOio9QR48jdQewIgdDOy4P4nT/L5wsKhl1rbOpQg+8r0wg7R
YdDZM6Ljm2s=
-----END CERTIFICATE-----
"""

    static let serverKey = """
-----BEGIN PRIVATE KEY-----
MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQgB+lXL/kzuO53GDV0
cNyvnZBfAF5qO6ZX5v8dEe9fQmehRANCAATc1qvIdqzoEWA9Hkym5F33QwHpEAnq
KfunqyKhiRKDpRghT0DaUzt2SN50Ys+zTKgjCqElkVEfiy33PP6UuH/p
-----END PRIVATE KEY-----
"""

    static func serverConfiguration() throws -> TLSConfiguration {
        TLSConfiguration.makeServerConfiguration(
            certificateChain: [.certificate(try NIOSSLCertificate(bytes: Array(server.utf8), format: .pem))],
            privateKey: .privateKey(try NIOSSLPrivateKey(bytes: Array(serverKey.utf8), format: .pem)))
    }

    /// Full verification, trusting only the test authority.
    static func clientConfiguration() throws -> TLSConfiguration {
        var configuration = TLSConfiguration.makeClientConfiguration()
        configuration.trustRoots = .certificates([try NIOSSLCertificate(bytes: Array(authority.utf8), format: .pem)])
        return configuration
    }
}
