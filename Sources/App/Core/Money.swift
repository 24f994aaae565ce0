import Foundation

/// Prices as pages and messages show them: "£30.00", "€12.50", "Free", or "30.00 CHF" for other currencies.
enum Money {
    static func text(cents: Int, currency: String) -> String {
        guard cents > 0 else { return "Free" }
        let amount = "\(cents / 100).\(String(format: "%02d", cents % 100))"
        switch currency.uppercased() {
        case "GBP": return "£" + amount
        case "EUR": return "€" + amount
        case "USD": return "$" + amount
        default: return "\(amount) \(currency.uppercased())"
        }
    }
}
