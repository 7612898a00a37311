import KafkaClients
import KafkaCluster
import KafkaCore
import Scenarios

/// A declared producer while the run goes: its client node, where its schedule has got to, and
/// what it sent. Record values carry `NAME#SEQUENCE|` first, so a record in the log says which
/// send it was (for loss and duplicate checks).
struct ProducerState {
    let spec: ProducerSpec
    /// Whether a value `NAME#SEQUENCE|` parses back (`ScenarioRun.sequence(in:)`) to SEQUENCE: the
    /// name holds no `#` (the first `#` is the name's end). Read per delivered batch, so found once.
    let numbersAreSequences: Bool
    var node: NodeID?
    /// The base rate now (`set-rate` changes it; the shape still applies).
    var recordsPerSecond: Double
    var acks: Acks
    var isCrashed = false
    var scheduledUntil: Instant?
    var sent = 0
    /// At sequence number − 1 (sequences are 1-based and dense): where the record was
    /// acknowledged, for records with a known offset.
    var acknowledged = AcknowledgedPlaces()
    var acknowledgedCount = 0
    /// Acknowledged places not handed to the live checks yet (nil: the run does not check live).
    var newlyAcknowledged: [(sequence: Int, partition: TopicPartition, offset: Offset)]?
    var failed = 0
    var failures: [String: Int] = [:]
    /// Clients replaced by `set-acks`, still closing: their reports still count.
    var closing: [NodeID] = []
    var retries = 0
    var requestTimeouts = 0
    /// Counters of clients that were replaced (crash and restart, `set-acks`).
    var retiredRetries = 0
    var retiredTimeouts = 0
    var keyDrawer = KeyDrawer()
    /// Since when the producer has had records waiting and no acknowledgement or failure came
    /// back (nil: it made progress at the last drain, or has nothing to send).
    var stallSince: Instant?
    /// The longest such stretch: what the application saw of an outage.
    var longestStall: (start: Instant, length: Duration)?
    /// Per partition: when the last acknowledgement came back, and the partition's slot in
    /// `acknowledged` (0 until one of its records is placed there); and the longest gap between
    /// two acknowledgements (a partition whose leader is cut off stalls while the others flow).
    /// Sorted by partition: a producer writes a few partitions, found by their number or searched
    /// (`partitionPlace(of:key:)`), not hashed per delivered batch.
    var acknowledgedPartitions: [(partition: TopicPartition, at: Instant, slot: UInt16)] = []
    var longestPartitionStall: (partition: TopicPartition, start: Instant, length: Duration)?

    /// Notes an acknowledgement for `partition` taken at `now` (again at the same instant changes
    /// nothing); its index in `acknowledgedPartitions`.
    @discardableResult
    mutating func noteAcknowledgement(_ partition: TopicPartition, at now: Instant) -> Int {
        let (index, found) = acknowledgedPartitions.partitionPlace(of: partition) { $0.partition }
        guard found else {
            acknowledgedPartitions.insert((partition, now, 0), at: index)
            return index
        }
        let last = acknowledgedPartitions[index].at
        if now - last > longestPartitionStall?.length ?? .zero {
            longestPartitionStall = (partition, last, now - last)
        }
        acknowledgedPartitions[index].at = now
        return index
    }

