import Fluent
import Foundation

/// The business correcting a client's contact details (a mistyped address, a new phone). Unlike a
/// booking form, which can never change a client (`ContactDetails`), a signed-in owner or staff
/// member may: the client record changes, and so do the details on the client's upcoming bookings
/// and places, so their next messages go to the corrected address. A new phone number drops the
/// client's consent to texts, which was given for the old one.
enum ClientChanges {
    /// Why a change was refused, by field.
    struct Refused: Error {
        let problems: [String: String]
    }

    static func change(
        _ client: Client, name: String, email: String, phone: String, now: Date, on db: any Database
    ) async throws {
        let input = ClientInput(name: name, email: email, phone: phone.isEmpty ? nil : phone)
        var problems = FieldProblems()
        input.validate(into: &problems)
        var refused: [String: String] = [:]
        for (field, reason) in problems.items {
            let key = String(field.dropFirst("client.".count))
            if refused[key] == nil { refused[key] = reason }
        }
        guard refused.isEmpty else { throw Refused(problems: refused) }
        let details = ContactDetails(input)
        let clientID = try client.requireID()
        let taken = try await Client.query(on: db, tenant: client.tenantID).filter(\.$email == details.email)
            .filter(\.$id != clientID).count()
        guard taken == 0 else {
            throw Refused(problems: ["email": "belongs to another client: find them by it instead"])
        }
        let optIn = client.smsOptIn && details.phone == client.phone
        try await db.transaction { db in
            client.name = details.name
            client.email = details.email
            client.phone = details.phone
            client.smsOptIn = optIn
            try await client.update(on: db)
            for booking in try await Booking.query(on: db, tenant: client.tenantID).filter(\.$clientID == clientID)
                .filter(\.$status ~~ BookingStatus.active).filter(\.$startsAt > now).all()
            {
                booking.contact = ContactDetails(
                    name: details.name, email: details.email, phone: details.phone,
                    smsOptIn: booking.contactSMSOptIn && details.phone == booking.contactPhone)
                try await booking.update(on: db)
            }
            let places = try await Enrollment.query(on: db, tenant: client.tenantID).filter(\.$clientID == clientID)
                .filter(\.$status ~~ [.enrolled, .waitlisted]).all()
            let upcoming = Set(
                try await ClassSession.query(on: db, tenant: client.tenantID).filter(\.$id ~~ places.map(\.sessionID))
                    .filter(\.$startsAt > now).all().compactMap(\.id))
            for place in places where upcoming.contains(place.sessionID) {
                place.contact = ContactDetails(
                    name: details.name, email: details.email, phone: details.phone,
                    smsOptIn: place.contactSMSOptIn && details.phone == place.contactPhone)
                try await place.update(on: db)
            }
        }
    }
}
