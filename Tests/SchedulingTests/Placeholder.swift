import Testing
import PropertyBased
@testable import Scheduling
@Test func placeholder() { #expect(true) }
