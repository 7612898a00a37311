/// A message body codec: one per api and direction, covering every version in `versions`.
///
/// Fields absent from a version keep their Kafka defaults when decoded and are skipped when
/// encoded, so `decode` then `encode` at the same version gives back the same bytes.
public protocol WireBody: Hashable, Sendable {
    /// The api this body belongs to.
    static var apiKey: ApiKey { get }
    /// The versions this codec reads and writes.
    static var versions: ClosedRange<Int16> { get }
    /// Reads the body at `version` (one of `versions`).
    static func decode(_ reader: inout WireReader, version: Int16) throws(WireError) -> Self
    /// Writes the body at `version` (one of `versions`).
    func encode(into writer: inout WireWriter, version: Int16)
}

extension WireReader {
    /// An ARRAY of int32 (broker ids, partition indexes).
    mutating func readInt32Array() throws(WireError) -> [Int32] {
        try readArray { (reader: inout WireReader) throws(WireError) in try reader.readInt32() }
    }
}

extension WireWriter {
    /// An ARRAY of int32 (broker ids, partition indexes).
    mutating func writeInt32Array(_ values: [Int32]) {
        writeArray(values) { writer, value in writer.writeInt32(value) }
    }
}
