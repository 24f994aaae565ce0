import Foundation
import NIOCore
import NIOPosix
import Testing
@testable import App

/// The SMTP client against a real SMTP server on a loopback socket (`TestSMTPServer`).
@Suite("SMTP client")
struct SMTPClientTests {
    let body = "Subject: hi\r\n\r\nline one\r\n.leading dot\r\n..two dots\r\n.\r\nend"

    func client(_ server: TestSMTPServer, _ security: SMTPSettings.Security, username: String? = nil, password: String? = nil)
        throws -> SMTPClient
    {
        try SMTPClient(
            settings: SMTPSettings(
                host: "localhost", port: server.port, security: security, username: username, password: password,
                from: "bookings@example.com", replyTimeout: .seconds(5), tlsConfiguration: TestCertificates.clientConfiguration()),
            eventLoopGroup: MultiThreadedEventLoopGroup.singleton)
    }

    @Test("plain connection: the message arrives intact, lines starting with a dot included")
    func plain() async throws {
        let server = try await TestSMTPServer.start()
        defer { Task { try await server.stop() } }
        try await client(server, .none).send(from: "bookings@example.com", to: ["a@example.com", "b@example.com"], data: body)
        let received = try #require(server.received.first)
        #expect(received.sender == "bookings@example.com")
        #expect(received.recipients == ["a@example.com", "b@example.com"])
        #expect(received.data == body)
        #expect(!received.overTLS)
    }

    @Test("STARTTLS then AUTH PLAIN, with certificate verification")
    func startTLSWithPlainLogin() async throws {
        let server = try await TestSMTPServer.start(
            options: .init(startTLS: true, credentials: ("salon", "s3cret"), authMechanisms: ["PLAIN", "LOGIN"]))
        defer { Task { try await server.stop() } }
        try await client(server, .starttls, username: "salon", password: "s3cret")
            .send(from: "bookings@example.com", to: ["a@example.com"], data: body)
        let received = try #require(server.received.first)
        #expect(received.overTLS)
        #expect(received.login == "salon")
    }

    @Test("implicit TLS (port 465 style) with AUTH LOGIN")
    func implicitTLSWithLogin() async throws {
        let server = try await TestSMTPServer.start(
            options: .init(implicitTLS: true, credentials: ("salon", "s3cret"), authMechanisms: ["LOGIN"]))
        defer { Task { try await server.stop() } }
        try await client(server, .tls, username: "salon", password: "s3cret")
            .send(from: "bookings@example.com", to: ["a@example.com"], data: body)
        let received = try #require(server.received.first)
        #expect(received.overTLS)
        #expect(received.login == "salon")
    }

    @Test("a wrong password is a permanent, clearly worded failure")
    func wrongPassword() async throws {
        let server = try await TestSMTPServer.start(options: .init(startTLS: true, credentials: ("salon", "s3cret")))
        defer { Task { try await server.stop() } }
        let error = await #expect(throws: SMTPError.self) {
            try await client(server, .starttls, username: "salon", password: "wrong")
                .send(from: "bookings@example.com", to: ["a@example.com"], data: body)
        }
        #expect(error?.isPermanent == true)
        #expect(error?.description.contains("SMTP_PASSWORD") == true)
        #expect(server.received.isEmpty)
    }

    @Test("STARTTLS required but not offered: refused before anything is sent in clear")
    func startTLSMissing() async throws {
        let server = try await TestSMTPServer.start()
        defer { Task { try await server.stop() } }
        await #expect(throws: SMTPError.startTLSUnavailable) {
            try await client(server, .starttls).send(from: "bookings@example.com", to: ["a@example.com"], data: body)
        }
    }

    @Test("a password is never sent over an unencrypted connection to another host")
    func noCleartextPassword() async throws {
        let settings = SMTPSettings(host: "mail.example.com", port: 25, security: .none, username: "u", password: "p", from: "b@example.com")
        let client = try SMTPClient(settings: settings, eventLoopGroup: MultiThreadedEventLoopGroup.singleton)
        await #expect(throws: SMTPError.credentialsNeedEncryption) {
            try await client.send(from: "b@example.com", to: ["a@example.com"], data: body)
        }
    }

    @Test("reply classes: 4xx is temporary, 5xx permanent; a closed port is a connection failure")
    func replyClasses() async throws {
        let server = try await TestSMTPServer.start(options: .init(temporaryFailures: 1, rejectRecipient: "nobody@example.com"))
        defer { Task { try await server.stop() } }
        let temporary = await #expect(throws: SMTPError.self) {
            try await client(server, .none).send(from: "bookings@example.com", to: ["a@example.com"], data: body)
        }
        #expect(temporary?.isPermanent == false)
        let permanent = await #expect(throws: SMTPError.self) {
            try await client(server, .none).send(from: "bookings@example.com", to: ["nobody@example.com"], data: body)
        }
        #expect(permanent?.isPermanent == true)
        #expect(permanent?.description.contains("550") == true)

        let port = server.port
        try await server.stop()
        let refused = try SMTPClient(
            settings: SMTPSettings(host: "127.0.0.1", port: port, security: .none, from: "b@example.com"),
            eventLoopGroup: MultiThreadedEventLoopGroup.singleton)
        let down = await #expect(throws: SMTPError.self) {
            try await refused.send(from: "b@example.com", to: ["a@example.com"], data: body)
        }
        #expect(down?.isPermanent == false)
        #expect(down?.description.contains("could not connect") == true)
    }

    @Test("a server that never answers times out")
    func timeout() async throws {
        // A listening socket that accepts but never greets.
        let silent = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .bind(host: "127.0.0.1", port: 0).get()
        defer { silent.close(promise: nil) }
        var settings = SMTPSettings(host: "127.0.0.1", port: silent.localAddress!.port!, security: .none, from: "b@example.com")
        settings.replyTimeout = .milliseconds(300)
        let client = try SMTPClient(settings: settings, eventLoopGroup: MultiThreadedEventLoopGroup.singleton)
        await #expect(throws: SMTPError.timedOut(waitingFor: "the greeting")) {
            try await client.send(from: "b@example.com", to: ["a@example.com"], data: body)
        }
    }
}
