import Foundation

/// The tenant's brand colour made safe for text and buttons: it must reach WCAG AA (4.5:1) both as
/// the background of white text (buttons) and as text on the site's lightest tinted background
/// (`--soft` in site.css: notices, the calendar's days), which is darker than white, so a light
/// colour is darkened step by step until it does. The original colour still shows in the header
/// band's stripe, where no text sits on it.
enum BrandColours {
    /// `--soft` in site.css, the tinted background brand-coloured text and links sit on.
    static let softBackground = "#f4f6f9"

    /// `#rrggbb`, darkened until it has at least `minimumContrast` against white and the soft
    /// background alike.
    static func accessible(_ hex: String, minimumContrast: Double = 4.5) -> String {
        guard var rgb = parse(hex), let soft = parse(softBackground) else { return "#3b5bdb" }
        for _ in 0..<40 where contrast(rgb, soft) < minimumContrast {
            rgb = (rgb.0 * 0.92, rgb.1 * 0.92, rgb.2 * 0.92)
        }
        return format(rgb)
    }

    /// The contrast ratio of two colours (1 to 21).
    static func contrast(_ one: (Double, Double, Double), _ other: (Double, Double, Double)) -> Double {
        let (light, dark) = (max(luminance(one), luminance(other)), min(luminance(one), luminance(other)))
        return (light + 0.05) / (dark + 0.05)
    }

    static func contrast(_ hex: String, _ other: String) -> Double? {
        guard let one = parse(hex), let two = parse(other) else { return nil }
        return contrast(one, two)
    }

    static func contrastWithWhite(_ hex: String) -> Double? { contrast(hex, "#ffffff") }

    private static func luminance(_ rgb: (Double, Double, Double)) -> Double {
        func channel(_ value: Double) -> Double {
            let c = value / 255
            return c <= 0.03928 ? c / 12.92 : pow((c + 0.055) / 1.055, 2.4)
        }
        return 0.2126 * channel(rgb.0) + 0.7152 * channel(rgb.1) + 0.0722 * channel(rgb.2)
    }

    private static func parse(_ hex: String) -> (Double, Double, Double)? {
        guard hex.count == 7, hex.hasPrefix("#"), let value = Int(hex.dropFirst(), radix: 16) else { return nil }
        return (Double((value >> 16) & 0xff), Double((value >> 8) & 0xff), Double(value & 0xff))
    }

    private static func format(_ rgb: (Double, Double, Double)) -> String {
        let parts = [rgb.0, rgb.1, rgb.2].map { Int($0.rounded(.down)).clamped(to: 0...255) }
        return "#" + parts.map { String($0, radix: 16).leftPadded(to: 2) }.joined()
    }
}

extension Comparable {
    fileprivate func clamped(to range: ClosedRange<Self>) -> Self { min(max(self, range.lowerBound), range.upperBound) }
}