    /// Counts the delivery reports of one batch, and remembers where each acknowledged record
    /// landed. `numbers` are the records' `valueNumber`s (their sequences), when the mailbox knows
    /// them.
    ///
    /// The batch is `delivered[batch]`, its fields read in place: drained up to a sample interval
    /// after it was built, it has left the cache, and a copy of it (even one lent `borrowing`)
    /// retained its arrays, each retain stalling on a miss. Its partition is found once, for both
    /// the acknowledgement's time and the slot its records' places take.
    mutating func account(
        _ delivered: UnsafeBufferPointer<DeliveryBatch>, batch: Int,
        numbers: ProducerClientMailbox.DeliveryNumbers = .none, at now: Instant
    ) {
        switch delivered[batch].outcome {
        case .acknowledged:
            acknowledgedCount += delivered[batch].count
            let place = noteAcknowledgement(delivered[batch].topicPartition, at: now)
            // Each record's offset is the base offset plus its index; unknown for all or none.
            guard delivered[batch].baseOffset != .none, delivered[batch].batch != nil else { return }
            var slot = acknowledgedPartitions[place].slot
            if slot == 0 {
                slot = acknowledged.slot(of: delivered[batch].topicPartition)
                acknowledgedPartitions[place].slot = slot
            }
            // The sequences the mailbox sent the records with are the ones their values carry, as
            // long as the name holds no `#` (the value is then read from the name's end): no value
            // is parsed. Otherwise (or for records sent with values of their own) they are read
            // from the batch.
            if case .shifted(let shift) = numbers, numbersAreSequences {
                // Ids increase through a batch, and so do the numbers: the places are set in one
                // pass (sequences start at 1, so an index below 0 is no sequence).
                if let last = delivered[batch].recordIDs.last { acknowledged.grow(to: Int(last.rawValue) + shift) }
                acknowledged.set(
                    delivered[batch].recordIDs.lazy.map { Int($0.rawValue) + shift - 1 },
                    offsetsFrom: delivered[batch].baseOffset,
                    slot: slot)
                guard newlyAcknowledged != nil else { return }
                for (index, id) in delivered[batch].recordIDs.enumerated() where Int(id.rawValue) + shift > 0 {
                    let offset = delivered[batch].baseOffset.advanced(by: Int64(index))
                    newlyAcknowledged?.append((Int(id.rawValue) + shift, delivered[batch].topicPartition, offset))
                }
                return
            }
            if case .list(let numbers) = numbers, numbersAreSequences,
                numbers.count == delivered[batch].count
            {
                acknowledged.grow(to: numbers.max() ?? 0)
                for index in numbers.indices where numbers[index] > 0 {
                    noteAcknowledged(
                        sequence: numbers[index], at: delivered[batch].baseOffset.advanced(by: Int64(index)),
                        slot: slot,
                        partition: delivered[batch].topicPartition)
                }
                return
            }
            guard let bytes = delivered[batch].batch else { return }
            let sequences = ScenarioRun.sequences(in: bytes)
            for index in 0..<min(delivered[batch].count, sequences.count) {
                guard let sequence = sequences[index], sequence > 0 else { continue }
                noteAcknowledged(
                    sequence: sequence, at: delivered[batch].baseOffset.advanced(by: Int64(index)), slot: slot,
                    partition: delivered[batch].topicPartition)
            }
        case .failed(let error):
            failed += delivered[batch].count
            failures["\(error)", default: 0] += delivered[batch].count
        }
    }

    /// Remembers where record `sequence` (1 or more) was acknowledged: at `offset` of `partition`,
    /// whose slot in `acknowledged` is `slot`.
    mutating func noteAcknowledged(sequence: Int, at offset: Offset, slot: UInt16, partition: TopicPartition) {
        precondition(sequence > 0, "record sequences start at 1, not \(sequence)")
        acknowledged.grow(to: sequence)
        acknowledged.set(sequence - 1, offset: offset, slot: slot)
        newlyAcknowledged?.append((sequence, partition, offset))
    }

    /// Remembers where record `sequence` (1 or more) was acknowledged.
    mutating func noteAcknowledged(sequence: Int, at place: (TopicPartition, Offset)) {
        noteAcknowledged(
            sequence: sequence, at: place.1, slot: acknowledged.slot(of: place.0), partition: place.0)
    }

    /// The template a producer's mailbox writes its values from: `value(of:sequence:)`'s bytes.
    static func valueTemplate(of spec: ProducerSpec) -> ProducerClientMailbox.ValueTemplate {
        ProducerClientMailbox.ValueTemplate(
            prefix: Array(spec.name.utf8) + [UInt8(ascii: "#")], suffix: [UInt8(ascii: "|")],
            padding: UInt8(ascii: "."), size: spec.valueBytes)
    }

    /// Records handed to the client that have no outcome yet.
    var outstanding: Int { sent - acknowledgedCount - failed }

