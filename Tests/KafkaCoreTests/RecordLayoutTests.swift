import Testing

@testable import KafkaCore

/// `RecordLayout.readCommon` reads the common record shape with fewer checks; whenever it answers,
/// the checked cursor (`readChecked`) must read the same layout, and every defect must be left to
/// the checked cursor.
@Suite struct RecordLayoutTests {
    /// What each reader says at `start` of `bytes`.
    private func readBoth(_ bytes: [UInt8], at start: Int) -> (common: RecordLayout?, checked: RecordLayout?) {
        bytes.withUnsafeBytes { buffer in
            let checked: RecordLayout?
            do {
                checked = try RecordLayout.readChecked(in: buffer, at: start)
            } catch {
                checked = nil
            }
            return (buffer.baseAddress.flatMap { RecordLayout.readCommon($0, count: buffer.count, at: start) }, checked)
        }
    }

    private func batch(_ records: [(key: [UInt8]?, value: [UInt8]?, headers: [RecordHeader])]) -> RecordBatch {
        var builder = RecordBatchBuilder(capacityBytes: 64)
        for (index, record) in records.enumerated() {
            builder.append(
                timestamp: 1_000 + Int64(index) * 37, key: record.key, value: record.value, headers: record.headers)
        }
        return builder.build()
    }

    @Test("the common shape is read by the fast path, as the checked cursor reads it")
    func commonShapes() throws {
        let sizes: [Int?] = [nil, 0, 1, 63, 64, 200, 8_000, 8_191, 8_192, 9_000]
        for keySize in sizes {
            for valueSize in sizes {
                let key = keySize.map { [UInt8](repeating: 7, count: $0) }
                let value = valueSize.map { [UInt8](repeating: 9, count: $0) }
                let bytes = batch([(key, value, []), (value, key, [])]).bytes
                var start = RecordBatch.headerSize
                for _ in 0..<2 {
                    let (common, checked) = readBoth(bytes, at: start)
                    let layout = try #require(checked)
                    // A record length past two varint bytes (a body of 8 KiB or more) is left to
                    // the checked cursor; the deltas and field lengths are then short too.
                    let short = bytes[start] < 0x80 || bytes[start + 1] < 0x80
                    #expect((common != nil) == short, "key \(keySize ?? -1), value \(valueSize ?? -1)")
                    if let common { #expect(common == layout) }
                    start = layout.end
                }
                #expect(start == bytes.count)
            }
        }
    }

    @Test("records with headers are left to the checked cursor")
    func headersTakeTheCheckedPath() throws {
        let bytes = batch([([1], [2], [RecordHeader(key: "h", value: [3])])]).bytes
        let (common, checked) = readBoth(bytes, at: RecordBatch.headerSize)
        #expect(common == nil)
        #expect(checked != nil)
    }

    @Test("whatever a byte is changed to, the fast path answers only what the checked cursor answers")
    func mutatedBytes() {
        let original = batch([([1, 2], [3, 4, 5], []), (nil, [6], []), ([], nil, []), ([8], [9, 9], [])]).bytes
        let replacements: [UInt8] = [0x00, 0x01, 0x02, 0x7E, 0x7F, 0x80, 0x81, 0xFE, 0xFF]
        var fastAnswers = 0
        for position in RecordBatch.headerSize..<original.count {
            for replacement in replacements + [original[position] &+ 2, original[position] &- 2] {
                var bytes = original
                bytes[position] = replacement
                for start in RecordBatch.headerSize..<bytes.count {
                    let (common, checked) = readBoth(bytes, at: start)
                    guard let common else { continue }
                    fastAnswers += 1
                    #expect(common == checked, "byte \(position) set to \(replacement), record read at \(start)")
                }
            }
        }
        #expect(fastAnswers > 0)
    }
}
