import PostgresNIO

/// A PostgreSQL `bigint[]` in binary, read straight into `[Int]`: the busy-time read's arrays (two
/// per staff member, a tenant's whole booking window). PostgresNIO's generic `[Int]` decodes each
/// element through protocol witnesses and a buffer slice; with 200 tenants' busy time refreshed
/// every second that was 8.8 % of the server's CPU in the many-tenant mix on PostgreSQL (issue 24).
struct PostgresBigints: PostgresDecodable {
    let values: [Int]

    /// The binary array layout: dimensions (0 or 1), a has-nulls flag, the element type, then for
    /// one dimension its length and lower bound, then each element as a length (8) and a big-endian
    /// 64-bit integer. Anything else (text format, another element type, nulls, more dimensions,
    /// a short buffer) is a decoding failure.
    init<JSONDecoder: PostgresJSONDecoder>(
        from buffer: inout ByteBuffer, type: PostgresDataType, format: PostgresFormat,
        context: PostgresDecodingContext<JSONDecoder>
    ) throws {
        guard format == .binary, type == .int8Array else { throw PostgresDecodingError.Code.typeMismatch }
        guard
            let (dimensions, hasNulls, element) = buffer.readMultipleIntegers(endianness: .big, as: (Int32, Int32, UInt32).self),
            dimensions == 0 || dimensions == 1, hasNulls == 0, element == PostgresDataType.int8.rawValue
        else { throw PostgresDecodingError.Code.failure }
        guard dimensions == 1 else {
            values = []
            return
        }
        guard let (count, _) = buffer.readMultipleIntegers(endianness: .big, as: (Int32, Int32).self), count >= 0,
            buffer.readableBytes == Int(count) * 12
        else { throw PostgresDecodingError.Code.failure }
        var values: [Int] = []
        values.reserveCapacity(Int(count))
        for _ in 0..<count {
            guard let (length, value) = buffer.readMultipleIntegers(endianness: .big, as: (Int32, Int64).self), length == 8 else {
                throw PostgresDecodingError.Code.failure
            }
            values.append(Int(value))
        }
        self.values = values
    }
}
