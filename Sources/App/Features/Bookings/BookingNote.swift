import Fluent
import Foundation

/// A note the business keeps on a booking: who wrote it and when. Clients never see notes: no
/// client page, message or API answer reads this table.
final class BookingNote: Model, TenantOwned, @unchecked Sendable {
    static let schema = "booking_notes"
    static var tenantField: KeyPath<BookingNote, FieldProperty<BookingNote, UUID>> { \.$tenantID }
    static let maxLength = 2000

    @ID(key: .id) var id: UUID?
    @Field(key: "tenant_id") var tenantID: UUID
    @Field(key: "booking_id") var bookingID: UUID
    /// The author's email address, as it was then.
    @Field(key: "author") var author: String
    @Field(key: "text") var text: String
    @Field(key: "created_at") var createdAt: Date

    init() {}

    init(tenantID: UUID, bookingID: UUID, author: String, text: String, createdAt: Date) {
        self.tenantID = tenantID
        self.bookingID = bookingID
        self.author = author
        self.text = text
        self.createdAt = createdAt
    }
}
