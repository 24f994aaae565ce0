import Foundation
import Scheduling

extension OpenAPIDocument {
    static var components: JSON {
        let hours: JSON = [
            "type": "object", "additionalProperties": array(array(string(max: 5))),
            "description": "Weekday (mon..sun) → list of [\"HH:MM\", \"HH:MM\"] ranges; a missing day is not working.",
        ]
        let client = object(
            ["name": string(max: 120), "email": string(max: 254), "phone": string(max: 32), "smsOptIn": ["type": "boolean"]],
            required: ["name", "email"])
        let slot = object(["start": dateTime, "end": dateTime, "staff": array(uuid)], required: ["start", "end", "staff"])
        let session = object([
            "id": uuid, "title": string(), "description": string(), "instructor": uuid, "location": string(), "start": dateTime,
            "end": dateTime, "capacity": integer(), "booked": integer(), "remaining": integer(), "waitlist": integer(),
            "priceCents": integer(), "currency": string(), "status": oneOf(SessionStatus.self),
        ])
        let bookingStatus: JSON = oneOf(BookingStatus.self)
        let named = object(["id": uuid, "name": string()])
        return [
            "securitySchemes": ["bearer": ["type": "http", "scheme": "bearer", "description": "Admin API key of the tenant"]],
            "schemas": [
                "Error": object(["error": ["type": "boolean"], "reason": string()], required: ["error", "reason"]),
                "Tenant": object([
                    "slug": string(), "name": string(), "kind": oneOf(TenantKind.self),
                    "timezone": string(), "contactEmail": string(),
                    "branding": object(["brandColour": string(), "logoUrl": string()]),
                    "features": object([
                        "email": ["type": "boolean"], "sms": ["type": "boolean"], "waitlist": ["type": "boolean"],
                    ]),
                    "policies": object([
                        "slotIntervalMinutes": integer(), "minNoticeMinutes": integer(), "maxAdvanceDays": integer(),
                        "cancellationCutoffHours": integer(),
                    ]),
                ]),
                "Service": object([
                    "id": uuid, "name": string(), "description": string(), "durationMinutes": integer(), "priceCents": integer(),
                    "currency": string(), "staff": array(uuid),
                ]),
                "Staff": object(["id": uuid, "name": string(), "services": array(uuid)]),
                "Slot": slot,
                "Slots": object(["timezone": string(), "slots": array(ref("Slot"))], required: ["timezone", "slots"]),
                "Client": client,
                "CreateBooking": object(
                    [
                        "service": uuid, "staff": uuid, "start": dateTime, "client": ref("Client"), "notes": string(max: 1000),
                        "consent": ["type": "boolean"],
                    ],
                    required: ["service", "start", "client"]),
                "Booking": object([
                    "id": uuid, "status": bookingStatus, "service": uuid, "staff": uuid, "start": dateTime, "end": dateTime,
                    "notes": string(), "manageToken": string(),
                ]),
                "SlotTaken": object(["error": ["type": "boolean"], "reason": string(), "alternatives": array(ref("Slot"))]),
                "Token": object(["token": string(max: 128)]),
                "Reschedule": object(
                    [
                        "start": dateTime, "token": string(max: 128),
                        "staff": [
                            "type": "string",
                            "description": "absent: the same staff member; \"any\": whoever is free; or a staff id",
                        ],
                    ],
                    required: ["start"]),
                "Session": session,
                "Enroll": object(["client": ref("Client"), "consent": ["type": "boolean"]], required: ["client"]),
                "Enrollment": object([
                    "id": uuid, "session": uuid, "status": oneOf(EnrollmentStatus.self),
                    "waitlistPosition": integer(), "manageToken": string(),
                ]),
                "ServiceInput": object([
                    "name": string(max: 120), "description": string(max: 2000),
                    "durationMinutes": integer(ServiceTiming.durationRange),
                    "priceCents": integer(0...10_000_000), "currency": string(max: 3),
                    "bufferBeforeMinutes": integer(ServiceTiming.bufferRange),
                    "bufferAfterMinutes": integer(ServiceTiming.bufferRange),
                    "slotIntervalMinutes": orNull(integer(5...240), "null: back to the business's policy"),
                    "minNoticeMinutes": orNull(integer(0...525_600), "null: back to the business's policy"),
                    "maxAdvanceDays": orNull(integer(1...365), "null: back to the business's policy"), "staff": array(uuid),
                    "active": ["type": "boolean"],
                ]),
                "AdminService": object([
                    "id": uuid, "name": string(), "description": string(), "durationMinutes": integer(), "priceCents": integer(),
                    "currency": string(), "bufferBeforeMinutes": integer(), "bufferAfterMinutes": integer(),
                    "slotIntervalMinutes": integer(), "minNoticeMinutes": integer(), "maxAdvanceDays": integer(),
                    "active": ["type": "boolean"], "staff": array(uuid),
                ]),
                "StaffInput": object([
                    "name": string(max: 120), "email": string(max: 254), "services": array(uuid), "active": ["type": "boolean"],
                ]),
                "AdminStaff": object([
                    "id": uuid, "name": string(), "email": string(), "active": ["type": "boolean"], "services": array(uuid),
                ]),
                "WeeklyHours": hours,
                "ClosureInput": object(
                    ["staff": uuid, "startsAt": string(max: 19), "endsAt": string(max: 19), "reason": string(max: 200)],
                    required: ["startsAt", "endsAt"]),
                "Closure": object([
                    "id": uuid, "staff": uuid, "startsAt": string(), "endsAt": string(), "startsAtUtc": dateTime,
                    "endsAtUtc": dateTime, "reason": string(), "affectedBookings": array(ref("AffectedBooking")),
                ]),
                "AffectedBooking": object([
                    "id": uuid, "status": bookingStatus, "start": dateTime, "localStart": string(), "service": uuid,
                    "staff": uuid,
                    "clientName": string(),
                ]),
                "StaffRemoval": object([
                    "outcome": oneOf(CatalogRemoval.Outcome.self), "affectedBookings": array(ref("AffectedBooking")),
                ]),
                "ApiKeyInput": object(["name": string(max: 80)], required: ["name"]),
                "ApiKey": object([
                    "id": uuid, "name": string(), "prefix": string(), "createdAt": dateTime, "revokedAt": dateTime,
                    "key": ["type": "string", "description": "Only in the answer that created the key"],
                ]),
                "SettingsInput": object([
                    "name": string(max: 120), "timezone": string(max: 64), "brandColour": string(max: 7),
                    "logoUrl": string(max: 2048),
                    "contactEmail": string(max: 254), "slotIntervalMinutes": integer(5...240),
                    "minNoticeMinutes": integer(0...525_600),
                    "maxAdvanceDays": integer(1...365), "cancellationCutoffHours": integer(0...720),
                    "autoConfirm": ["type": "boolean"],
                    "reminders": oneOf(ReminderPolicy.self),
                    "features": object([
                        "email": ["type": "boolean"], "sms": ["type": "boolean"], "waitlist": ["type": "boolean"],
                    ]),
                    "address": string(max: 300), "phone": string(max: 32), "paymentNote": string(max: 200),
                    "privacyNotice": string(max: 20_000),
                    "terms": string(max: 20_000),
                ]),
                "Settings": object([
                    "tenant": ref("Tenant"), "autoConfirm": ["type": "boolean"], "timezone": string(),
                    "slotIntervalMinutes": integer(),
                    "minNoticeMinutes": integer(), "maxAdvanceDays": integer(), "cancellationCutoffHours": integer(),
                    "reminders": string(), "address": string(), "phone": string(), "paymentNote": string(),
                    "paymentWording": string(), "privacyNotice": string(), "terms": string(),
                    "affectedBookings": array(ref("AffectedBooking")),
                ]),
                "AdminBooking": object([
                    "id": uuid, "status": bookingStatus, "start": dateTime, "end": dateTime, "service": named, "staff": named,
                    "client": object(["id": uuid, "name": string(), "email": string(), "phone": string()]), "notes": string(),
                ]),
                "BookingPage": object(
                    ["items": array(ref("AdminBooking")), "total": integer(), "page": integer(), "perPage": integer()]),
                "StatusChange": object(["status": bookingStatus], required: ["status"]),
                "CreateSessions": object(
                    [
                        "title": string(max: 120), "description": string(max: 2000), "instructor": uuid,
                        "location": string(max: 200),
                        "startsAt": string(max: 19), "durationMinutes": integer(5...720), "capacity": integer(1...1000),
                        "priceCents": integer(0...10_000_000), "currency": string(max: 3),
                        "repeat": object(
                            [
                                "weekdays": array(string(max: 3)), "until": date,
                                "count": integer(CreateSessionsRequest.seriesCount),
                            ],
                            required: ["weekdays"]),
                    ],
                    required: ["title", "startsAt", "durationMinutes", "capacity"]),
                "UpdateSession": object([
                    "title": string(max: 120), "description": string(max: 2000),
                    "instructor": orNull(uuid, "null: no instructor"), "location": string(max: 200),
                    "capacity": integer(1...1000), "priceCents": integer(0...10_000_000),
                ]),
                "OutboxMessage": object([
                    "id": uuid, "kind": string(), "channel": oneOf(NotificationChannel.self),
                    "status": oneOf(OutboxStatus.self), "attempts": integer(),
                    "dueAt": dateTime, "sentAt": dateTime, "lastError": string(), "booking": uuid, "enrollment": uuid,
                    "createdAt": dateTime,
                ]),
                "OutboxPage": object([
                    "items": array(ref("OutboxMessage")), "total": integer(), "page": integer(), "perPage": integer(),
                ]),
                "RosterEntry": object([
                    "id": uuid, "status": string(), "name": string(), "email": string(), "phone": string(),
                    "enrolledAt": dateTime, "attendance": oneOf(Attendance.self),
                ]),
            ],
        ]
    }
}