    /// Notes the drain at `now`: `progressed` when reports came back.
    mutating func noteDrain(progressed: Bool, at now: Instant) {
        if isCrashed {
            stallSince = nil
            return
        }
        if progressed {
            closeStall(at: now)
            stallSince = outstanding > 0 ? now : nil
        } else if stallSince == nil && outstanding > 0 {
            stallSince = now
        }
    }

    /// Ends the current stretch without progress at `now`, keeping it when it is the longest.
    mutating func closeStall(at now: Instant) {
        guard let since = stallSince else { return }
        stallSince = nil
        if now - since > longestStall?.length ?? .zero { longestStall = (since, now - since) }
    }

    init(spec: ProducerSpec) {
        self.spec = spec
        numbersAreSequences = !spec.name.utf8.contains(UInt8(ascii: "#"))
        recordsPerSecond = spec.recordsPerSecond
        acks = spec.acks
    }
}

/// Draws a producer's keys as its mailbox takes them: by their mailbox slots
/// (`ProducerClientMailbox.keySlot(for:)`), each key registered when first drawn, so that records
/// name their key by its slot instead of each holding its bytes.
struct KeyDrawer {
    /// The cumulative distribution of `zipf` key ranks, made at the first draw.
    var zipfTable: [Double] = []
    /// The slot of `key-N` by N, −1 until the key is first drawn.
    var keySlots: [Int32] = []
    /// The slot of the `hot` key, once drawn.
    var hotKeySlot: Int32?
    /// The mailbox the slots are registered with (a restarted producer has a new one; held, so
    /// that a new mailbox is never taken for it).
    var mailbox: ProducerClientMailbox?
    /// Keys numbered at or above this are built per record (bounds the mailbox's key table).
    static let keyCacheLimit = 1 << 16

    /// A drawn key as the producer's mailbox takes it.
    enum Drawn {
        case none
        /// Registered in the mailbox.
        case slot(Int32)
        /// Past the slots' limit: sent as bytes.
        case bytes([UInt8])
    }

    /// Draws for `mailbox` from now on, forgetting the slots of another one.
    mutating func use(_ mailbox: ProducerClientMailbox) {
        guard self.mailbox !== mailbox else { return }
        keySlots = []
        hotKeySlot = nil
        self.mailbox = mailbox
    }

    /// The next key of `keys`, drawn with `random`. Needs a mailbox (`use(_:)`). Inlined into
    /// `scheduleRecords`, which draws a key per record (the call cost a third of the draw).
    @inline(__always)
    mutating func draw(_ keys: KeyDistribution, random: inout SeededGenerator) -> Drawn {
        switch keys {
        case .none:
            return .none
        case .uniform(let keys):
            return key(Int(random.next(below: UInt64(max(1, keys)))))
        case .zipf(let keys, let exponent):
            if zipfTable.isEmpty { zipfTable = ScenarioRun.zipfTable(keys: max(1, keys), exponent: exponent) }
            let draw = Double(random.next() >> 11) / Double(UInt64(1) << 53)
            var low = 0
            var high = zipfTable.count - 1
            while low < high {
                let middle = (low + high) / 2
                if zipfTable[middle] < draw { low = middle + 1 } else { high = middle }
            }
            return key(low + 1)
        case .hot(let key, let share, let otherKeys):
            if random.chance(share) {
                if let slot = hotKeySlot { return .slot(slot) }
                let slot = registered(Array(key.utf8))
                hotKeySlot = slot
                return .slot(slot)
            }
            return self.key(Int(random.next(below: UInt64(max(1, otherKeys)))))
        }
    }

    /// `key-NUMBER` (as `ScenarioRun.bytes("key-", number)` spells it) by its slot, registered on
    /// first use; past `keyCacheLimit`, its bytes. Inlined into `draw`: once a key is registered
    /// (nearly every draw), this is one look-up.
    @inline(__always)
    private mutating func key(_ number: Int) -> Drawn {
        if number >= 0, number < keySlots.count, keySlots[number] >= 0 { return .slot(keySlots[number]) }
        return unregisteredKey(number)
    }

