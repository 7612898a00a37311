import KafkaClients
import KafkaCore

/// The application side of a hosted `KafkaProducer`: records to send (each at its instant),
/// a close request, and the delivery reports and refusals that came back, until taken.
///
/// The application's send loop runs in quanta of `sendQuantum` of virtual time (see
/// Docs/decisions/0004-producer-send-quantum.md): it wakes at the end of the quantum its next
/// record falls in and hands the producer, in order, every record due by then. A record is thus
/// sent at most one quantum after its scheduled instant, never before it; whenever the node wakes
/// for another reason (an answer, a call from outside) the records already due go at once.
public final class ProducerClientMailbox: ClientApplication {
    /// A record the application will hand to `send` at `at`.
    public struct ScheduledRecord: Hashable, Sendable {
        public var at: Instant
        public var topic: String
        public var key: [UInt8]?
        public var value: [UInt8]?
        public var headers: [RecordHeader]
    }

    /// Scheduled records, undrained reports and refusals at most each.
    public static let limit = 1_000_000

    /// Sorted by `at`, ties in scheduling order.
    public private(set) var scheduled: [ScheduledRecord] = []
    private var nextScheduled = 0
    /// The delivery reports not taken yet, a batch at a time.
    public private(set) var deliveryBatches: [DeliveryBatch] = []
    private var reportCount = 0
    /// The delivery reports not taken yet, one per record.
    public var reports: [DeliveryReport] { deliveryBatches.flatMap(\.reports) }
    /// Records `send` refused (buffer full, too large, closed).
    public private(set) var refused: [(record: ScheduledRecord, error: ProducerError)] = []
    public private(set) var closeRequested = false
    /// Records the producer accepted.
    public private(set) var accepted = 0

    /// How often the application's send loop wakes at most (zero: at each record's instant).
    public let sendQuantum: Duration

    /// The default send quantum, 1 ms of virtual time: well under `linger.ms`' default of 5 ms.
    public static let defaultSendQuantum: Duration = .milliseconds(1)

    public init(sendQuantum: Duration = ProducerClientMailbox.defaultSendQuantum) {
        precondition(sendQuantum >= .zero, "a send quantum cannot be negative: \(sendQuantum)")
        self.sendQuantum = sendQuantum
    }

    /// Records scheduled and not yet handed to the producer.
    public var waiting: Int { scheduled.count - nextScheduled }

    public func schedule(_ record: consuming ScheduledRecord) {
        precondition(scheduled.count < Self.limit, "more than \(Self.limit) scheduled records")
        // Records almost always come in time order: append at once. Otherwise, after the last
        // waiting record due at or before it (binary search), so ties keep scheduling order.
        // The last record's instant is read in place: `scheduled.last` would copy the record.
        guard nextScheduled < scheduled.count, record.at < scheduled[scheduled.count - 1].at else {
            scheduled.append(record)
            return
        }
        var low = nextScheduled
        var high = scheduled.count
        while low < high {
            let middle = (low + high) / 2
            if scheduled[middle].at <= record.at { low = middle + 1 } else { high = middle }
        }
        scheduled.insert(record, at: low)
    }

    /// `schedule(_:)` for each record in turn; a run already in time order after what waits (the
    /// usual case) is appended in one go.
    public func schedule(contentsOf records: [ScheduledRecord]) {
        precondition(scheduled.count + records.count <= Self.limit, "more than \(Self.limit) scheduled records")
        var inOrder = true
        var previous = nextScheduled < scheduled.count ? scheduled[scheduled.count - 1].at : nil
        for index in records.indices {
            if let previous, records[index].at < previous {
                inOrder = false
                break
            }
            previous = records[index].at
        }
        guard inOrder else {
            for record in records { schedule(record) }
            return
        }
        // Nothing waits (the usual case: the last run was sent): the run becomes the schedule,
        // no record copied.
        if scheduled.isEmpty { scheduled = records } else { scheduled += records }
    }

    public func requestClose() { closeRequested = true }

    public func takeReports() -> [DeliveryReport] {
        takeDeliveryBatches().flatMap(\.reports)
    }

    /// Takes the delivery reports a batch at a time (`takeReports()` without a report per record).
    public func takeDeliveryBatches() -> [DeliveryBatch] {
        defer {
            deliveryBatches.removeAll(keepingCapacity: true)
            reportCount = 0
        }
        return deliveryBatches
    }

    public func drive(_ client: inout KafkaProducer, at now: Instant) {
        while nextScheduled < scheduled.count, scheduled[nextScheduled].at <= now {
            let index = nextScheduled
            nextScheduled += 1
            do {
                // Fields read in place: a copy of the record would retain and release each.
                try client.send(
                    topic: scheduled[index].topic, key: scheduled[index].key, value: scheduled[index].value,
                    headers: scheduled[index].headers, at: now)
                accepted += 1
            } catch {
                precondition(refused.count < Self.limit, "more than \(Self.limit) refused records")
                refused.append((scheduled[index], error))
            }
        }
        if nextScheduled == scheduled.count && nextScheduled > 0 {
            scheduled.removeAll(keepingCapacity: true)
            nextScheduled = 0
        }
        if closeRequested && !client.isClosing && waiting == 0 { client.close() }
    }

    public func collect(from client: inout KafkaProducer, at now: Instant) {
        let taken = client.takeDeliveryBatches()
        guard !taken.isEmpty else { return }
        let records = taken.reduce(0) { $0 + $1.count }
        precondition(reportCount + records <= Self.limit, "more than \(Self.limit) undrained delivery reports")
        reportCount += records
        if deliveryBatches.isEmpty { deliveryBatches = taken } else { deliveryBatches += taken }
    }

    /// The end of the send quantum the next waiting record falls in (its own instant when that is
    /// on the quantum grid, or when the quantum is zero).
    public var nextDeadline: Instant? {
        guard nextScheduled < scheduled.count else { return nil }
        let at = scheduled[nextScheduled].at.microseconds
        let quantum = sendQuantum.microseconds
        guard quantum > 1 else { return scheduled[nextScheduled].at }
        let (quotient, remainder) = at.quotientAndRemainder(dividingBy: quantum)
        return remainder == 0 ? scheduled[nextScheduled].at : Instant(microseconds: (quotient + 1) * quantum)
    }
}
