import App
import Foundation
import NIOConcurrencyHelpers

/// One (start, staff) pair a benchmark client asks to book.
struct BenchTarget: Sendable {
    let start: String
    let staff: UUID
}

/// Hands the benchmark's clients the pairs they book.
///
/// By default from one shuffled deck, each pair once: every client asks for a slot that is still free
/// when it picks it, as real clients choosing from `/slots` would (and wraps around, so conflicts
/// appear honestly, if a run outlasts the deck). With replacement, pairs are drawn independently,
/// so clients collide and some answers are 409s with alternatives (the conflict path under load).
final class TargetDeck: Sendable {
    let targets: [BenchTarget]
    private let withReplacement: Bool
    private let next = NIOLockedValueBox(0)

    init(_ targets: [BenchTarget], withReplacement: Bool, seed: UInt64 = 42) {
        var rng = BenchRandom(seed: seed)
        var shuffled = targets
        if shuffled.count > 1 {
            for index in stride(from: shuffled.count - 1, to: 0, by: -1) {
                shuffled.swapAt(index, rng.int(0..<(index + 1)))
            }
        }
        self.targets = shuffled
        self.withReplacement = withReplacement
    }

    func draw(_ rng: inout BenchRandom) -> BenchTarget {
        if withReplacement { return targets[rng.int(0..<targets.count)] }
        let index = next.withLockedValue { value in
            defer { value += 1 }
            return value
        }
        return targets[index % targets.count]
    }
}
