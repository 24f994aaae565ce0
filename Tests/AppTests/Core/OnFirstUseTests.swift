import NIOConcurrencyHelpers
import Testing

@testable import App

/// `OnFirstUse` (a request's database handle, `TenantScope.db`): nothing is made until asked for,
/// and then once, however many ask at the same time.
@Suite("On first use")
struct OnFirstUseTests {
    @Test("makes nothing until asked, then once for every concurrent asker")
    func makesOnce() async {
        let made = NIOLockedValueBox(0)
        let value = OnFirstUse<Int> {
            made.withLockedValue {
                $0 += 1
                return $0 * 100
            }
        }
        #expect(made.withLockedValue { $0 } == 0)
        let seen = await withTaskGroup(of: Int.self) { group in
            for _ in 0..<64 { group.addTask { value.value } }
            return await group.reduce(into: Set<Int>()) { $0.insert($1) }
        }
        #expect(seen == [100])
        #expect(value.value == 100)
        #expect(made.withLockedValue { $0 } == 1)
    }
}
