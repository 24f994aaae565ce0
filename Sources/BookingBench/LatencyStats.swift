import Foundation

/// Percentiles of measured durations, printed as `name p50_ms=… p99_ms=…`.
public struct LatencyStats: Sendable {
    public private(set) var samplesMs: [Double] = []

    public init() {}

    public mutating func record(_ milliseconds: Double) { samplesMs.append(milliseconds) }

    public func percentile(_ p: Double) -> Double {
        guard !samplesMs.isEmpty else { return 0 }
        let sorted = samplesMs.sorted()
        let rank = Int((p / 100 * Double(sorted.count - 1)).rounded())
        return sorted[min(max(rank, 0), sorted.count - 1)]
    }

    public func line(_ name: String, extra: String = "") -> String {
        let p50 = String(format: "%.3f", percentile(50)), p99 = String(format: "%.3f", percentile(99))
        return "\(name) p50_ms=\(p50) p99_ms=\(p99) samples=\(samplesMs.count)" + (extra.isEmpty ? "" : " " + extra)
    }

    /// Times `body` in milliseconds with a monotonic clock.
    public static func time<T>(_ body: () async throws -> T) async rethrows -> (T, Double) {
        let start = DispatchTime.now().uptimeNanoseconds
        let result = try await body()
        return (result, Double(DispatchTime.now().uptimeNanoseconds - start) / 1_000_000)
    }
}
