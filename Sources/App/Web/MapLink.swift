/// A link that opens a place in a map: Google Maps' documented search URL, which also opens the
/// maps app on a phone.
enum MapLink {
    static func search(_ place: String) -> String {
        "https://www.google.com/maps/search/?api=1&query=" + SiteURL.encodeQueryValue(place)
    }
}
