import Foundation

/// Prices as pages and messages show them: "£30.00", "€12.50", "Free", or "30.00 CHF" for other currencies.
/// Built without `String(format:)`, which cost a class list (a price per class) a sixth of its speed.
enum Money {
    static func text(cents: Int, currency: String) -> String {
        guard cents > 0 else { return "Free" }
        let fraction = cents % 100
        let amount = "\(cents / 100).\(fraction < 10 ? "0" : "")\(fraction)"
        switch currency {
        case "GBP": return "£" + amount
        case "EUR": return "€" + amount
        case "USD": return "$" + amount
        default:
            let code = currency.uppercased()
            return code == currency ? "\(amount) \(code)" : text(cents: cents, currency: code)
        }
    }
}
