import Foundation
import Vapor

extension Transports {
    /// How messages leave: SMTP and the SMS API when configured. Without them, development writes
    /// each message to a file under `DEV_MAIL_DIR` (and counts it as sent); production keeps the
    /// rows waiting until configured. Tests replace these (`app.services.transports`).
    static func configured(for app: Application, config: AppConfig) throws -> Transports {
        let development = config.mode != .production
        var transports = Transports()
        let folder = DevelopmentMailFolder(path: config.developmentMailDirectory)
        if let smtp = config.smtp {
            transports.mail = SMTPMailTransport(client: try SMTPClient(settings: smtp, eventLoopGroup: app.eventLoopGroup))
        } else if development {
            transports.mail = FileMailTransport(folder: folder, logger: app.logger)
        }
        if let sms = config.sms {
            transports.sms = HTTPSMSTransport(client: SMSClient(settings: sms, http: app.http.client.shared))
        } else if development {
            transports.sms = FileSMSTransport(folder: folder, logger: app.logger)
        }
        return transports
    }
}

extension Application {
    /// Start-up warnings about delivery settings.
    func warnAboutNotificationSettings() {
        if config.smtp == nil {
            logger.warning(
                config.mode == .production
                    ? "SMTP_HOST is not set: emails stay queued in the outbox until it is"
                    : "SMTP_HOST is not set: emails are written as .eml files to \(config.developmentMailDirectory)/ and marked sent (development)"
            )
        }
        if config.sms == nil, config.mode == .production {
            logger.warning("SMS_API_URL is not set: text messages stay queued for tenants with the sms flag on")
        }
    }
}

/// Runs the outbox worker inside `booking serve`, from boot until shutdown.
final class OutboxWorkerLifecycle: LifecycleHandler, @unchecked Sendable {
    private var task: Task<Void, Never>?

    func didBootAsync(_ application: Application) async throws {
        let worker = OutboxWorker(app: application, transports: application.services.transports)
        task = Task { await worker.run() }
    }

    func shutdownAsync(_ application: Application) async {
        task?.cancel()
        await task?.value
    }
}
