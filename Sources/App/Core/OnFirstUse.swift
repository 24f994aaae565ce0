import NIOConcurrencyHelpers

/// A value made when first asked for, then reused: `make` runs at most once.
final class OnFirstUse<Value: Sendable>: Sendable {
    private let make: @Sendable () -> Value
    private let made = NIOLockedValueBox<Value?>(nil)

    init(_ make: @escaping @Sendable () -> Value) { self.make = make }

    var value: Value {
        made.withLockedValue { made in
            if let value = made { return value }
            let value = make()
            made = value
            return value
        }
    }
}