    /// `key(_:)` of a key without a slot yet.
    private mutating func unregisteredKey(_ number: Int) -> Drawn {
        guard number >= 0, number < Self.keyCacheLimit else { return .bytes(ScenarioRun.bytes("key-", number)) }
        if keySlots.count <= number {
            keySlots.append(contentsOf: repeatElement(-1, count: number + 1 - keySlots.count))
        }
        if keySlots[number] >= 0 { return .slot(keySlots[number]) }
        let slot = registered(ScenarioRun.bytes("key-", number))
        keySlots[number] = slot
        return .slot(slot)
    }

    /// `key`'s new slot in the mailbox.
    private func registered(_ key: [UInt8]) -> Int32 {
        guard let mailbox else { preconditionFailure("drawing a key for no mailbox") }
        return mailbox.keySlot(for: key)
    }
}

/// A declared consumer group while the run goes: its members' nodes (index = member number − 1).
struct GroupState {
    var spec: GroupSpec
    var members: [NodeID] = []
    var crashed: Set<Int> = []
    var closed: Set<Int> = []
    var recordsPerSecondPerMember: Double?
    var started = false
    var consumed = 0

    init(spec: GroupSpec) {
        self.spec = spec
        recordsPerSecondPerMember = spec.recordsPerSecondPerMember
    }
}

extension ScenarioRun {
    /// Starts the producers and groups whose `start` has come.
    mutating func startClients(until instant: Instant) {
        guard let origin else { return }
        for index in producers.indices where producers[index].node == nil && !producers[index].isCrashed {
            guard origin + producers[index].spec.start <= instant else { continue }
            startProducer(index, at: max(cluster.now, origin + producers[index].spec.start))
        }
        for index in groups.indices where !groups[index].started {
            guard origin + groups[index].spec.start <= cluster.now else { continue }
            groups[index].started = true
            for _ in 0..<groups[index].spec.members { addMember(to: index) }
        }
    }

    mutating func startProducer(_ index: Int, at instant: Instant) {
        var config = ProducerConfig(bootstrap: cluster.brokerIDs)
        config.acks = producers[index].acks.kafkaValue
        config.enableIdempotence = producers[index].spec.idempotence
        if producers[index].acks != .all && producers[index].spec.idempotence == nil {
            // Kafka turns idempotence off by default when acks is not all (it would refuse the mix).
            config.enableIdempotence = false
        }
        config.seed = random.next()
        let node = cluster.addProducerClient(config, client: takeClientNumber())
        cluster.producerMailbox(node)?.valueTemplate = ProducerState.valueTemplate(of: producers[index].spec)
        producers[index].node = node
        producers[index].scheduledUntil = instant
        // Room for the acknowledgements the whole run should bring (at most a few million): the
        // table then never copies itself as it grows, one entry per record.
        let expected = producers[index].spec.recordsPerSecond * Double(scenario.duration.microseconds) / 1e6
        if expected.isFinite, expected > 0 {
            producers[index].acknowledged.reserveCapacity(Int(min(expected * 1.1, 4_000_000)))
        }
    }

    mutating func takeClientNumber() -> Int32 {
        defer { nextClientNumber += 1 }
        return nextClientNumber
    }

    /// Adds one member to group `index`, numbered after the existing ones.
    mutating func addMember(to index: Int) {
        let spec = groups[index].spec
        let number = groups[index].members.count + 1
        var config = ConsumerConfig(bootstrap: cluster.brokerIDs, groupID: spec.name)
        config.clientID = "\(spec.name)-\(number)"
        if spec.staticMembership { config.groupInstanceID = config.clientID }
        config.partitionAssignmentStrategy = [spec.assignor.rawValue]
        config.autoOffsetReset = spec.offsetReset == .earliest ? .earliest : .latest
        switch spec.commit {
        case .auto(let interval):
            config.enableAutoCommit = true
            config.autoCommitInterval = interval
        case .manual:
            config.enableAutoCommit = false
        }
        let rate = groups[index].recordsPerSecondPerMember.map { max(1, Int($0.rounded())) }
        let node = cluster.addConsumerClient(
            config, client: takeClientNumber(), subscribe: spec.topics, recordsPerSecond: rate)
        groups[index].members.append(node)
    }

