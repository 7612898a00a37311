import KafkaWire
import Testing

@Suite struct WirePrimitiveTests {
    @Test("integers are big-endian and booleans are one byte")
    func integers() throws {
        var writer = WireWriter()
        writer.writeInt8(-2)
        writer.writeInt16(0x0102)
        writer.writeInt32(-1)
        writer.writeUInt32(0xdead_beef)
        writer.writeInt64(0x0102_0304_0506_0708)
        writer.writeBool(true)
        #expect(Hex.string(writer.bytes) == "fe0102ffffffffdeadbeef010203040506070801")
        var reader = WireReader(writer.bytes)
        #expect(try reader.readInt8() == -2)
        #expect(try reader.readInt16() == 0x0102)
        #expect(try reader.readInt32() == -1)
        #expect(try reader.readUInt32() == 0xdead_beef)
        #expect(try reader.readInt64() == 0x0102_0304_0506_0708)
        #expect(try reader.readBool())
        try reader.expectEnd()
    }

    @Test("strings, bytes and arrays use int16/int32 prefixes with -1 for null")
    func lengthPrefixed() throws {
        var writer = WireWriter()
        writer.writeString("ab")
        writer.writeNullableString(nil)
        writer.writeBytes([9])
        writer.writeNullableBytes(nil)
        writer.writeNullableArray([Int32]?.none) { writer, value in writer.writeInt32(value) }
        #expect(Hex.string(writer.bytes) == "00026162ffff0000000109ffffffffffffffff")
        var reader = WireReader(writer.bytes)
        #expect(try reader.readString() == "ab")
        #expect(try reader.readNullableString() == nil)
        #expect(try reader.readBytes() == [9])
        #expect(try reader.readNullableBytes() == nil)
        #expect(
            try reader.readNullableArray { (reader: inout WireReader) throws(WireError) in try reader.readInt32() }
                == nil)
    }

    @Test("compact forms use uvarint(length + 1) and tag buffers keep their raw fields")
    func compact() throws {
        var writer = WireWriter()
        writer.writeUnsignedVarint(300)
        writer.writeCompactString("ab")
        writer.writeCompactNullableString(nil)
        writer.writeCompactBytes([7])
        writer.writeTaggedFields([TaggedField(tag: 1, data: [0xaa, 0xbb])])
        #expect(Hex.string(writer.bytes) == "ac0203616200020701" + "0102aabb")
        var reader = WireReader(writer.bytes)
        #expect(try reader.readUnsignedVarint() == 300)
        #expect(try reader.readCompactString() == "ab")
        #expect(try reader.readCompactNullableString() == nil)
        #expect(try reader.readCompactBytes() == [7])
        #expect(try reader.readTaggedFields() == [TaggedField(tag: 1, data: [0xaa, 0xbb])])
        try reader.expectEnd()
    }

    @Test("malformed input throws typed errors: negative lengths, bad UTF-8, long varints, short reads")
    func malformed() {
        var negative = WireReader(Hex.bytes("fffe"))
        #expect(throws: WireError.invalidLength(-2)) { try negative.readString() }
        var badUTF8 = WireReader(Hex.bytes("0001ff"))
        #expect(throws: WireError.invalidUTF8) { try badUTF8.readString() }
        var longVarint = WireReader(Hex.bytes("ffffffffff01"))
        #expect(throws: WireError.malformedVarint) { try longVarint.readUnsignedVarint() }
        var short = WireReader(Hex.bytes("0000"))
        #expect(throws: WireError.truncated(needed: 4, available: 2)) { try short.readInt32() }
    }

    @Test("a huge array count is rejected against the bytes left before anything is allocated")
    func hugeCount() {
        var reader = WireReader(Hex.bytes("7fffffff 00000001"))
        #expect(throws: WireError.truncated(needed: Int(Int32.max), available: 4)) {
            try reader.readArray { (reader: inout WireReader) throws(WireError) in try reader.readInt32() }
        }
        var bytes = WireReader(Hex.bytes("7fffffff 00"))
        #expect(throws: WireError.truncated(needed: Int(Int32.max), available: 1)) { try bytes.readBytes() }
    }
}
