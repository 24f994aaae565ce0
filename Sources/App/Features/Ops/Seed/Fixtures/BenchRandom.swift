import Foundation

/// A small deterministic generator for benchmark data.
package struct BenchRandom: Sendable {
    var state: UInt64
    package init(seed: UInt64) { state = seed }

    package mutating func int(_ range: Range<Int>) -> Int {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return range.lowerBound + Int((z ^ (z >> 31)) % UInt64(range.count))
    }
}