    /// Schedules every producer's records for `(scheduledUntil, end]`, evenly spaced at the rate
    /// its shape gives at each instant.
    mutating func scheduleRecords(until end: Instant) {
        guard let origin else { return }
        for index in producers.indices {
            guard let node = producers[index].node, !producers[index].isCrashed,
                var instant = producers[index].scheduledUntil, end > instant
            else { continue }
            let spec = producers[index].spec
            // Each record goes straight into the mailbox, as `sendRecords` would schedule a run
            // of them one by one.
            guard let mailbox = cluster.producerMailbox(node) else {
                preconditionFailure("\(node) is not a producer client")
            }
            // What changes per record is held in locals for the run and stored back after it: the
            // key drawer (moved out, so that its arrays stay uniquely referenced), the count sent.
            var drawer = KeyDrawer()
            swap(&drawer, &producers[index].keyDrawer)
            drawer.use(mailbox)
            let keys = spec.keys
            let baseRate = producers[index].recordsPerSecond
            var sent = producers[index].sent
            let topicSlot = mailbox.topicSlot(for: spec.topic)
            var scheduled = 0
            defer { if scheduled > 0 { cluster.wakeProducerClient(node) } }
            // A steady shape's factor is 1 at every instant, so the spacing is the same for every
            // record of the run: worked out once here rather than per record.
            let steadySpacing: Duration? =
                spec.shape == .steady && baseRate > 0.001
                ? .microseconds(max(1, Int64(1_000_000 / baseRate))) : nil
            while true {
                let spacing: Duration
                if let steadySpacing {
                    spacing = steadySpacing
                } else {
                    let sinceStart = instant - (origin + spec.start)
                    let factor = spec.shape.factor(at: sinceStart, baseRate: spec.recordsPerSecond)
                    let rate = baseRate * factor
                    guard rate > 0.001 else {
                        // A shape at zero: look again a little later.
                        instant = instant + .milliseconds(100)
                        if instant > end { break }
                        continue
                    }
                    spacing = .microseconds(max(1, Int64(1_000_000 / rate)))
                }
                let next = instant + spacing
                guard next <= end else { break }
                instant = next
                sent += 1
                let sequence = sent
                // Numbered records name their key by its slot in the mailbox (nothing held per
                // record); a key past the slots' limit goes whole.
                switch drawer.draw(keys, random: &random) {
                case .none:
                    mailbox.scheduleNumbered(at: instant, topicSlot: topicSlot, keySlot: nil, number: sequence)
                case .slot(let slot):
                    mailbox.scheduleNumbered(at: instant, topicSlot: topicSlot, keySlot: slot, number: sequence)
                case .bytes(let key):
                    mailbox.schedule(
                        ProducerClientMailbox.ScheduledRecord(
                            at: instant, topic: spec.topic, key: key, value: nil, headers: [], valueNumber: sequence))
                }
                scheduled += 1
            }
            producers[index].sent = sent
            swap(&drawer, &producers[index].keyDrawer)
            producers[index].scheduledUntil = instant
        }
    }

    /// `NAME#SEQUENCE|` padded with `.` to the producer's value size.
    static func value(of spec: ProducerSpec, sequence: Int) -> [UInt8] {
        var name = spec.name
        return name.withUTF8 { name in
            // Exactly the room it needs: one allocation per record, no growth.
            let digits = DecimalText.length(sequence)
            let count = max(spec.valueBytes, name.count + digits + 2)
            // Filled with the padding first (`repeating:count:` is specialised; the uninitialised
            // initialiser was not, and looked up its generic metadata per record).
            var value = [UInt8](repeating: UInt8(ascii: "."), count: count)
            value.withUnsafeMutableBufferPointer { buffer in
                var position = 0
                for byte in name {
                    buffer[position] = byte
                    position += 1
                }
                buffer[position] = UInt8(ascii: "#")
                position += 1
                DecimalText.write(sequence, digits: digits, into: buffer, at: position)
                position += digits
                buffer[position] = UInt8(ascii: "|")
            }
            return value
        }
    }

