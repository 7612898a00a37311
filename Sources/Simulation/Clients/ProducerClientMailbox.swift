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
        /// When set and `value` is nil, the value is the mailbox's `valueTemplate` written for this
        /// number when the record is sent (no bytes held per scheduled record), and the number is
        /// handed back with the record's delivery report (`takeNumberedDeliveryBatches()`).
        public var valueNumber: Int? = nil
    }

    /// A value numbered per record: `prefix`, the number in decimal, `suffix`, then `padding` up to
    /// `size` bytes (longer when the text does not fit). A scenario producer's values are
    /// `NAME#SEQUENCE|....`: each record's value is written into one reused buffer as it is sent
    /// instead of being allocated when scheduled and freed after the send.
    public struct ValueTemplate: Hashable, Sendable {
        public var prefix: [UInt8]
        public var suffix: [UInt8]
        public var padding: UInt8
        public var size: Int

        public init(prefix: [UInt8], suffix: [UInt8], padding: UInt8, size: Int) {
            self.prefix = prefix
            self.suffix = suffix
            self.padding = padding
            self.size = size
        }

        /// The value for `number`, as the mailbox sends it.
        public func value(_ number: Int) -> [UInt8] {
            var bytes: [UInt8] = []
            var written = 0
            write(number, into: &bytes, written: &written)
            return bytes
        }

        /// Writes the value for `number` into `bytes`, reusing its storage; `written` is where the
        /// text (not the padding) of what `bytes` holds ends, kept from call to call so only that
        /// much is padded again.
        /// `bytes` must have been written by this template only (or be empty): when `written` is
        /// not zero, the prefix is taken to be in place already.
        func write(_ number: Int, into bytes: inout [UInt8], written: inout Int) {
            let digits = DecimalText.length(number)
            let text = prefix.count + digits + suffix.count
            let count = max(size, text)
            if bytes.count != count {
                bytes = [UInt8](repeating: padding, count: count)
                written = 0
            }
            bytes.withUnsafeMutableBufferPointer { buffer in
                var position = prefix.count
                if written == 0 {
                    for index in prefix.indices { buffer[index] = prefix[index] }
                }
                DecimalText.write(number, digits: digits, into: buffer, at: position)
                position += digits
                for byte in suffix {
                    buffer[position] = byte
                    position += 1
                }
                while position < written {
                    buffer[position] = padding
                    position += 1
                }
            }
            written = text
        }
    }

    /// What `valueNumber`ed records' values are written from (nil: such records are sent with
    /// no value).
    public var valueTemplate: ValueTemplate? {
        didSet {
            valueBuffer = []
            valueBufferWritten = 0
        }
    }
    /// The buffer the numbered values are written into, and where its text ends.
    private var valueBuffer: [UInt8] = []
    private var valueBufferWritten = 0
    /// The numbers of the accepted numbered records, as runs of consecutive record ids with
    /// consecutive numbers (usually one run); reset when a new producer (after a restart) hands
    /// out ids from 0 again.
    private var numberRuns: [(firstID: UInt64, firstNumber: Int, count: Int)] = []
    private var lastAcceptedID: UInt64?
    /// Per undrained delivery batch: its records' numbers, nil when one of them had none.
    private var deliveryNumbers: [[Int]?] = []

    /// Scheduled records, undrained reports and refusals at most each.
    public static let limit = 1_000_000

    /// Records sent at least, before those sent are dropped from a schedule that never empties.
    static let compactionThreshold = 4_096

    /// Sorted by `at`, ties in scheduling order; the records sent may be dropped at any time.
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
        // The last record's instant is read in place, through the buffer: `scheduled.last` (or
        // the array's getter) would copy the record, retaining its fields.
        guard nextScheduled < scheduled.count,
            record.at < scheduled.withUnsafeBufferPointer({ $0[$0.count - 1].at })
        else {
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
            deliveryNumbers.removeAll(keepingCapacity: true)
            reportCount = 0
        }
        return deliveryBatches
    }

    /// `takeDeliveryBatches()`, each batch with its records' `valueNumber`s in order (nil when one
    /// of its records was not numbered).
    public func takeNumberedDeliveryBatches() -> (batches: [DeliveryBatch], numbers: [[Int]?]) {
        defer {
            deliveryBatches.removeAll(keepingCapacity: true)
            deliveryNumbers.removeAll(keepingCapacity: true)
            reportCount = 0
        }
        return (deliveryBatches, deliveryNumbers)
    }

    /// The number of the accepted record `id` of the current producer, if it was numbered.
    private func number(of id: RecordID) -> Int? {
        let raw = id.rawValue
        // Usually one run, or the last one: look there first.
        var low = 0
        var high = numberRuns.count
        if let last = numberRuns.last, raw >= last.firstID { low = numberRuns.count - 1 }
        while high - low > 1 {
            let middle = (low + high) / 2
            if numberRuns[middle].firstID <= raw { low = middle } else { high = middle }
        }
        guard low < numberRuns.count, raw >= numberRuns[low].firstID,
            raw - numberRuns[low].firstID < UInt64(numberRuns[low].count)
        else { return nil }
        return numberRuns[low].firstNumber + Int(raw - numberRuns[low].firstID)
    }

    /// Notes that the producer accepted record `id`, numbered `number` (or not).
    private func noteAccepted(_ id: RecordID, number: Int?) {
        // Ids only increase within one producer: a smaller one is a new producer's.
        if let last = lastAcceptedID, id.rawValue <= last { numberRuns.removeAll() }
        lastAcceptedID = id.rawValue
        guard let number else { return }
        if let last = numberRuns.last, last.firstID + UInt64(last.count) == id.rawValue,
            last.firstNumber + last.count == number
        {
            numberRuns[numberRuns.count - 1].count += 1
        } else {
            numberRuns.append((id.rawValue, number, 1))
        }
    }

    public func drive(_ client: inout KafkaProducer, at now: Instant) {
        if nextScheduled < scheduled.count, scheduled[nextScheduled].at <= now {
            // The schedule is moved to a local while sending and its records read through its
            // buffer: each record's fields are passed in place, neither the record copied nor its
            // fields retained per call.
            var records: [ScheduledRecord] = []
            swap(&records, &scheduled)
            // Unwrapped once: binding the optional per record would copy it (retaining its arrays).
            let template = valueTemplate ?? ValueTemplate(prefix: [], suffix: [], padding: 0, size: 0)
            let numbered = valueTemplate != nil
            records.withUnsafeBufferPointer { records in
                while nextScheduled < records.count, records[nextScheduled].at <= now {
                    let index = nextScheduled
                    nextScheduled += 1
                    send(records, index, template: template, numbered: numbered, to: &client, at: now)
                }
            }
            if nextScheduled == records.count {
                records.removeAll(keepingCapacity: true)
                nextScheduled = 0
            } else if nextScheduled >= Self.compactionThreshold && nextScheduled * 2 >= records.count {
                // A producer whose schedule runs ahead of its sends never empties it: drop the
                // records sent so far (moving the few waiting ones down) so that the schedule
                // reuses its storage instead of growing by every record of the run.
                records.removeSubrange(0..<nextScheduled)
                nextScheduled = 0
            }
            swap(&records, &scheduled)
        }
        if closeRequested && !client.isClosing && waiting == 0 { client.close() }
    }

    private func send(
        _ records: UnsafeBufferPointer<ScheduledRecord>, _ index: Int, template: ValueTemplate, numbered: Bool,
        to client: inout KafkaProducer, at now: Instant
    ) {
        let number = records[index].value == nil && numbered ? records[index].valueNumber : nil
        do {
            let id: RecordID
            if let number {
                template.write(number, into: &valueBuffer, written: &valueBufferWritten)
                id = try client.send(
                    topic: records[index].topic, key: records[index].key, value: valueBuffer,
                    headers: records[index].headers, at: now)
            } else {
                id = try client.send(
                    topic: records[index].topic, key: records[index].key, value: records[index].value,
                    headers: records[index].headers, at: now)
            }
            noteAccepted(id, number: number)
            accepted += 1
        } catch {
            precondition(refused.count < Self.limit, "more than \(Self.limit) refused records")
            var refusedRecord = records[index]
            if let number { refusedRecord.value = template.value(number) }
            refused.append((refusedRecord, error))
        }
    }

    public func collect(from client: inout KafkaProducer, at now: Instant) {
        let taken = client.takeDeliveryBatches()
        guard !taken.isEmpty else { return }
        let records = taken.reduce(0) { $0 + $1.count }
        precondition(reportCount + records <= Self.limit, "more than \(Self.limit) undrained delivery reports")
        reportCount += records
        for batch in taken {
            var numbers: [Int]? = []
            numbers?.reserveCapacity(batch.count)
            for id in batch.recordIDs {
                guard let number = number(of: id) else {
                    numbers = nil
                    break
                }
                numbers?.append(number)
            }
            deliveryNumbers.append(numbers)
        }
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
