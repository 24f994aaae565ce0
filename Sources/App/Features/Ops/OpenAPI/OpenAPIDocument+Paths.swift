import Foundation

extension OpenAPIDocument {
    static var paths: JSON {
        let csv: [String: JSON] = ["200": response("CSV (RFC 4180, UTF-8)", ["type": "string"], type: "text/csv")]
        let noContent: [String: JSON] = ["204": response("Done")]
        let dateRange = [query("from", date), query("to", date)]
        let bookingFilters =
            dateRange + [
                query("status", oneOf(BookingStatus.self)),
                query("staff", uuid), query("service", uuid), query("q", string(max: 100)), query("page", integer(1...100_000)),
            ]
        return [
            "/health": [
                "get": [
                    "summary": "Liveness and database check",
                    "responses": [
                        "200": response("Healthy", object(["status": string(), "database": string()])),
                        "503": response("Database unavailable", object(["status": string(), "database": string()])),
                    ],
                ]
            ],
            "/health/ready": [
                "get": [
                    "summary": "Readiness: the database, and how far the outbox worker is behind",
                    "responses": [
                        "200": response(
                            "Ready",
                            object([
                                "status": string(), "database": string(),
                                "outbox": object(["due": integer(), "oldestDueSeconds": integer()]),
                            ])),
                        "503": response("Database unavailable", object(["status": string(), "database": string()])),
                    ],
                ]
            ],
            "/metrics": [
                "get": [
                    "summary": "Prometheus metrics (Authorization: Bearer METRICS_TOKEN; 404 when no token is configured)",
                    "responses": [
                        "200": response("Prometheus text format", ["type": "string"], type: "text/plain"),
                        "401": response("Missing or wrong token", ref("Error")), "404": response("Metrics are off", ref("Error")),
                    ],
                ]
            ],
            "/openapi.json": [
                "get": ["summary": "This document", "responses": ["200": response("OpenAPI 3.1 document", ["type": "object"])]]
            ],
            "/api/v1/tenant": ["get": operation("The tenant's public settings", ["200": response("Tenant", ref("Tenant"))])],
            "/api/v1/services": ["get": operation("Active services", ["200": response("Services", array(ref("Service")))])],
            "/api/v1/staff": ["get": operation("Active staff", ["200": response("Staff", array(ref("Staff")))])],
            "/api/v1/slots": [
                "get": operation(
                    "Bookable start times (local dates, inclusive, at most 92 days)",
                    parameters: [query("service", uuid, required: true), query("staff", uuid)] + dateRange,
                    ["200": response("Slots sorted by start", ref("Slots"))])
            ],
            "/api/v1/bookings": [
                "post": operation(
                    "Book an appointment", parameters: [idempotencyKey], body: ref("CreateBooking"),
                    ["201": response("Booked", ref("Booking")), "409": response("Taken; nearby free times", ref("SlotTaken"))])
            ],
            "/api/v1/bookings/{id}": [
                "get": operation(
                    "A booking, with its manage token", parameters: [idPath, tokenQuery],
                    ["200": response("Booking", ref("Booking"))])
            ],
            "/api/v1/bookings/{id}/cancel": [
                "post": operation(
                    "Cancel with the manage token", parameters: [idPath, tokenQuery, idempotencyKey], body: ref("Token"),
                    ["200": response("Cancelled", ref("Booking"))])
            ],
            "/api/v1/bookings/{id}/reschedule": [
                "post": operation(
                    "Move to another offered start, atomically", parameters: [idPath, tokenQuery, idempotencyKey],
                    body: ref("Reschedule"),
                    ["200": response("Moved", ref("Booking")), "409": response("Taken; nearby free times", ref("SlotTaken"))])
            ],
            "/api/v1/sessions": [
                "get": operation(
                    "Scheduled sessions (default: the next 14 days)", parameters: dateRange,
                    ["200": response("Sessions", array(ref("Session")))])
            ],
            "/api/v1/sessions/{id}": [
                "get": operation("A session", parameters: [idPath], ["200": response("Session", ref("Session"))])
            ],
            "/api/v1/sessions/{id}/enrollments": [
                "post": operation(
                    "Enrol in a session", parameters: [idPath, idempotencyKey], body: ref("Enroll"),
                    ["201": response("Enrolled", ref("Enrollment")), "202": response("Waitlisted", ref("Enrollment"))])
            ],
            "/api/v1/enrollments/{id}": [
                "get": operation(
                    "An enrolment, with its manage token", parameters: [idPath, tokenQuery],
                    ["200": response("Enrolment", ref("Enrollment"))])
            ],
            "/api/v1/enrollments/{id}/cancel": [
                "post": operation(
                    "Cancel an enrolment (the first waitlisted client takes the seat)",
                    parameters: [idPath, tokenQuery, idempotencyKey],
                    body: ref("Token"), ["200": response("Cancelled", ref("Enrollment"))])
            ],
        ].merging(adminPaths(csv: csv, noContent: noContent, dateRange: dateRange, bookingFilters: bookingFilters)) { $1 }
    }

