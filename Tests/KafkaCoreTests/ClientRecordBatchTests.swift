import Foundation
import KafkaCore
import Testing

/// Record batches exactly as four real Kafka clients built them, taken from the produce requests
/// in `Tests/Fixtures/kafka-client-requests.jsonl` (see that folder's README).
@Suite struct ClientRecordBatchTests {
    /// One captured produce request, cut down to what these tests need.
    struct CapturedProduce {
        var software: String
        var apiVersion: Int16
        /// Each partition's `records` field, in request order (null fields left out).
        var recordFields: [[UInt8]]
    }

    static let fixtureURL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent()  // Tests/KafkaCoreTests
        .deletingLastPathComponent()  // Tests
        .appendingPathComponent("Fixtures/kafka-client-requests.jsonl")

    /// The four clients the fixture was captured from; every one must contribute batches.
    static let clients = [
        "librdkafka 2.0.2", "confluent-kafka-python 2.16.1-rdkafka-2.16.0", "kafka-python 3.0.12", "aiokafka 0.14.0",
    ]

    static func loadProduceRequests() throws -> [CapturedProduce] {
        guard let data = FileManager.default.contents(atPath: fixtureURL.path) else {
            Issue.record(
                "fixture missing: \(fixtureURL.path)")
            return []
        }
        var requests: [CapturedProduce] = []
        let lines = String(decoding: data, as: UTF8.self).split(separator: "\n")
        for (number, line) in lines.enumerated() {
            let object = try JSONSerialization.jsonObject(with: Data(line.utf8))
            let fields = try #require(object as? [String: Any], "line \(number + 1) is not a JSON object")
            guard fields["api"] as? String == "Produce" else { continue }
            let software = try #require(fields["software"] as? String, "line \(number + 1) has no software")
            let frameHex = try #require(fields["frame_hex"] as? String, "line \(number + 1) has no frame_hex")
            let request = try parseProduceRequest(hex(frameHex), software: software)
            let recordedVersion = try #require(fields["api_version"] as? Int, "line \(number + 1) has no api_version")
            #expect(Int(request.apiVersion) == recordedVersion, "line \(number + 1)")
            requests.append(request)
        }
        return requests
    }

    @Test("every client's record batches decode, pass their CRC and validation, and re-encode to the same bytes")
    func clientBatches() throws {
        let requests = try Self.loadProduceRequests()
        try #require(!requests.isEmpty, "no produce requests in \(Self.fixtureURL.path)")
        var batchesPerClient: [String: Int] = [:]
        var recordsPerClient: [String: Int] = [:]
        for request in requests {
            for field in request.recordFields {
                let scan = RecordBatch.batches(in: field)
                #expect(scan.error == nil, "\(request.software): \(String(describing: scan.error))")
                #expect(scan.validBytes == field.count, "\(request.software): trailing bytes")
                for batch in scan.batches {
                    try checkClientBatch(batch, software: request.software)
                    batchesPerClient[request.software, default: 0] += 1
                    recordsPerClient[request.software, default: 0] += Int(batch.recordCount)
                }
            }
        }
        for client in Self.clients {
            #expect(batchesPerClient[client, default: 0] > 0, "no record batches from \(client)")
        }
        #expect(batchesPerClient.values.reduce(0, +) == 12)
        #expect(recordsPerClient.values.reduce(0, +) == 17)
    }

    /// One client batch: valid, uncompressed, decodable, and rebuilt to the same bytes.
    func checkClientBatch(_ batch: RecordBatch, software: String) throws {
        try batch.validate()
        #expect(batch.isChecksumValid)
        // Every captured client produced without compression (their default); a compressed batch
        // could only be CRC-checked here, so flag it instead of silently skipping it.
        #expect(
            batch.compression == CompressionCodec.none,
            "\(software) sent a \(String(describing: batch.compression)) batch")
        guard batch.compression == CompressionCodec.none else { return }
        let records = try batch.records()
        #expect(records.count == Int(batch.recordCount))
        // Producers send dense offsets starting at 0 (Kafka refuses anything else from a client).
        #expect(batch.baseOffset == Offset(0), "\(software)")
        #expect(batch.lastOffsetDelta == batch.recordCount - 1, "\(software)")
        #expect(!batch.isControl, "\(software)")

        let exact = RecordBatch.build(
            baseOffset: batch.baseOffset, partitionLeaderEpoch: batch.partitionLeaderEpoch,
            timestampType: batch.timestampType, isTransactional: batch.isTransactional, isControl: batch.isControl,
            hasDeleteHorizon: batch.hasDeleteHorizon, producerID: batch.producerID, producerEpoch: batch.producerEpoch,
            baseSequence: batch.baseSequence, baseTimestamp: batch.baseTimestamp, maxTimestamp: batch.maxTimestamp,
            lastOffsetDelta: batch.lastOffsetDelta, records: records)
        #expect(exact.bytes == batch.bytes, "\(software): re-encoding changed the bytes")

