import Foundation

/// A half-open interval of absolute time, `[start, end)`. Two spans that only touch do not overlap.
public struct Span: Hashable, Sendable, CustomStringConvertible {
    public let start: Date
    public let end: Date

    /// `nil` unless `start < end`.
    public init?(start: Date, end: Date) {
        guard start < end else { return nil }
        self.start = start
        self.end = end
    }

    init(unchecked start: Date, _ end: Date) {
        self.start = start
        self.end = end
    }

    public func overlaps(_ other: Span) -> Bool { start < other.end && other.start < end }

    public func contains(_ other: Span) -> Bool { start <= other.start && other.end <= end }

    public var description: String { "[\(start), \(end))" }
}

extension Array where Element == Span {
    /// Sorts by start and merges overlapping or touching spans into a minimal sorted list.
    public func mergedAndSorted() -> [Span] {
        let sorted = self.sorted { $0.start < $1.start }
        var result: [Span] = []
        result.reserveCapacity(sorted.count)
        for span in sorted {
            if let last = result.last, span.start <= last.end {
                if span.end > last.end { result[result.count - 1] = Span(unchecked: last.start, span.end) }
            } else {
                result.append(span)
            }
        }
        return result
    }
}
