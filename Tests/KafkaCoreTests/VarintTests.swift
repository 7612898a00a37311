import KafkaCore
import Testing

@Suite struct VarintTests {
    /// Known zigzag varint encodings (kafka-wire.md §4.4 and protobuf's zigzag table).
    static let varints: [(value: Int32, bytes: [UInt8])] = [
        (0, [0x00]), (-1, [0x01]), (1, [0x02]), (-2, [0x03]), (63, [0x7E]), (-64, [0x7F]),
        (64, [0x80, 0x01]), (300, [0xD8, 0x04]), (-300, [0xD7, 0x04]),
        (Int32.max, [0xFE, 0xFF, 0xFF, 0xFF, 0x0F]), (Int32.min, [0xFF, 0xFF, 0xFF, 0xFF, 0x0F]),
    ]

    static let varlongs: [(value: Int64, bytes: [UInt8])] = [
        (0, [0x00]), (-1, [0x01]), (1, [0x02]), (300, [0xD8, 0x04]),
        (Int64(Int32.max) + 1, [0x80, 0x80, 0x80, 0x80, 0x10]),
        (Int64.max, [0xFE, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x01]),
        (Int64.min, [0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x01]),
    ]

    @Test("varints encode to the known zigzag bytes and decode back", arguments: 0..<varints.count)
    func knownVarints(index: Int) throws {
        let (value, bytes) = Self.varints[index]
        #expect(Varint.encodeVarint(value) == bytes)
        #expect(Varint.sizeOfVarint(value) == bytes.count)
        let decoded = try Varint.decodeVarint(bytes)
        #expect(decoded.value == value)
        #expect(decoded.byteCount == bytes.count)
    }

    @Test("varlongs encode to the known zigzag bytes and decode back", arguments: 0..<varlongs.count)
    func knownVarlongs(index: Int) throws {
        let (value, bytes) = Self.varlongs[index]
        #expect(Varint.encodeVarlong(value) == bytes)
        #expect(Varint.sizeOfVarlong(value) == bytes.count)
        let decoded = try Varint.decodeVarlong(bytes)
        #expect(decoded.value == value)
        #expect(decoded.byteCount == bytes.count)
    }

    @Test("random values round trip through varints and varlongs, and sizes match the bytes")
    func randomRoundTrips() throws {
        var generator = SplitMix(seed: 7)
        for _ in 0..<5_000 {
            let raw = generator.next()
            // Spread magnitudes: shift right by 0...63 so small and large values both appear.
            let long = Int64(bitPattern: raw) >> Int64(raw % 64)
            let int = Int32(truncatingIfNeeded: long)
            let longBytes = Varint.encodeVarlong(long)
            let intBytes = Varint.encodeVarint(int)
            #expect(try Varint.decodeVarlong(longBytes) == (long, longBytes.count))
            #expect(try Varint.decodeVarint(intBytes) == (int, intBytes.count))
            #expect(Varint.sizeOfVarlong(long) == longBytes.count)
            #expect(Varint.sizeOfVarint(int) == intBytes.count)
        }
    }

    @Test("decoding starts at the given offset and stops after the varint")
    func decodeAtOffset() throws {
        let bytes: [UInt8] = [0xAA, 0xD8, 0x04, 0x01]
        #expect(try Varint.decodeVarint(bytes, at: 1) == (300, 2))
        #expect(try Varint.decodeVarint(bytes, at: 3) == (-1, 1))
    }

    @Test("a varint longer than 5 bytes or a varlong longer than 10 is malformed, not a trap")
    func tooLong() {
        #expect(throws: ByteReader.Error.malformedVarint(position: 0)) {
            try Varint.decodeVarint([0x80, 0x80, 0x80, 0x80, 0x80, 0x00])
        }
        // Five continuation bytes are already too long, even with nothing after them.
        #expect(throws: ByteReader.Error.malformedVarint(position: 0)) {
            try Varint.decodeVarint([0xFF, 0xFF, 0xFF, 0xFF, 0xFF])
        }
        #expect(throws: ByteReader.Error.malformedVarint(position: 1)) {
            try Varint.decodeVarlong([0x00] + [UInt8](repeating: 0x80, count: 10) + [0x01], at: 1)
        }
    }

    @Test("a varint cut off by the end of the input is truncated, not a trap")
    func truncated() {
        #expect(throws: ByteReader.Error.truncated(position: 0, needed: 1)) { try Varint.decodeVarint([]) }
        #expect(throws: ByteReader.Error.truncated(position: 0, needed: 3)) { try Varint.decodeVarint([0x80, 0x80]) }
        #expect(throws: ByteReader.Error.truncated(position: 0, needed: 10)) {
            try Varint.decodeVarlong([UInt8](repeating: 0xFF, count: 9))
        }
    }

    @Test("the fifth byte's excess bits are dropped as Kafka's ByteUtils does")
    func excessBitsDropped() throws {
        // 0x7F in the fifth byte carries 3 bits past 32; Java's readVarint ignores them.
        #expect(try Varint.decodeVarint([0xFE, 0xFF, 0xFF, 0xFF, 0x7F]).value == Int32.max)
    }

    @Test("the byte reader reads big-endian integers and refuses to read past its end")
    func byteReader() throws {
        let bytes: [UInt8] = [0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08, 0xFF]
        try bytes.withUnsafeBytes { buffer throws in
            var reader = ByteReader(buffer)
            #expect(try reader.readInt16() == 0x0102)
            #expect(try reader.readInt32() == 0x0304_0506)
            #expect(throws: ByteReader.Error.truncated(position: 6, needed: 8)) { try reader.readInt64() }
            #expect(reader.position == 6)
            #expect(try reader.readBytes(2) == [0x07, 0x08])
            #expect(try reader.readInt8() == -1)
            #expect(reader.isAtEnd)
            #expect(throws: ByteReader.Error.truncated(position: 9, needed: 1)) { try reader.readUInt8() }
        }
    }

    @Test("the byte writer writes big-endian integers and varints and patches fields in place")
    func byteWriter() {
        var writer = ByteWriter(capacity: 16)
        writer.writeInt16(0x0102)
        writer.writeInt32(-1)
        writer.writeVarint(300)
        writer.writeVarlong(-1)
        writer.set(Int32(0x0A0B_0C0D), at: 2)
        #expect(writer.finish() == [0x01, 0x02, 0x0A, 0x0B, 0x0C, 0x0D, 0xD8, 0x04, 0x01])
    }
}
