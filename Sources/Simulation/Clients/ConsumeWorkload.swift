import KafkaClients
import KafkaCore

/// The application side of a benchmark `KafkaConsumer`: it assigns (or subscribes) the consumer
/// once, then polls after every event the consumer handled until nothing is buffered, as an
/// application in a tight `while true { poll() }` loop that processes records instantly. It
/// keeps no records, only counts, so any number of records fits in constant memory.
///
/// Records whose value starts with an 8-byte big-endian send instant in microseconds
/// (`stamp(_:)`) also yield an end-to-end latency: send instant → the poll that returned the
/// record, in simulated time.
public final class ConsumeWorkload: ClientApplication {
    public let intent: ConsumerClientMailbox.Intent
    /// Whether the values carry a send instant to measure latency from.
    public let measuresLatency: Bool
    /// Records `poll` returned.
    public private(set) var consumedRecords = 0
    /// When `poll` first and last returned records.
    public private(set) var firstRecordAt: Instant?
    public private(set) var lastRecordAt: Instant?
    /// Send-to-poll times of stamped records.
    public private(set) var latency = LatencyHistogram()
    /// Errors `poll` threw (a benchmark expects none).
    public private(set) var errors = 0
    private var started = false

    public init(intent: ConsumerClientMailbox.Intent, measuresLatency: Bool = false) {
        self.intent = intent
        self.measuresLatency = measuresLatency
    }

    /// The first 8 bytes of a latency-stamped value: `instant` in microseconds, big-endian.
    public static func stamp(_ instant: Instant) -> [UInt8] {
        withUnsafeBytes(of: instant.microseconds.bigEndian) { Array($0) }
    }

    /// The send instant a stamped `value` carries, nil when it is too short.
    static func sentAt(_ value: [UInt8]) -> Instant? {
        value.withUnsafeBytes { sentAt($0) }
    }

    /// `sentAt` of a value read in place (`ConsumerRecord.withValue`: no array per record).
    static func sentAt(_ value: UnsafeRawBufferPointer?) -> Instant? {
        guard let value, value.count >= 8 else { return nil }
        let microseconds = value.prefix(8).reduce(Int64(0)) { $0 << 8 | Int64($1) }
        return Instant(microseconds: microseconds)
    }

    public func drive(_ client: inout KafkaConsumer, at now: Instant) {
        guard !started else { return }
        started = true
        switch intent {
        case .subscribe(let topics): client.subscribe(topics)
        case .assign(let topicPartitions): client.assign(topicPartitions)
        }
    }

    /// Polls until a poll comes back empty: the fetch that just completed is drained at once,
    /// and the drained partitions are fetched again in the same event. The records are taken as
    /// `pollSlices` hands them over: only a latency measurement builds them, to read their values.
    public func collect(from client: inout KafkaConsumer, at now: Instant) {
        guard started else { return }
        while true {
            let slices: [FetchedRecords]
            do {
                slices = try client.pollSlices(at: now)
            } catch {
                errors += 1
                return
            }
            guard !slices.isEmpty else { return }
            consumedRecords += slices.reduce(0) { $0 + $1.count }
            if firstRecordAt == nil { firstRecordAt = now }
            lastRecordAt = now
            if measuresLatency {
                for record in slices.joined() {
                    if let sentAt = record.withValue(Self.sentAt) { latency.record(now - sentAt) }
                }
            }
        }
    }

    public var nextDeadline: Instant? { started ? nil : .zero }
}
