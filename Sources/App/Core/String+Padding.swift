extension String {
    /// The text with zeros in front up to `width` characters (`"7"` → `"07"`); unchanged if already as wide.
    func leftPadded(to width: Int) -> String {
        count >= width ? self : String(repeating: "0", count: width - count) + self
    }
}