    /// `PREFIX` then `number` in decimal, as `Array("PREFIX\(number)".utf8)` spells it, without
    /// building a string per record.
    static func bytes(_ prefix: StaticString, _ number: Int) -> [UInt8] {
        let digits = DecimalText.length(number)
        let count = prefix.utf8CodeUnitCount + digits
        return [UInt8](unsafeUninitializedCapacity: count) { buffer, initialized in
            prefix.withUTF8Buffer { prefix in
                for index in prefix.indices { buffer[index] = prefix[index] }
            }
            DecimalText.write(number, digits: digits, into: buffer, at: prefix.utf8CodeUnitCount)
            initialized = count
        }
    }

    /// The sequence each record of `batch` carries (as `identity(of:)` reads it, nil for a value
    /// without one), read in place: no record, key or value is copied out. Empty when the batch
    /// does not decode, as `records()` would throw.
    static func sequences(in batch: RecordBatch) -> [Int?] {
        var sequences: [Int?] = []
        var decoded = false
        RecordBatch.forEachBatch(in: batch.bytes) { view in
            do throws(RecordBatchError) {
                try view.forEachRecord { record in sequences.append(record.value.flatMap(sequence(in:))) }
                decoded = true
            } catch {}
            return false
        }
        return decoded ? sequences : []
    }

    /// The sequence `identity(of:)` finds in a record value (the number between the first `#`
    /// and the next `|`, as `Int` parses it), without building strings.
    static func sequence(in value: UnsafeRawBufferPointer) -> Int? {
        guard let hash = value.firstIndex(of: UInt8(ascii: "#")) else { return nil }
        return sequence(in: value, hash: hash)
    }

    /// `sequence(in:)` when the first `#` of `value` is known to be at `hash`: one pass to the
    /// next `|`, giving up at the first byte that cannot belong to the number (a sign only comes
    /// first; no `|` at all, no digit or an overflow is nil, as `Int` parsing the text would say).
    static func sequence(in value: UnsafeRawBufferPointer, hash: Int) -> Int? {
        var position = hash + 1
        var negative = false
        if position < value.count, value[position] == UInt8(ascii: "-") || value[position] == UInt8(ascii: "+") {
            negative = value[position] == UInt8(ascii: "-")
            position += 1
        }
        let firstDigit = position
        var number = 0
        while position < value.count {
            let byte = value[position]
            if byte == UInt8(ascii: "|") { return position > firstDigit ? number : nil }
            let digit = byte &- UInt8(ascii: "0")
            guard digit < 10 else { return nil }
            let (shifted, overflowed) = number.multipliedReportingOverflow(by: 10)
            let (next, overflowedAgain) =
                negative
                ? shifted.subtractingReportingOverflow(Int(digit)) : shifted.addingReportingOverflow(Int(digit))
            guard !overflowed, !overflowedAgain else { return nil }
            number = next
            position += 1
        }
        return nil
    }

    /// The producer name and sequence a record value starts with, if it is one of the run's.
    static func identity(of value: [UInt8]) -> (producer: String, sequence: Int)? {
        guard let hash = value.firstIndex(of: UInt8(ascii: "#")),
            let bar = value[hash...].firstIndex(of: UInt8(ascii: "|")),
            let sequence = Int(String(decoding: value[(hash + 1)..<bar], as: UTF8.self))
        else { return nil }
        return (String(decoding: value[..<hash], as: UTF8.self), sequence)
    }

    /// The cumulative distribution of key ranks 1…keys with weight 1/k^exponent.
    static func zipfTable(keys: Int, exponent: Double) -> [Double] {
        var weights = (1...keys).map { 1 / power(Double($0), exponent) }
        let total = weights.reduce(0, +)
        var sum = 0.0
        for index in weights.indices {
            sum += weights[index] / total
            weights[index] = sum
        }
        weights[weights.count - 1] = 1
        return weights
    }

