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
            var written = Written()
            write(number, into: &bytes, written: &written)
            return bytes
        }

        /// What a buffer `write` wrote holds: where its text (not the padding) ends, 0 while it
        /// holds nothing, and the number the text spells.
        struct Written {
            var end = 0
            var number = 0
        }

        /// Writes the value for `number` into `bytes`, reusing its storage; `written` says what
        /// `bytes` holds, kept from call to call so only that much is padded again.
        /// `bytes` must have been written by this template only (or be empty): when `written.end`
        /// is not zero, the prefix is taken to be in place already.
        ///
        /// The number after the one `bytes` holds (a producer's sequences come one after the
        /// other) is written by adding one to the digits in place, carrying from the last, rather
        /// than by formatting it afresh (a division per digit, twice); only when every digit
        /// carries (one digit more) is it formatted. Inlined into the send loop, which writes a
        /// value per record (the call cost about as much as the usual one-digit increment).
        @inline(__always)
        func write(_ number: Int, into bytes: inout [UInt8], written: inout Written) {
            if written.end > 0 && number > 0 && written.number == number - 1 {
                let end = written.end - suffix.count
                let incremented = bytes.withUnsafeMutableBufferPointer { buffer in
                    var position = end - 1
                    while position >= prefix.count {
                        if buffer[position] != UInt8(ascii: "9") {
                            buffer[position] += 1
                            return true
                        }
                        buffer[position] = UInt8(ascii: "0")
                        position -= 1
                    }
                    return false
                }
                written.number = number
                if incremented { return }
            }
            let digits = DecimalText.length(number)
            let text = prefix.count + digits + suffix.count
            let count = max(size, text)
            if bytes.count != count {
                bytes = [UInt8](repeating: padding, count: count)
                written.end = 0
            }
            bytes.withUnsafeMutableBufferPointer { buffer in
                var position = prefix.count
                if written.end == 0 {
                    for index in prefix.indices { buffer[index] = prefix[index] }
                }
                DecimalText.write(number, digits: digits, into: buffer, at: position)
                position += digits
                for byte in suffix {
                    buffer[position] = byte
                    position += 1
                }
                while position < written.end {
                    buffer[position] = padding
                    position += 1
                }
            }
            written = Written(end: text, number: number)
        }
    }

    /// What `valueNumber`ed records' values are written from (nil: such records are sent with
    /// no value). Setting it empties the value buffer.
    public var valueTemplate: ValueTemplate? {
        get { hasTemplate ? template : nil }
        set {
            hasTemplate = newValue != nil
            template = newValue ?? ValueTemplate(prefix: [], suffix: [], padding: 0, size: 0)
            valueBuffer = []
            valueBufferWritten = ValueTemplate.Written()
        }
    }
    /// `valueTemplate` (an empty one when there is none, `hasTemplate` false), which `drive` takes
    /// out for a scheduling run and puts back after it (nil in between): unwrapping a copy of it
    /// retained its arrays per run, and swapping it with an empty one released that one's.
    private var template: ValueTemplate? = ValueTemplate(prefix: [], suffix: [], padding: 0, size: 0)
    private var hasTemplate = false
    /// The buffer the numbered values are written into (taken out by `drive` as the template is),
    /// and what it holds.
    private var valueBuffer: [UInt8]? = []
    private var valueBufferWritten = ValueTemplate.Written()
    /// The numbers of the accepted numbered records, as runs of consecutive record ids with
    /// consecutive numbers (usually one run); reset when a new producer (after a restart) hands
    /// out ids from 0 again.
    private var numberRuns: [(firstID: UInt64, firstNumber: Int, count: Int)] = []
    private var lastAcceptedID: UInt64?
    /// The id and number that would extend the last run of `numberRuns` (nil while there is
    /// none): the usual accepted record is checked against these and counted, no run read.
    private var runContinuation: (id: UInt64, number: Int)?
    /// Records accepted that continue the last run of `numberRuns` and are not counted in its
    /// `count` yet (`countContinuedRun()` adds them before the runs are read or changed): the usual
    /// accepted record only bumps this, where a store into the run table checked the table's
    /// uniqueness per record.
    private var uncountedInLastRun = 0
    /// Per undrained delivery batch: its records' numbers.
    private var deliveryNumbers: [DeliveryNumbers] = []
    /// Per undrained delivery batch: what the cluster's checker notes of it, read as it is
    /// collected (its bytes then still in cache; by the drain, up to a sample interval later, they
    /// have left it); nil when it was never sent.
    private var deliveryStamps: [DeliveryStamp?] = []

    /// The fields of a delivered batch's bytes the checker notes (`ClusterChecker.acknowledged`).
    struct DeliveryStamp {
        var checksum: UInt32
        var lastOffsetDelta: Int32

        init(of batch: borrowing RecordBatch) {
            checksum = batch.crc
            lastOffsetDelta = batch.lastOffsetDelta
        }
    }

    /// The `valueNumber`s of a delivered batch's records, in order.
    enum DeliveryNumbers {
        /// One of the records had none.
        case none
        /// Each record's number is its id's raw value plus `shift` (the records were accepted in
        /// one run of consecutive ids with consecutive numbers: usually all of them). No array
        /// per batch.
        case shifted(Int)
        case list([Int])

        /// The numbers of the records `ids` as `takeNumberedDeliveryBatches()` hands them.
        func numbers(of ids: [RecordID]) -> [Int]? {
            switch self {
            case .none: nil
            case .shifted(let shift): ids.map { Int($0.rawValue) + shift }
            case .list(let numbers): numbers
            }
        }

        /// Each batch's numbers (`numbers[i]` those of `batches[i]`) as lists.
        static func lists(_ numbers: [DeliveryNumbers], of batches: [DeliveryBatch]) -> [[Int]?] {
            batches.indices.map { numbers[$0].numbers(of: batches[$0].recordIDs) }
        }
    }

    /// Scheduled records, undrained reports and refusals at most each.
    public static let limit = 1_000_000

    /// Records sent at least, before those sent are dropped from a schedule that never empties.
    static let compactionThreshold = 4_096
    /// How many times the records sent must outnumber those waiting before they are dropped.
    static let compactionRatio = 16

    /// A scheduled record as the mailbox keeps it: plain values only, so scheduling, sending and
    /// dropping it retain and release nothing. A numbered record (`scheduleNumbered`) names its
    /// topic and key by their slots in `topics` and `keys`; any other record is kept whole in
    /// `pool` and named by its place there.
    struct Entry {
        var at: Instant
        /// The record's number (`valueNumber`), for a numbered record.
        var number: Int
        /// The slot of the topic in `topics`, of the key in `keyRanges` (−1: no key), of the record
        /// in `pool` (−1: a numbered record).
        var topic: Int32
        var key: Int32
        var pooled: Int32
        /// The key's `Murmur2.hash` (0 without a key), which the producer partitions by: hashed once
        /// per key slot instead of once per record.
        var keyHash: Int32 = 0
        /// A key of up to 16 bytes is copied here too, so sending reads it from the entry instead
        /// of from the key table: the keys are drawn at random, and by the time a record is sent
        /// the table has left the cache.
        var inlineKey = InlineKey.none

        init(at: Instant, number: Int, topic: Int32, key: Int32, pooled: Int32) {
            self.at = at
            self.number = number
            self.topic = topic
            self.key = key
            self.pooled = pooled
        }
    }

    /// Sorted by `at`, ties in scheduling order; the entries sent may be dropped at any time.
    private var entries: [Entry] = []
    private var nextScheduled = 0
    /// The records scheduled whole (`schedule(_:)`), by their entries' `pooled`.
    private var pool: [ScheduledRecord] = []
    /// The topics and keys of numbered records, by slot; kept for the mailbox's life (a scenario
    /// producer has one topic and a bounded set of keys). The keys' bytes lie end to end in
    /// `keyBytes`: a record's key is copied from there into one reused buffer as it is sent, so
    /// sending touches no array per key (retaining a thousand keys' arrays in turn cost a cache
    /// miss per record).
    private var topics: [String] = []
    private var keyBytes: [UInt8] = []
    private var keyRanges: [Range<Int>] = []
    /// Per key slot: the key as an entry holds it inline (`InlineKey.none` for a longer key),
    /// made once when the key is registered, so that scheduling a record copies it from here
    /// instead of from a range of `keyBytes`.
    private var inlineKeys: [InlineKey] = []
    /// Per key slot: the key's `Murmur2.hash`, made once when the key is registered.
    private var keyHashes: [Int32] = []

    /// A key of up to 16 bytes held inline: `count` bytes of `bytes` (−1: no key held inline).
    struct InlineKey {
        var count: Int8
        var bytes: (UInt64, UInt64)

        static let none = InlineKey(count: -1, bytes: (0, 0))

        /// The key's bytes (at most 16).
        func withUnsafeBytes<Result>(_ body: (UnsafeRawBufferPointer) -> Result) -> Result {
            Swift.withUnsafeBytes(of: bytes) { body(UnsafeRawBufferPointer(rebasing: $0[..<Int(count)])) }
        }
    }

    /// The scheduled records, sorted by `at`, ties in scheduling order (those sent may have been
    /// dropped already; the last `waiting` are the ones not sent).
    public var scheduled: [ScheduledRecord] { entries.map(record(of:)) }

    /// The record an entry stands for.
    private func record(of entry: Entry) -> ScheduledRecord {
        if entry.pooled >= 0 { return pool[Int(entry.pooled)] }
        return ScheduledRecord(
            at: entry.at, topic: topics[Int(entry.topic)],
            key: entry.key >= 0 ? Array(keyBytes[keyRanges[Int(entry.key)]]) : nil, value: nil, headers: [],
            valueNumber: entry.number)
    }

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
    public var waiting: Int { entries.count - nextScheduled }

    public func schedule(_ record: consuming ScheduledRecord) {
        precondition(entries.count < Self.limit, "more than \(Self.limit) scheduled records")
        let at = record.at
        pool.append(record)
        insert(Entry(at: at, number: 0, topic: -1, key: -1, pooled: Int32(pool.count - 1)))
    }

    /// The slot `scheduleNumbered` names `key` by, kept for the mailbox's life: register each
    /// distinct key once and keep its slot.
    public func keySlot(for key: [UInt8]) -> Int32 {
        precondition(keyRanges.count < Int(Int32.max), "too many keys")
        keyRanges.append(keyBytes.count..<(keyBytes.count + key.count))
        keyBytes += key
        var inline = InlineKey.none
        if key.count <= MemoryLayout.size(ofValue: inline.bytes) {
            withUnsafeMutableBytes(of: &inline.bytes) { $0.copyBytes(from: key) }
            inline.count = Int8(key.count)
        }
        inlineKeys.append(inline)
        keyHashes.append(Murmur2.hash(key))
        return Int32(keyRanges.count - 1)
    }

    /// Schedules a record of the topic registered as `topicSlot` with the key registered as
    /// `keySlot` (nil: no key), no headers, and the value `valueTemplate` writes for `number` (no
    /// value without a template): `schedule(_:)` of such a `ScheduledRecord` (`valueNumber`
    /// `number`), without holding any array per record.
    public func scheduleNumbered(at: Instant, topicSlot: Int32, keySlot: Int32?, number: Int) {
        precondition(entries.count < Self.limit, "more than \(Self.limit) scheduled records")
        precondition(topicSlot >= 0 && Int(topicSlot) < topics.count, "unknown topic slot \(topicSlot)")
        var entry = Entry(at: at, number: number, topic: topicSlot, key: keySlot ?? -1, pooled: -1)
        if let keySlot {
            precondition(keySlot >= 0 && Int(keySlot) < keyRanges.count, "unknown key slot \(keySlot)")
            entry.inlineKey = inlineKeys[Int(keySlot)]
            entry.keyHash = keyHashes[Int(keySlot)]
        }
        insert(entry)
    }

    /// The slot `scheduleNumbered` names `topic` by, added when new and kept for the mailbox's
    /// life: a scheduler looks it up once per run of records rather than once per record.
    public func topicSlot(for topic: String) -> Int32 {
        if let last = topics.indices.last, topics[last] == topic { return Int32(last) }
        if let index = topics.firstIndex(of: topic) { return Int32(index) }
        topics.append(topic)
        return Int32(topics.count - 1)
    }

    /// Puts `entry` in time order: records almost always come in time order and are appended at
    /// once; otherwise after the last waiting record due at or before it (binary search), so ties
    /// keep scheduling order.
    private func insert(_ entry: Entry) {
        guard nextScheduled < entries.count, entry.at < entries[entries.count - 1].at else {
            entries.append(entry)
            return
        }
        var low = nextScheduled
        var high = entries.count
        while low < high {
            let middle = (low + high) / 2
            if entries[middle].at <= entry.at { low = middle + 1 } else { high = middle }
        }
        entries.insert(entry, at: low)
    }

    /// `schedule(_:)` for each record in turn.
    public func schedule(contentsOf records: [ScheduledRecord]) {
        precondition(entries.count + records.count <= Self.limit, "more than \(Self.limit) scheduled records")
        for record in records { schedule(record) }
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
            deliveryStamps.removeAll(keepingCapacity: true)
            reportCount = 0
        }
        return deliveryBatches
    }

    /// `takeDeliveryBatches()`, each batch with its records' `valueNumber`s in order (nil when one
    /// of its records was not numbered).
    public func takeNumberedDeliveryBatches() -> (batches: [DeliveryBatch], numbers: [[Int]?]) {
        let (batches, numbers, _) = takeDeliveryBatchesWithNumbers()
        return (batches, DeliveryNumbers.lists(numbers, of: batches))
    }

    /// `takeNumberedDeliveryBatches()` with the numbers as the mailbox keeps them, and each batch's
    /// stamp (`batches[i]`'s `stamps[i]`).
    func takeDeliveryBatchesWithNumbers() -> (
        batches: [DeliveryBatch], numbers: [DeliveryNumbers], stamps: [DeliveryStamp?]
    ) {
        defer {
            deliveryBatches.removeAll(keepingCapacity: true)
            deliveryNumbers.removeAll(keepingCapacity: true)
            deliveryStamps.removeAll(keepingCapacity: true)
            reportCount = 0
        }
        return (deliveryBatches, deliveryNumbers, deliveryStamps)
    }

    /// The numbers of the accepted records `ids` of the current producer, in order.
    private func numbers(of ids: [RecordID]) -> DeliveryNumbers {
        // Ids in one run of the run table: every id between the first and the last is in it.
        if let first = ids.first, let last = ids.last, let run = run(of: first), last.rawValue >= first.rawValue,
            last.rawValue - numberRuns[run].firstID < UInt64(numberRuns[run].count), Self.rise(ids)
        {
            return .shifted(numberRuns[run].firstNumber - Int(numberRuns[run].firstID))
        }
        var numbers: [Int] = []
        numbers.reserveCapacity(ids.count)
        for id in ids {
            guard let number = number(of: id) else { return .none }
            numbers.append(number)
        }
        return .list(numbers)
    }

    /// Whether `ids` rise strictly, read through their buffer in one loop (a `zip` of the ids with
    /// themselves and a closure per pair cost about three times as much, per delivered record).
    static func rise(_ ids: [RecordID]) -> Bool {
        ids.withUnsafeBufferPointer { ids in
            guard var previous = ids.first?.rawValue else { return true }
            for id in ids.dropFirst() {
                guard id.rawValue > previous else { return false }
                previous = id.rawValue
            }
            return true
        }
    }

    /// The number of the accepted record `id` of the current producer, if it was numbered.
    private func number(of id: RecordID) -> Int? {
        guard let run = run(of: id) else { return nil }
        return numberRuns[run].firstNumber + Int(id.rawValue - numberRuns[run].firstID)
    }

    /// The index in `numberRuns` of the run holding the accepted record `id`, if any.
    private func run(of id: RecordID) -> Int? {
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
        return low
    }

    /// Notes that the producer accepted record `id`, numbered `number` (or not). Inlined into
    /// the send loop: the usual record continues the last run, a few stores.
    @inline(__always)
    private func noteAccepted(_ id: RecordID, number: Int?) {
        if let number, let next = runContinuation, next.id == id.rawValue, next.number == number {
            // The record after the last one accepted (so the same producer's) continues its run.
            uncountedInLastRun += 1
            lastAcceptedID = id.rawValue
            runContinuation = (id.rawValue &+ 1, number &+ 1)
            return
        }
        noteAcceptedOutOfRun(id, number: number)
    }

    /// `noteAccepted` of a record that does not continue the last run.
    private func noteAcceptedOutOfRun(_ id: RecordID, number: Int?) {
        countContinuedRun()
        // Ids only increase within one producer: a smaller one is a new producer's.
        if let last = lastAcceptedID, id.rawValue <= last {
            numberRuns.removeAll()
            runContinuation = nil
        }
        lastAcceptedID = id.rawValue
        guard let number else { return }
        if let last = numberRuns.last, last.firstID + UInt64(last.count) == id.rawValue,
            last.firstNumber + last.count == number
        {
            numberRuns[numberRuns.count - 1].count += 1
        } else {
            numberRuns.append((id.rawValue, number, 1))
        }
        runContinuation = (id.rawValue &+ 1, number &+ 1)
    }

    public func drive(_ client: inout KafkaProducer, at now: Instant) {
        if nextScheduled < entries.count, entries[nextScheduled].at <= now {
            // The template and the value buffer are moved to locals while sending: read through
            // the class's properties, they were retained and released around every send.
            let template = self.template.take() ?? ValueTemplate(prefix: [], suffix: [], padding: 0, size: 0)
            let numbered = hasTemplate
            var buffer = valueBuffer.take() ?? []
            var written = valueBufferWritten
            // The topic of the last numbered record, read from `topics` only when it changes (a
            // name read per record was retained and released per record).
            var topicSlot: Int32 = -1
            var topic = ""
            // Every record of the run is sent at `now`, so they share its timestamp: worked out once.
            let timestamp = now.milliseconds
            // The entries due are found first, in one tight pass: scheduled up to a sample interval
            // ago, they have left the cache, and reading each between two sends paid its miss
            // alone, where this pass overlaps them (sending adds no entry).
            var due = nextScheduled
            while due < entries.count && entries[due].at <= now { due += 1 }
            while nextScheduled < due {
                let entry = entries[nextScheduled]
                nextScheduled += 1
                if entry.pooled >= 0 {
                    sendPooled(
                        Int(entry.pooled), template: template, numbered: numbered, buffer: &buffer, written: &written,
                        to: &client, at: now)
                } else {
                    if entry.topic != topicSlot {
                        topicSlot = entry.topic
                        topic = topics[Int(topicSlot)]
                    }
                    sendNumbered(
                        entry, topic: topic, template: template, numbered: numbered, buffer: &buffer,
                        written: &written, to: &client, timestamp: timestamp, at: now)
                }
            }
            self.template = consume template
            valueBuffer = consume buffer
            valueBufferWritten = written
            if nextScheduled == entries.count {
                entries.removeAll(keepingCapacity: true)
                pool.removeAll(keepingCapacity: true)
                nextScheduled = 0
            } else if nextScheduled >= Self.compactionThreshold && waiting * Self.compactionRatio <= nextScheduled {
                // A producer whose schedule runs ahead of its sends never empties it: drop the
                // entries sent so far (moving the waiting ones down) so that the schedule reuses
                // its storage instead of growing by every record of the run. Only once the sent
                // ones outnumber the waiting ones `compactionRatio` times: a scenario schedules a
                // sample interval ahead, and moving that many entries down every few thousand
                // sends cost more than the whole rest of the schedule's upkeep.
                entries.removeSubrange(0..<nextScheduled)
                nextScheduled = 0
                compactPool()
            }
        }
        if closeRequested && !client.isClosing && waiting == 0 { client.close() }
    }

    /// Keeps only the pooled records still waiting, renumbering their entries.
    private func compactPool() {
        guard !pool.isEmpty else { return }
        var kept: [ScheduledRecord] = []
        for index in entries.indices where entries[index].pooled >= 0 {
            kept.append(pool[Int(entries[index].pooled)])
            entries[index].pooled = Int32(kept.count - 1)
        }
        pool = kept
    }

    /// Sends a numbered entry of `topic` (its topic slot's name): its key and its value (written
    /// into `buffer`) lent in place, with the key's hash, no array made; `timestamp` is `now`'s.
    private func sendNumbered(
        _ entry: Entry, topic: String, template: ValueTemplate, numbered: Bool, buffer: inout [UInt8],
        written: inout ValueTemplate.Written, to client: inout KafkaProducer, timestamp: Int64, at now: Instant
    ) {
        let number = numbered ? entry.number : nil
        let sent: Result<RecordID, ProducerError>
        // The value's bytes are lent here, outside the key's closure: read from inside it, the
        // buffer was retained and released per record.
        if let number {
            template.write(number, into: &buffer, written: &written)
            sent = buffer.withUnsafeBytes { value in
                send(entry, topic: topic, value: NullableBytes(value), to: &client, timestamp: timestamp, at: now)
            }
        } else {
            sent = send(entry, topic: topic, value: .null, to: &client, timestamp: timestamp, at: now)
        }
        settle(sent, number: number, template: template) { record(of: entry) }
    }

    /// Hands a numbered `entry` of `topic` with `value` to the producer, its key lent in place
    /// from the entry itself when it is held inline, else from `keyBytes`, with its hash and
    /// `timestamp` (`now`'s). Inlined: once per record.
    @inline(__always)
    private func send(
        _ entry: Entry, topic: String, value: NullableBytes, to client: inout KafkaProducer, timestamp: Int64,
        at now: Instant
    ) -> Result<RecordID, ProducerError> {
        func send(_ key: NullableBytes, hash: Int32?) -> Result<RecordID, ProducerError> {
            Result { () throws(ProducerError) in
                try client.send(
                    topic: topic, keyBytes: key, keyHash: hash, valueBytes: value, timestamp: timestamp, at: now)
            }
        }
        guard entry.key >= 0 else { return send(.null, hash: nil) }
        if entry.inlineKey.count >= 0 {
            return entry.inlineKey.withUnsafeBytes { send(NullableBytes($0), hash: entry.keyHash) }
        }
        let range = keyRanges[Int(entry.key)]
        return keyBytes.withUnsafeBytes {
            send(NullableBytes(UnsafeRawBufferPointer(rebasing: $0[range])), hash: entry.keyHash)
        }
    }

    private func sendPooled(
        _ index: Int, template: ValueTemplate, numbered: Bool, buffer: inout [UInt8],
        written: inout ValueTemplate.Written, to client: inout KafkaProducer, at now: Instant
    ) {
        let number = pool[index].value == nil && numbered ? pool[index].valueNumber : nil
        if let number { template.write(number, into: &buffer, written: &written) }
        let value = number == nil ? pool[index].value : buffer
        let sent = Result { () throws(ProducerError) in
            try client.send(
                topic: pool[index].topic, key: pool[index].key, value: value, headers: pool[index].headers, at: now)
        }
        settle(sent, number: number, template: template) { pool[index] }
    }

    /// Notes what the producer made of a record handed to it, numbered `number` (its value then
    /// the one `template` writes for it): counts it accepted, or files it refused as
    /// `refusedRecord()` gives it, with that value.
    @inline(__always)
    private func settle(
        _ sent: Result<RecordID, ProducerError>, number: Int?, template: ValueTemplate,
        refusedRecord: () -> ScheduledRecord
    ) {
        switch sent {
        case .success(let id):
            noteAccepted(id, number: number)
            accepted += 1
        case .failure(let error):
            precondition(refused.count < Self.limit, "more than \(Self.limit) refused records")
            var record = refusedRecord()
            if let number { record.value = template.value(number) }
            refused.append((record, error))
        }
    }

    /// Adds the records that continued the last run (`uncountedInLastRun`) to its count.
    private func countContinuedRun() {
        guard uncountedInLastRun > 0 else { return }
        numberRuns[numberRuns.count - 1].count += uncountedInLastRun
        uncountedInLastRun = 0
    }

    public func collect(from client: inout KafkaProducer, at now: Instant) {
        // Appended straight to the undrained ones: no array handed over per call.
        let first = deliveryBatches.count
        client.takeDeliveryBatches(into: &deliveryBatches)
        guard deliveryBatches.count > first else { return }
        countContinuedRun()
        // By index: iterating would copy each batch (retaining its arrays) to read its ids.
        for index in first..<deliveryBatches.count {
            reportCount += deliveryBatches[index].count
            deliveryNumbers.append(numbers(of: deliveryBatches[index].recordIDs))
            deliveryStamps.append(deliveryBatches[index].batch.map(DeliveryStamp.init(of:)))
        }
        precondition(reportCount <= Self.limit, "more than \(Self.limit) undrained delivery reports")
    }

    /// The end of the send quantum the next waiting record falls in (its own instant when that is
    /// on the quantum grid, or when the quantum is zero).
    public var nextDeadline: Instant? {
        guard nextScheduled < entries.count else { return nil }
        let next = entries[nextScheduled].at
        let quantum = sendQuantum.microseconds
        guard quantum > 1 else { return next }
        let (quotient, remainder) = next.microseconds.quotientAndRemainder(dividingBy: quantum)
        return remainder == 0 ? next : Instant(microseconds: (quotient + 1) * quantum)
    }
}