        // The builder's own defaults for lastOffsetDelta and maxTimestamp agree with the clients'.
        let derived = RecordBatch.build(
            partitionLeaderEpoch: batch.partitionLeaderEpoch, producerID: batch.producerID,
            producerEpoch: batch.producerEpoch, baseSequence: batch.baseSequence, baseTimestamp: batch.baseTimestamp,
            records: records)
        #expect(derived.bytes == batch.bytes, "\(software): builder defaults differ from the client's header")

        // What a leader does on append: new offset and epoch, CRC untouched and still valid.
        let stamped = batch.withBaseOffset(Offset(1_000)).withPartitionLeaderEpoch(LeaderEpoch(7))
        try stamped.validate()
        #expect(stamped.bytes[16...] == batch.bytes[16...])
        #expect(stamped.bytes[8..<12] == batch.bytes[8..<12])
    }

    @Test("the produce requests parse as header v1 and Produce v3-v8 bodies with nothing left over")
    func requestsParse() throws {
        let requests = try Self.loadProduceRequests()
        #expect(requests.count == 12)
        #expect(Set(requests.map(\.software)) == Set(Self.clients))
        #expect(requests.allSatisfy { (3...8).contains($0.apiVersion) })
    }
}

// MARK: - A test-only Produce request parser (the real codec belongs to KafkaWire)

enum ProduceParseError: Error, CustomStringConvertible {
    case notProduce(apiKey: Int16)
    case unsupportedVersion(Int16)
    case negativeLength(String, Int)
    case leftover(Int)
    case reader(ByteReader.Error)

    var description: String {
        switch self {
        case .notProduce(let apiKey): "api key \(apiKey) is not Produce (0)"
        case .unsupportedVersion(let version): "Produce v\(version) is outside v3-v8"
        case .negativeLength(let what, let length): "\(what) has length \(length)"
        case .leftover(let count): "\(count) bytes left after the request"
        case .reader(let error): "frame ends early: \(error)"
        }
    }
}

/// Parses request header v1 (api_key, api_version, correlation_id, nullable client_id) and a
/// Produce v3-v8 body (transactional_id, acks, timeout_ms, topics → partitions → records).
func parseProduceRequest(_ frame: [UInt8], software: String) throws -> ClientRecordBatchTests.CapturedProduce {
    try frame.withUnsafeBytes { buffer in
        var reader = ByteReader(buffer)
        func read<T>(_ body: (inout ByteReader) throws(ByteReader.Error) -> T) throws -> T {
            do throws(ByteReader.Error) {
                return try body(&reader)
            } catch {
                throw ProduceParseError.reader(error)
            }
        }
        func nullableString(_ what: String) throws {
            let length = Int(try read { reader throws(ByteReader.Error) in try reader.readInt16() })
            guard length >= -1 else { throw ProduceParseError.negativeLength(what, length) }
            if length > 0 { _ = try read { reader throws(ByteReader.Error) in try reader.skip(length) } }
        }
        func arrayCount(_ what: String) throws -> Int {
            let count = Int(try read { reader throws(ByteReader.Error) in try reader.readInt32() })
            guard count >= 0 else { throw ProduceParseError.negativeLength(what, count) }
            return count
        }

        let apiKey = try read { reader throws(ByteReader.Error) in try reader.readInt16() }
        guard apiKey == 0 else { throw ProduceParseError.notProduce(apiKey: apiKey) }
        let apiVersion = try read { reader throws(ByteReader.Error) in try reader.readInt16() }
        guard (3...8).contains(apiVersion) else { throw ProduceParseError.unsupportedVersion(apiVersion) }
        _ = try read { reader throws(ByteReader.Error) in try reader.readInt32() }  // correlation_id
        try nullableString("client_id")
        try nullableString("transactional_id")
        _ = try read { reader throws(ByteReader.Error) in try reader.readInt16() }  // acks
        _ = try read { reader throws(ByteReader.Error) in try reader.readInt32() }  // timeout_ms
        var recordFields: [[UInt8]] = []
        for _ in 0..<(try arrayCount("topics")) {
            try nullableString("topic name")
            for _ in 0..<(try arrayCount("partitions")) {
                _ = try read { reader throws(ByteReader.Error) in try reader.readInt32() }  // partition index
                let size = Int(try read { reader throws(ByteReader.Error) in try reader.readInt32() })
                guard size >= -1 else { throw ProduceParseError.negativeLength("records", size) }
                if size >= 0 {
                    recordFields.append(try read { reader throws(ByteReader.Error) in try reader.readBytes(size) })
                }
            }
        }
        guard reader.isAtEnd else { throw ProduceParseError.leftover(reader.remaining) }
        return ClientRecordBatchTests.CapturedProduce(
            software: software, apiVersion: apiVersion, recordFields: recordFields)
    }
}