    /// x^y for x ≥ 1 by exp/log series, so a workload draws the same keys on every machine.
    static func power(_ x: Double, _ y: Double) -> Double {
        exponential(y * logarithm(x))
    }

    private static func logarithm(_ x: Double) -> Double {
        // ln(x) = 2·atanh((x−1)/(x+1)), after scaling x into [1, 2) by powers of two.
        var value = x
        var twos = 0.0
        while value >= 2 {
            value /= 2
            twos += 1
        }
        let t = (value - 1) / (value + 1)
        var term = t
        var sum = 0.0
        var n = 1.0
        while abs(term / n) > 1e-17 {
            sum += term / n
            term *= t * t
            n += 2
        }
        return 2 * sum + twos * 0.693_147_180_559_945_3
    }

    private static func exponential(_ x: Double) -> Double {
        // e^x = (e^(x/2^k))^(2^k) with a Taylor series for the small part.
        var k = 0
        var small = x
        while abs(small) > 0.5 {
            small /= 2
            k += 1
        }
        var term = 1.0
        var sum = 1.0
        var n = 1.0
        while abs(term) > 1e-17 {
            term *= small / n
            sum += term
            n += 1
        }
        for _ in 0..<k { sum *= sum }
        return sum
    }

    /// Takes every client's reports and consumed records, feeding the checkers.
    mutating func drainClients() {
        for index in producers.indices {
            var progressed = false
            let acknowledgedBefore = producers[index].acknowledgedCount
            for node in producers[index].closing + (producers[index].node.map { [$0] } ?? []) {
                let (delivered, numbers) = cluster.drainDeliveryBatchesWithNumbers(node)
                // Lent in place: an array's subscript would copy each batch (retaining its arrays).
                delivered.withUnsafeBufferPointer { delivered in
                    for batch in delivered.indices {
                        producers[index].account(delivered, batch: batch, numbers: numbers[batch], at: cluster.now)
                    }
                }
                if !delivered.isEmpty { progressed = true }
            }
            let acknowledgedNow = producers[index].acknowledgedCount - acknowledgedBefore
            if acknowledgedNow > 0 { metrics.acknowledged(producer: index, count: acknowledgedNow, at: cluster.now) }
            producers[index].noteDrain(progressed: progressed, at: cluster.now)
            producers[index].closing.removeAll { cluster.producerClient($0)?.isClosed ?? true }
            guard let node = producers[index].node else { continue }
            if let client = cluster.producerClient(node) {
                producers[index].retries = producers[index].retiredRetries + client.counters.retries
                producers[index].requestTimeouts = producers[index].retiredTimeouts + client.counters.requestTimeouts
            }
        }
        for index in groups.indices {
            for (memberIndex, node) in groups[index].members.enumerated() {
                guard let mailbox = cluster.consumerMailbox(node) else { continue }
                _ = mailbox.takeErrors()
                _ = mailbox.takeCommitResults()
                // The polls are read in place in the mailbox, through their pointers: iterating
                // them (or `reduce`) copied each one, and so did reading each field by the
                // buffer's subscript, retaining and releasing its arrays.
                let polled = mailbox.takeConsumedPolls { polls in
                    guard let first = polls.baseAddress, !polls.isEmpty else { return false }
                    var count = 0
                    for poll in first..<(first + polls.count) { count += poll.pointee.records.count }
                    groups[index].consumed += count
                    metrics.consumed(group: index, count: count, at: cluster.now)
                    // Each poll with the generation it was returned in: a drain may hold polls from
                    // both sides of a rebalance, and the later one legitimately rereads from the
                    // committed offset.
                    for poll in first..<(first + polls.count) {
                        consumerChecks.observe(
                            poll.pointee.records, group: groups[index].spec.name, member: memberIndex + 1,
                            generation: poll.pointee.generation, resets: poll.pointee.offsetResets, at: elapsed,
                            fault: lastFault)
                    }
                    return true
                }
                if polled, case .manual = groups[index].spec.commit { mailbox.requestCommit() }
            }
        }
    }
}
