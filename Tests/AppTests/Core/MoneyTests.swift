import Testing

@testable import App

@Suite("Prices as text")
struct MoneyTests {
    @Test(arguments: [
        (3000, "GBP", "£30.00"), (1250, "EUR", "€12.50"), (5, "USD", "$0.05"), (100_001, "gbp", "£1000.01"),
        (990, "CHF", "9.90 CHF"), (990, "chf", "9.90 CHF"), (0, "GBP", "Free"), (-5, "GBP", "Free"),
    ])
    func pricesReadAsPeopleWriteThem(cents: Int, currency: String, text: String) {
        #expect(Money.text(cents: cents, currency: currency) == text)
    }
}
