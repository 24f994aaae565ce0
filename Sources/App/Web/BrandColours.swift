import Foundation

/// The tenant's brand colour made safe for text and buttons: white text on it must reach WCAG AA
/// (4.5:1), so a light colour is darkened step by step until it does. The original colour still
/// shows in the header band's stripe, where no text sits on it.
enum BrandColours {
    /// `#rrggbb`, darkened until white text on it has at least `minimumContrast`.
    static func accessible(_ hex: String, minimumContrast: Double = 4.5) -> String {
        guard var rgb = parse(hex) else { return "#3b5bdb" }
        for _ in 0..<40 where contrastWithWhite(rgb) < minimumContrast {
            rgb = (rgb.0 * 0.92, rgb.1 * 0.92, rgb.2 * 0.92)
        }
        return format(rgb)
    }

    /// The contrast ratio of white against a colour (1 to 21).
    static func contrastWithWhite(_ rgb: (Double, Double, Double)) -> Double {
        1.05 / (luminance(rgb) + 0.05)
    }

    static func contrastWithWhite(_ hex: String) -> Double? { parse(hex).map(contrastWithWhite) }

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