    private static func adminPaths(csv: [String: JSON], noContent: [String: JSON], dateRange: [JSON], bookingFilters: [JSON])
        -> JSON
    {
        func admin(_ summary: String, parameters: [JSON] = [], body: JSON? = nil, _ responses: [String: JSON]) -> JSON {
            operation(summary, admin: true, parameters: parameters, body: body, responses)
        }
        let key = [idempotencyKey]
        return [
            "/api/v1/admin/services": [
                "get": admin("All services", ["200": response("Services", array(ref("AdminService")))]),
                "post": admin(
                    "Create a service", parameters: key, body: ref("ServiceInput"),
                    ["201": response("Created", ref("AdminService"))]),
            ],
            "/api/v1/admin/services/{id}": [
                "get": admin("A service", parameters: [idPath], ["200": response("Service", ref("AdminService"))]),
                "patch": admin(
                    "Change a service", parameters: [idPath], body: ref("ServiceInput"),
                    ["200": response("Changed", ref("AdminService"))]),
                "delete": admin("Delete (or archive, if booked) a service", parameters: [idPath], noContent),
            ],
            "/api/v1/admin/staff": [
                "get": admin("All staff", ["200": response("Staff", array(ref("AdminStaff")))]),
                "post": admin(
                    "Add a staff member", parameters: key, body: ref("StaffInput"),
                    ["201": response("Created", ref("AdminStaff"))]),
            ],
            "/api/v1/admin/staff/{id}": [
                "get": admin("A staff member", parameters: [idPath], ["200": response("Staff member", ref("AdminStaff"))]),
                "patch": admin(
                    "Change a staff member", parameters: [idPath], body: ref("StaffInput"),
                    ["200": response("Changed", ref("AdminStaff"))]),
                "delete": admin(
                    "Delete (or archive, if booked) a staff member; lists their upcoming bookings", parameters: [idPath],
                    ["200": response("Deleted or archived", ref("StaffRemoval"))]),
            ],
            "/api/v1/admin/staff/{id}/hours": [
                "get": admin("Weekly hours", parameters: [idPath], ["200": response("Hours", ref("WeeklyHours"))]),
                "put": admin(
                    "Replace weekly hours", parameters: [idPath], body: ref("WeeklyHours"),
                    ["200": response("Hours", ref("WeeklyHours"))]),
            ],
            "/api/v1/admin/opening-hours": [
                "get": admin("Business opening hours", ["200": response("Hours", ref("WeeklyHours"))]),
                "put": admin("Replace opening hours", body: ref("WeeklyHours"), ["200": response("Hours", ref("WeeklyHours"))]),
            ],
            "/api/v1/admin/closures": [
                "get": admin("Closures and time off", ["200": response("Closures", array(ref("Closure")))]),
                "post": admin(
                    "Add a closure (local wall time)", parameters: key, body: ref("ClosureInput"),
                    ["201": response("Created", ref("Closure"))]),
            ],
            "/api/v1/admin/closures/{id}": ["delete": admin("Remove a closure", parameters: [idPath], noContent)],
            "/api/v1/admin/settings": [
                "get": admin("Settings", ["200": response("Settings", ref("Settings"))]),
                "patch": admin("Change settings", body: ref("SettingsInput"), ["200": response("Settings", ref("Settings"))]),
            ],
            "/api/v1/admin/bookings": [
                "get": admin(
                    "Bookings with filters and totals", parameters: bookingFilters,
                    ["200": response("A page", ref("BookingPage"))]),
                "post": admin(
                    "Phone-in booking (may ignore notice, never a double booking)", parameters: key, body: ref("CreateBooking"),
                    ["201": response("Booked", ref("Booking")), "409": response("Taken; nearby free times", ref("SlotTaken"))]),
            ],
            "/api/v1/admin/bookings/{id}": [
                "get": admin("A booking", parameters: [idPath], ["200": response("Booking", ref("AdminBooking"))]),
                "patch": admin(
                    "Change status", parameters: [idPath], body: ref("StatusChange"),
                    ["200": response("Changed", ref("AdminBooking"))]),
            ],
            "/api/v1/admin/bookings.csv": ["get": admin("Bookings as CSV (same filters)", parameters: bookingFilters, csv)],
            "/api/v1/admin/sessions": [
                "get": admin("Sessions, any status", parameters: dateRange, ["200": response("Sessions", array(ref("Session")))]),
                "post": admin(
                    "Create one-off or weekly sessions", parameters: key, body: ref("CreateSessions"),
                    ["201": response("Created", array(ref("Session")))]),
            ],
            "/api/v1/admin/sessions/{id}": [
                "patch": admin(
                    "Change a session", parameters: [idPath], body: ref("UpdateSession"),
                    ["200": response("Changed", ref("Session"))])
            ],
            "/api/v1/admin/sessions/{id}/cancel": [
                "post": admin("Cancel a session", parameters: [idPath] + key, ["200": response("Cancelled", ref("Session"))])
            ],
            "/api/v1/admin/logo": [
                "put": imageUpload(
                    admin(
                        "Upload the logo: PNG, JPEG or WebP up to 512 KB and 4096 pixels a side (SVG refused)",
                        [
                            "200": response(
                                "Stored",
                                object(["url": string(), "contentType": string(), "width": integer(), "height": integer()])),
                            "413": response("Larger than 512 KB", ref("Error")),
                        ])),
                "delete": admin("Show no logo", noContent),
            ],
            "/api/v1/admin/sessions/{id}/cancel-series": [
                "post": admin(
                    "Cancel a session and every later one of its weekly series", parameters: [idPath] + key,
                    ["200": response("How many were cancelled", object(["cancelled": integer()]))])
            ],
            "/api/v1/admin/sessions/{id}/attendance": [
                "put": admin(
                    "Mark who came (every other enrolled client: absent)", parameters: [idPath],
                    body: object(["attended": array(uuid)], required: ["attended"]),
                    ["200": response("Roster", array(ref("RosterEntry")))])
            ],
            "/api/v1/admin/sessions/{id}/enrollments": [
                "get": admin("The roster", parameters: [idPath], ["200": response("Roster", array(ref("RosterEntry")))])
            ],
            "/api/v1/admin/sessions/{id}/enrollments.csv": ["get": admin("The roster as CSV", parameters: [idPath], csv)],
            "/api/v1/admin/outbox": [
                "get": admin(
                    "Queued and sent messages, newest first",
                    parameters: [
                        query("status", oneOf(OutboxStatus.self)),
                        query("page", integer(1...100_000)),
                    ],
                    ["200": response("A page", ref("OutboxPage"))])
            ],
            "/api/v1/admin/api-keys": [
                "get": admin("The business's API keys (never their secrets)", ["200": response("Keys", array(ref("ApiKey")))]),
                "post": admin(
                    "Issue an API key (its secret is in this answer only)", parameters: key, body: ref("ApiKeyInput"),
                    ["201": response("Issued", ref("ApiKey"))]),
            ],
            "/api/v1/admin/api-keys/{id}": [
                "delete": admin(
                    "Revoke an API key at once (the last active key is refused)", parameters: [idPath],
                    ["200": response("Revoked", ref("ApiKey"))])
            ],
            "/api/v1/admin/outbox/{id}/retry": [
                "post": admin(
                    "Queue a dead message again", parameters: [idPath] + key, ["200": response("Queued", ref("OutboxMessage"))])
            ],
        ]
    }
}
