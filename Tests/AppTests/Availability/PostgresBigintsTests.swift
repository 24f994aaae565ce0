import NIOCore
import PostgresNIO
import Testing

@testable import App

/// The busy-time read's own `bigint[]` decoder reads what PostgresNIO's generic `[Int]` reads, and
/// refuses what that would refuse or what the read never sends (nulls, another element type).
@Suite("PostgreSQL bigint arrays")
struct PostgresBigintsTests {
    /// A binary `bigint[]` as PostgreSQL sends it; `nulls` sets the has-nulls flag, `element` the element type.
    static func binary(_ values: [Int64]?, nulls: Int32 = 0, element: UInt32 = 20) -> ByteBuffer {
        var buffer = ByteBuffer()
        buffer.writeMultipleIntegers(values == nil ? 0 : 1, nulls, element, endianness: .big, as: (Int32, Int32, UInt32).self)
        guard let values else { return buffer }
        buffer.writeMultipleIntegers(Int32(values.count), Int32(1), endianness: .big)
        for value in values { buffer.writeMultipleIntegers(Int32(8), value, endianness: .big) }
        return buffer
    }

    static func decode(_ buffer: ByteBuffer, type: PostgresDataType = .int8Array, format: PostgresFormat = .binary) throws
        -> [Int]
    {
        var buffer = buffer
        return try PostgresBigints(from: &buffer, type: type, format: format, context: .default).values
    }

    @Test(arguments: [[], [0], [1_800_000_000, -1, 1_800_003_600], [Int64.max, Int64.min]] as [[Int64]])
    func readsWhatPostgresNIOReads(values: [Int64]) throws {
        // PostgreSQL sends an empty array with no dimensions.
        let buffer = Self.binary(values.isEmpty ? nil : values)
        var generic = buffer
        let expected = try [Int](from: &generic, type: .int8Array, format: .binary, context: .default)
        #expect(try Self.decode(buffer) == expected)
        #expect(expected == values.map(Int.init))
    }

    @Test func refusesWhatTheReadNeverSends() throws {
        #expect(throws: (any Error).self, "text format") { try Self.decode(Self.binary([1]), format: .text) }
        #expect(throws: (any Error).self, "another column type") { try Self.decode(Self.binary([1]), type: .int4Array) }
        #expect(throws: (any Error).self, "integer elements") { try Self.decode(Self.binary([1], element: 23)) }
        #expect(throws: (any Error).self, "nulls") { try Self.decode(Self.binary([1], nulls: 1)) }
        var short = Self.binary([1, 2])
        short.moveWriterIndex(to: short.writerIndex - 1)
        #expect(throws: (any Error).self, "cut short") { try Self.decode(short) }
        var long = Self.binary([1, 2])
        long.writeInteger(Int8(0))
        #expect(throws: (any Error).self, "bytes left over") { try Self.decode(long) }
    }
}
