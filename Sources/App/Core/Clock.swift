import Foundation
import Vapor

/// Where domain code gets "now" from, so time-dependent rules are testable on any date.
public protocol AppClock: Sendable {
    func now() -> Date
}

/// The system clock.
public struct LiveClock: AppClock {
    public init() {}
    public func now() -> Date { Date() }
}

/// A clock that always answers the same instant (tests, benchmarks).
public struct FixedClock: AppClock {
    public let instant: Date
    public init(_ instant: Date) { self.instant = instant }
    public func now() -> Date { instant }
}

extension Application {
    private struct ClockKey: StorageKey { typealias Value = any AppClock }

    /// The clock every request and command uses; live unless a test replaces it.
    public var clock: any AppClock {
        get { storage[ClockKey.self] ?? LiveClock() }
        set { storage[ClockKey.self] = newValue }
    }
}
