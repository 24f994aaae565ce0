import Fluent

/// Every migration, in the order they run. Landed migrations are never edited: add a new one.
enum AppMigrations {
    static let all: [any Migration] = [
        CreateTenant(),
        CreateApiKey(),
        CreateService(),
        CreateStaff(),
        CreateWorkingHours(),
        CreateClosure(),
        CreateCatalogVersionTriggers(),
        CreateCustomer(),
        CreateBooking(),
        CreateClassSession(),
        CreateEnrollment(),
        CreateIdempotencyRecord(),
        AddNotificationSettings(),
        CreateOutboxMessage(),
        AddContactDetailsToBookingsAndEnrollments(),
        DropOneLiveEnrollmentPerClient(),
        RedactStoredManageTokens(),
        AddTenantProfile(),
        IndexManageTokenHashes(),
        CreateMyBookingsRequests(),
        RepairTenantZonesAndClosures(),
        AddTenantPaymentNote(),
        LimitStatisticsOfBusyTables(),
        CreateUsers(),
        CreatePortalSessions(),
        CreateSignInFailures(),
        CreateAccountLinks(),
        CreateAuditEvents(),
        CreateBookingNotes(),
        AddSeriesToSessions(),
        AddAttendanceToEnrollments(),
        CreateTenantLogos(),
    ]
}
