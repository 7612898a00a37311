/// Appends big-endian integers, varints and byte runs to a growing byte array.
///
/// Reserve the expected size up front (`init(capacity:)`): appends then never reallocate.
public struct ByteWriter: Sendable {
    /// What has been written so far.
    public private(set) var bytes: [UInt8]

    /// An empty writer with room for `capacity` bytes before it has to grow.
    public init(capacity: Int = 0) {
        bytes = []
        bytes.reserveCapacity(capacity)
    }

    /// A writer that continues after `bytes`.
    public init(appendingTo bytes: [UInt8]) {
        self.bytes = bytes
    }

    /// How many bytes have been written.
    public var count: Int { bytes.count }

    public mutating func writeUInt8(_ value: UInt8) {
        bytes.append(value)
    }

    public mutating func writeInt8(_ value: Int8) {
        bytes.append(UInt8(bitPattern: value))
    }

    public mutating func writeInt16(_ value: Int16) {
        writeBigEndian(value)
    }

    public mutating func writeInt32(_ value: Int32) {
        writeBigEndian(value)
    }

    public mutating func writeUInt32(_ value: UInt32) {
        writeBigEndian(value)
    }

    public mutating func writeInt64(_ value: Int64) {
        writeBigEndian(value)
    }

    /// A zigzag varint (see `Varint`).
    public mutating func writeVarint(_ value: Int32) {
        Varint.appendUnsigned(UInt64(Varint.zigzag(value)), to: &bytes)
    }

    /// A zigzag varlong (see `Varint`).
    public mutating func writeVarlong(_ value: Int64) {
        Varint.appendUnsigned(Varint.zigzag(value), to: &bytes)
    }

    /// Raw bytes, copied in one go.
    public mutating func writeBytes(_ value: [UInt8]) {
        bytes.append(contentsOf: value)
    }

    /// Raw bytes, copied in one go.
    public mutating func writeBytes(_ value: UnsafeRawBufferPointer) {
        bytes.append(contentsOf: value)
    }

    /// A string's UTF-8 bytes (no length prefix).
    public mutating func writeUTF8(_ value: String) {
        bytes.append(contentsOf: value.utf8)
    }

    /// Appends a record with no headers and attributes 0, length prefix first (`Record.write`
    /// gives the same bytes field by field). `sizes` are the record's `Record.sizesWithoutHeaders`.
    ///
    /// Why: a producer encodes every record as it is appended. Field by field that was eight
    /// single-byte array appends (each checking uniqueness and capacity) plus two copies; here the
    /// sizes come from the caller's fit check, the array makes room once, and the bytes are
    /// written through a pointer straight into it (`EncodedRecord`), not staged anywhere first.
    mutating func writeRecordWithoutHeaders(
        sizes: (total: Int, body: Int), offsetDelta: Int32, timestampDelta: Int64, key: [UInt8]?, value: [UInt8]?
    ) {
        bytes.append(
            contentsOf: EncodedRecord(
                total: sizes.total, lengthBits: UInt64(Varint.zigzag(Int32(truncatingIfNeeded: sizes.body))),
                timestampBits: Varint.zigzag(timestampDelta), offsetBits: UInt64(Varint.zigzag(offsetDelta)),
                key: key, value: value))
    }

    /// A record without headers as a sequence of its `total` encoded bytes, for
    /// `Array.append(contentsOf:)`: the array reserves `underestimatedCount` bytes and hands its
    /// uninitialised tail to `_copyContents(initializing:)`, which writes the record there in one
    /// pass. (The stdlib's hook for sequences that can copy themselves in bulk; the iterator is
    /// only for generic callers.)
    private struct EncodedRecord: Sequence {
        let total: Int
        let lengthBits: UInt64
        let timestampBits: UInt64
        let offsetBits: UInt64
        let key: [UInt8]?
        let value: [UInt8]?

        var underestimatedCount: Int { total }

        func makeIterator() -> IndexingIterator<[UInt8]> {
            [UInt8](unsafeUninitializedCapacity: total) { buffer, count in
                count = _copyContents(initializing: buffer).1
            }.makeIterator()
        }

        func _copyContents(
            initializing buffer: UnsafeMutableBufferPointer<UInt8>
        ) -> (IndexingIterator<[UInt8]>, Int) {
            precondition(buffer.count >= total, "\(buffer.count) bytes of room for a record of \(total)")
            guard let start = buffer.baseAddress else { return ([UInt8]().makeIterator(), 0) }
            let base = UnsafeMutableRawPointer(start)
            var position = Varint.store(lengthBits, at: base)
            base.storeBytes(of: 0, toByteOffset: position, as: UInt8.self)
            position += 1
            position += Varint.store(timestampBits, at: base + position)
            position += Varint.store(offsetBits, at: base + position)
            position += ByteWriter.storeNullable(key, at: base + position)
            position += ByteWriter.storeNullable(value, at: base + position)
            base.storeBytes(of: 0, toByteOffset: position, as: UInt8.self)
            position += 1
            precondition(position == total, "record encoded to \(position) bytes, expected \(total)")
            return ([UInt8]().makeIterator(), total)
        }
    }

    /// Stores a nullable field at `target`; how many bytes it took.
    fileprivate static func storeNullable(_ field: [UInt8]?, at target: UnsafeMutableRawPointer) -> Int {
        guard let field else {
            target.storeBytes(of: 1, as: UInt8.self)  // zigzag(-1)
            return 1
        }
        let prefix = Varint.store(UInt64(Varint.zigzag(Int32(truncatingIfNeeded: field.count))), at: target)
        field.withUnsafeBytes { source in
            if let from = source.baseAddress { (target + prefix).copyMemory(from: from, byteCount: source.count) }
        }
        return prefix + field.count
    }

    /// Overwrites the bytes at `offset` with `value`, big-endian: for length and CRC fields that
    /// are only known once what follows them has been written.
    public mutating func set<T: FixedWidthInteger>(_ value: T, at offset: Int) {
        let size = MemoryLayout<T>.size
        precondition(
            offset >= 0 && offset + size <= bytes.count,
            "cannot set \(size) bytes at \(offset) in \(bytes.count) written bytes")
        bytes.withUnsafeMutableBytes { $0.storeBytes(of: value.bigEndian, toByteOffset: offset, as: T.self) }
    }

    /// Gives up the written bytes without copying them.
    public consuming func finish() -> [UInt8] {
        bytes
    }

    private mutating func writeBigEndian<T: FixedWidthInteger>(_ value: T) {
        withUnsafeBytes(of: value.bigEndian) { bytes.append(contentsOf: $0) }
    }
}
