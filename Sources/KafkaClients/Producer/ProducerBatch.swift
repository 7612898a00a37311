import KafkaCore

/// One batch of one partition in the accumulator, from its first record to its acknowledgement.
///
/// | state | event | next |
/// |---|---|---|
/// | open | a record fits | open |
/// | open | full, `linger.ms` passed, flush or close | sendable |
/// | sendable | drained (sequence stamped the first time) | in flight |
/// | in flight | acknowledged | gone (reported) |
/// | in flight | retriable error or timeout | sendable after backoff, same bytes |
/// | any but in flight | `delivery.timeout.ms` passed, or a fatal error | gone (reported as failed) |
/// | sendable, stamped | the epoch is bumped (KIP-360) | sendable, unstamped |
struct ProducerBatch {
    let id: UInt64
    let topicPartition: TopicPartition
    let createdAt: Instant
    let baseTimestamp: Int64
    private(set) var recordIDs: [RecordID] = []
    private(set) var records: [Record] = []
    private(set) var sizeBytes = RecordBatch.headerSize
    /// No more records once closed.
    var isClosed = false
    /// The stamped bytes, built at the first drain and sent unchanged by every retry, so the
    /// broker recognises a duplicate by its sequence.
    var built: RecordBatch?
    var attempts = 0
    var inFlightRequest: UInt64?
    var retryAt: Instant?

    init(id: UInt64, topicPartition: TopicPartition, createdAt: Instant) {
        self.id = id
        self.topicPartition = topicPartition
        self.createdAt = createdAt
        baseTimestamp = createdAt.milliseconds
    }

    var recordCount: Int { records.count }

    /// The record's size in this batch if it were appended now.
    func sizeOfNext(timestamp: Int64, key: [UInt8]?, value: [UInt8]?, headers: [RecordHeader]) -> Int {
        Record(
            offsetDelta: Int32(records.count), timestampDelta: timestamp - baseTimestamp, key: key, value: value,
            headers: headers
        ).encodedSize
    }

    mutating func append(_ id: RecordID, timestamp: Int64, key: [UInt8]?, value: [UInt8]?, headers: [RecordHeader]) {
        precondition(!isClosed && built == nil, "appending \(id) to closed batch \(self.id) of \(topicPartition)")
        let record = Record(
            offsetDelta: Int32(records.count), timestampDelta: timestamp - baseTimestamp, key: key, value: value,
            headers: headers)
        sizeBytes += record.encodedSize
        records.append(record)
        recordIDs.append(id)
    }

    /// Builds the bytes once, stamped with the producer's id, epoch and `baseSequence`.
    mutating func stamp(producerID: Int64, producerEpoch: Int16, baseSequence: Int32) {
        precondition(built == nil, "batch \(id) of \(topicPartition) is already stamped")
        isClosed = true
        built = RecordBatch.build(
            producerID: producerID, producerEpoch: producerEpoch, baseSequence: baseSequence,
            baseTimestamp: baseTimestamp, records: records)
    }
}
