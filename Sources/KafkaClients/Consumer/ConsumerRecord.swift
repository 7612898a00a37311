import KafkaCore

/// One record `poll` hands the application (Kafka's `ConsumerRecord`).
///
/// The key and value are not copied out of the fetch: a record `poll` returns (built from the
/// consumer's `FetchedRecords` when read) keeps a reference to the fetched bytes (shared by every
/// record of the fetch) and where its key and value lie in them, and `key` and `value` build their
/// arrays when read; `withValue` reads a value in place. A kept record keeps its fetch's bytes
/// alive.
public struct ConsumerRecord: Hashable, Sendable {
    public var topicPartition: TopicPartition
    public var offset: Offset
    /// The leader epoch of the batch the record came in (KIP-320).
    public var leaderEpoch: LeaderEpoch
    /// The record's timestamp in milliseconds (create or log-append time, as the batch says).
    public var timestamp: Int64
    public var headers: [RecordHeader]
    /// The bytes the key and value lie in: the fetch they were decoded from, or the key then the
    /// value when they were given as arrays.
    private var storage: [UInt8]
    private var keyField: Field
    private var valueField: Field

    /// Where a nullable byte field lies in `storage`: `count` −1 for null.
    private struct Field: Hashable, Sendable {
        var start: Int
        var count: Int

        static let null = Field(start: 0, count: -1)
    }

    public init(
        topicPartition: TopicPartition, offset: Offset, leaderEpoch: LeaderEpoch, timestamp: Int64, key: [UInt8]?,
        value: [UInt8]?, headers: [RecordHeader] = []
    ) {
        self.topicPartition = topicPartition
        self.offset = offset
        self.leaderEpoch = leaderEpoch
        self.timestamp = timestamp
        self.headers = headers
        (storage, keyField, valueField) = Self.pack(key, value)
    }

    /// A record whose key and value lie in `fetched` (`count` −1 for null), taken without copying them.
    init(
        topicPartition: TopicPartition, offset: Offset, leaderEpoch: LeaderEpoch, timestamp: Int64,
        headers: [RecordHeader], fetched: [UInt8], keyStart: Int, keyCount: Int, valueStart: Int, valueCount: Int
    ) {
        self.topicPartition = topicPartition
        self.offset = offset
        self.leaderEpoch = leaderEpoch
        self.timestamp = timestamp
        self.headers = headers
        storage = fetched
        keyField = keyCount < 0 ? .null : Field(start: keyStart, count: keyCount)
        valueField = valueCount < 0 ? .null : Field(start: valueStart, count: valueCount)
    }

    private static func pack(_ key: [UInt8]?, _ value: [UInt8]?) -> ([UInt8], Field, Field) {
        switch (key, value) {
        case (nil, nil): return ([], .null, .null)
        // A single field is kept as it is: no copy.
        case (let key?, nil): return (key, Field(start: 0, count: key.count), .null)
        case (nil, let value?): return (value, .null, Field(start: 0, count: value.count))
        case (let key?, let value?):
            return (key + value, Field(start: 0, count: key.count), Field(start: key.count, count: value.count))
        }
    }

    private func bytes(_ field: Field) -> [UInt8]? {
        guard field.count >= 0 else { return nil }
        if field.start == 0 && field.count == storage.count { return storage }
        return Array(storage[field.start..<(field.start + field.count)])
    }

    public var key: [UInt8]? {
        get { bytes(keyField) }
        set { (storage, keyField, valueField) = Self.pack(newValue, value) }
    }

    public var value: [UInt8]? {
        get { bytes(valueField) }
        set { (storage, keyField, valueField) = Self.pack(key, newValue) }
    }

    /// Calls `body` with the value's bytes in place (nil for a null value), without copying them.
    public func withValue<Result>(_ body: (UnsafeRawBufferPointer?) throws -> Result) rethrows -> Result {
        guard valueField.count >= 0 else { return try body(nil) }
        return try storage.withUnsafeBytes { bytes in
            try body(UnsafeRawBufferPointer(rebasing: bytes[valueField.start..<(valueField.start + valueField.count)]))
        }
    }

    public static func == (a: ConsumerRecord, b: ConsumerRecord) -> Bool {
        a.topicPartition == b.topicPartition && a.offset == b.offset && a.leaderEpoch == b.leaderEpoch
            && a.timestamp == b.timestamp && a.headers == b.headers && a.key == b.key && a.value == b.value
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(topicPartition)
        hasher.combine(offset)
        hasher.combine(leaderEpoch)
        hasher.combine(timestamp)
        hasher.combine(key)
        hasher.combine(value)
        hasher.combine(headers)
    }
}

/// What `poll` throws: failures the application must act on (Kafka's exceptions from `poll`).
public enum ConsumerError: Error, Hashable, Sendable {
    /// `auto.offset.reset=none` and these partitions have no valid committed offset
    /// (`NoOffsetForPartitionException`); `seek` them to go on.
    case noOffsetForPartition([TopicPartition])
    /// The group refused the member for good (`FENCED_INSTANCE_ID`, an inconsistent protocol, a
    /// bad session timeout…): the consumer stops taking part in the group.
    case groupFailed(KafkaError)
    /// `poll` after `close()`.
    case closed
}

/// The outcome of one offset commit, in completion order (`takeCommitResults()`).
public struct CommitResult: Hashable, Sendable {
    /// The offsets that were to be committed (the next offset to read, per partition).
    public var offsets: [TopicPartition: Offset]
    /// `NONE` when every partition was committed, else the first error.
    public var error: KafkaError
    /// Whether the consumer's auto-commit made it (rather than the application).
    public var isAutoCommit: Bool
    public var completedAt: Instant
}

/// Counters for the console.
public struct ConsumerCounters: Hashable, Sendable {
    /// Records `poll` returned.
    public var recordsConsumed = 0
    /// OffsetCommit requests sent, and those fully acknowledged or failed.
    public var commitsSent = 0
    public var commitsSucceeded = 0
    public var commitsFailed = 0
    /// Generations the member completed SyncGroup in.
    public var rebalances = 0
    public var joinGroupRequestsSent = 0
    public var heartbeatsSent = 0
    public var fetchRequestsSent = 0
    public var metadataRequestsSent = 0
    public var coordinatorLookups = 0
    /// Partitions reset by `auto.offset.reset`.
    public var offsetResets = 0
    /// LeaveGroup requests sent (close, or `max.poll.interval.ms` exceeded).
    public var leaveGroupRequestsSent = 0
    /// Requests that hit `request.timeout.ms`.
    public var requestTimeouts = 0
}
