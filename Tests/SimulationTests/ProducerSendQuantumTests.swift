import KafkaClients
import KafkaCore
import Scenarios
import Testing

@testable import Simulation

/// The producer application's send loop (Docs/decisions/0004-producer-send-quantum.md) and the
/// offset ranges the consumer checks keep.
@Suite struct ProducerSendQuantumTests {
    static func record(at microseconds: Int64, _ tag: String) -> ProducerClientMailbox.ScheduledRecord {
        ProducerClientMailbox.ScheduledRecord(
            at: Instant(microseconds: microseconds), topic: "orders", key: nil, value: Array(tag.utf8), headers: [])
    }

    @Test("records are kept in time order, ties in scheduling order, whatever order they are scheduled in")
    func scheduleOrder() {
        let mailbox = ProducerClientMailbox()
        for (at, tag) in [(300, "a"), (700, "b"), (500, "c"), (700, "d"), (100, "e"), (700, "f"), (900, "g")] {
            mailbox.schedule(Self.record(at: Int64(at), tag))
        }
        #expect(
            mailbox.scheduled.map { String(decoding: $0.value ?? [], as: UTF8.self) }
                == Array("eacbdfg").map(String.init))
        #expect(mailbox.waiting == 7)
    }

    @Test("the application wakes at the end of the quantum its next record falls in and sends all that is due")
    func quantumDeadline() {
        let mailbox = ProducerClientMailbox()
        #expect(mailbox.sendQuantum == .milliseconds(1))
        #expect(mailbox.nextDeadline == nil)
        for at in [1_300, 1_700, 2_000, 2_001, 4_999] { mailbox.schedule(Self.record(at: Int64(at), "r")) }
        #expect(mailbox.nextDeadline == Instant(microseconds: 2_000))
        var producer = KafkaProducer(config: ProducerConfig(bootstrap: [BrokerID(1)]))
        mailbox.drive(&producer, at: Instant(microseconds: 2_000))
        // 1.3 ms, 1.7 ms and the record on the grid at 2 ms go together; 2.001 ms waits for 3 ms.
        #expect(mailbox.accepted == 3)
        #expect(mailbox.nextDeadline == Instant(microseconds: 3_000))
        mailbox.drive(&producer, at: Instant(microseconds: 3_000))
        #expect(mailbox.accepted == 4)
        #expect(mailbox.nextDeadline == Instant(microseconds: 5_000))
        mailbox.drive(&producer, at: Instant(microseconds: 5_000))
        #expect(mailbox.accepted == 5)
        #expect(mailbox.nextDeadline == nil)
        #expect(producer.recordsPending == 5)
    }

    @Test("a schedule that never empties drops the records it sent, keeping the waiting ones in order")
    func scheduleCompaction() {
        let mailbox = ProducerClientMailbox()
        var producer = KafkaProducer(config: ProducerConfig(bootstrap: [BrokerID(1)]))
        var next = 0
        // Always 100 records scheduled ahead of the one sent last.
        func scheduleUpTo(_ last: Int) {
            while next <= last {
                mailbox.schedule(Self.record(at: Int64(next) * 1_000, "r\(next)"))
                next += 1
            }
        }
        scheduleUpTo(100)
        for millisecond in 1...10_000 {
            mailbox.drive(&producer, at: Instant(microseconds: Int64(millisecond) * 1_000))
            scheduleUpTo(millisecond + 100)
            #expect(mailbox.waiting == 100)
        }
        #expect(mailbox.accepted == 10_001)
        #expect(mailbox.scheduled.count < 2 * ProducerClientMailbox.compactionThreshold + 200)
        let waiting = mailbox.scheduled.suffix(mailbox.waiting).map { String(decoding: $0.value ?? [], as: UTF8.self) }
        #expect(waiting == (10_001...10_100).map { "r\($0)" })
    }

    @Test("a zero quantum wakes at each record's own instant")
    func zeroQuantum() {
        let mailbox = ProducerClientMailbox(sendQuantum: .zero)
        mailbox.schedule(Self.record(at: 1_300, "r"))
        #expect(mailbox.nextDeadline == Instant(microseconds: 1_300))
    }

    @Test("offset ranges hold exactly the offsets inserted, in any order")
    func offsetRanges() {
        var generator = SeededGenerator(seed: 7)
        for _ in 0..<50 {
            var ranges = OffsetRanges()
            var model = Set<Int64>()
            for _ in 0..<200 {
                // Mostly the next offset, sometimes a jump either way.
                let offset: Int64 =
                    generator.chance(0.7) ? (model.max() ?? 0) + 1 : Int64(generator.next(below: 300))
                ranges.insert(offset)
                model.insert(offset)
            }
            #expect(ranges.min == model.min())
            #expect(ranges.max == model.max())
            for offset in Int64(-1)...301 { #expect(ranges.contains(offset) == model.contains(offset)) }
            for (earlier, later) in zip(ranges.ranges, ranges.ranges.dropFirst()) {
                #expect(earlier.upperBound + 1 < later.lowerBound, "ranges \(earlier) and \(later) should be one")
            }
        }
    }

    @Test("offset ranges given runs hold what inserting each offset of them gives")
    func offsetRangeRuns() {
        var generator = SeededGenerator(seed: 11)
        for _ in 0..<50 {
            var byRun = OffsetRanges()
            var byOffset = OffsetRanges()
            for _ in 0..<100 {
                // Mostly right after the highest (adjacent or past a gap), sometimes overlapping
                // or before what is held.
                let start: Int64 =
                    generator.chance(0.7)
                    ? (byOffset.max ?? 0) + 1 + Int64(generator.next(below: 3)) : Int64(generator.next(below: 400))
                let run = start...(start + Int64(generator.next(below: 6)))
                byRun.insert(run)
                for offset in run { byOffset.insert(offset) }
                #expect(byRun == byOffset, "after inserting \(run)")
            }
        }
    }

    @Test(
        "offset ranges given a poll's offsets hold what inserting each of them gives, and report each step back"
    )
    func offsetRangePolls() {
        var generator = SeededGenerator(seed: 13)
        for _ in 0..<50 {
            var byPoll = OffsetRanges()
            var byOffset = OffsetRanges()
            for _ in 0..<60 {
                // Runs of consecutive offsets with gaps, repeats and steps back between them.
                var polled: [Offset] = []
                var next = Int64(generator.next(below: 300))
                for _ in 0..<generator.next(below: 12) {
                    polled.append(Offset(next))
                    next += generator.chance(0.8) ? 1 : Int64(generator.next(below: 7)) - 3
                }
                var stepsBack: [[Offset]] = []
                let latest = byPoll.insert(polled) { stepsBack.append([$0, $1]) }
                for offset in polled { byOffset.insert(offset.rawValue) }
                #expect(byPoll == byOffset, "after inserting \(polled)")
                #expect(latest == polled.last)
                let expected = zip(polled.dropFirst(), polled).filter { $0.0 <= $0.1 }.map { [$0.0, $0.1] }
                #expect(stepsBack == expected, "steps back in \(polled)")
            }
        }
    }

    @Test("a value template writes, into one reused buffer, the bytes the scenario's values spell")
    func valueTemplate() {
        let spec = ProducerSpec(name: "writer", topic: "events", recordsPerSecond: 1, valueBytes: 20)
        let template = ProducerState.valueTemplate(of: spec)
        var buffer: [UInt8] = []
        var written = ProducerClientMailbox.ValueTemplate.Written()
        // Growing, shrinking and negative numbers, past the padded size and back; runs of
        // consecutive numbers (written by incrementing the digits) carrying into one digit more,
        // from zero and from below it, and past the padded size.
        let runs = [-3...2, 1...1_200, 99_990...100_010, 1_234_567_890_123_455...1_234_567_890_123_457]
        let numbers: [Int] = [1, 9, 10, 123_456, 7, -42, 1_234_567_890_123_456, 3, .max, .min, 0, 12] + runs.joined()
        for number in numbers + [.max - 1, .max, 5, 6, 99, 100, 101, 8] {
            template.write(number, into: &buffer, written: &written)
            #expect(buffer == ScenarioRun.value(of: spec, sequence: number), "\(number)")
            #expect(template.value(number) == buffer)
        }
    }

    @Test("numbered records are sent with their template's values and their numbers come back with their batches")
    func numberedRecords() throws {
        var cluster = startedCluster(seed: 5, topic: "orders", partitions: 3)
        let producer = cluster.addProducerClient(ProducerConfig(bootstrap: cluster.brokerIDs), client: 2)
        let mailbox = try #require(cluster.producerMailbox(producer))
        let spec = ProducerSpec(name: "w", topic: "orders", recordsPerSecond: 1, valueBytes: 12)
        mailbox.valueTemplate = ProducerState.valueTemplate(of: spec)
        let start = cluster.now
        var explicit: Set<Int> = []
        for index in 1...300 {
            // Every 50th record carries a value of its own (and no number); 140 to 149 skip numbers.
            let number = index < 140 ? index : index + 1_000
            let ownValue = index % 50 == 0
            if ownValue { explicit.insert(number) }
            cluster.sendRecords(
                via: producer,
                [
                    ProducerClientMailbox.ScheduledRecord(
                        at: start + .milliseconds(Int64(index)), topic: "orders", key: Array("k\(index % 7)".utf8),
                        value: ownValue ? ScenarioRun.value(of: spec, sequence: number) : nil, headers: [],
                        valueNumber: number)
                ])
        }
        var numbered = 0
        var withoutNumbers = 0
        let deadline = cluster.now + .seconds(30)
        while cluster.now < deadline && numbered + withoutNumbers < 300 {
            cluster.run(for: .milliseconds(50))
            let drained = cluster.drainNumberedDeliveryBatches(producer)
            for (delivered, numbers) in zip(drained.batches, drained.numbers) {
                let batch = try #require(delivered.batch)
                let sequences = ScenarioRun.sequences(in: batch)
                #expect(sequences.count == delivered.count)
                if let numbers {
                    // The numbers are the sequences the values carry, none of them an explicit one.
                    #expect(numbers == sequences.map { $0 ?? -1 })
                    #expect(explicit.isDisjoint(with: numbers))
                    numbered += numbers.count
                } else {
                    #expect(sequences.contains { explicit.contains($0 ?? -1) })
                    withoutNumbers += delivered.count
                }
            }
        }
        #expect(numbered + withoutNumbers == 300)
        #expect(withoutNumbers >= explicit.count)
        #expect(numbered > 0)
    }

    @Test(
        "numbered records name their topic and key by slot, keep time order with whole records, and send what the whole records would"
    )
    func scheduleNumbered() throws {
        let spec = ProducerSpec(name: "n", topic: "orders", recordsPerSecond: 1, valueBytes: 10)
        let numberedMailbox = ProducerClientMailbox()
        let wholeMailbox = ProducerClientMailbox()
        for mailbox in [numberedMailbox, wholeMailbox] { mailbox.valueTemplate = ProducerState.valueTemplate(of: spec) }
        // Keys of 0, 7, 16 (the most kept in an entry) and 17 bytes (read from the key table).
        let keys: [[UInt8]?] = [
            nil, Array("key-123".utf8), Array("0123456789abcdef".utf8), Array("0123456789abcdefg".utf8), [],
        ]
        let slots = keys.map { $0.map { numberedMailbox.keySlot(for: $0) } }
        var generator = SeededGenerator(seed: 11)
        for number in 1...10_000 {
            // Mostly in time order, sometimes behind what waits; every 9th record whole, on another topic.
            let at = Instant(microseconds: Int64(number) * 100 - (generator.chance(0.1) ? 250 : 0))
            let index = Int(generator.next(below: UInt64(keys.count)))
            let topic = number % 9 == 0 ? "events" : "orders"
            let record = ProducerClientMailbox.ScheduledRecord(
                at: at, topic: topic, key: keys[index], value: nil, headers: [], valueNumber: number)
            if number % 9 == 0 {
                numberedMailbox.schedule(record)
            } else {
                numberedMailbox.scheduleNumbered(
                    at: at, topicSlot: numberedMailbox.topicSlot(for: topic), keySlot: slots[index], number: number)
            }
            wholeMailbox.schedule(record)
        }
        #expect(numberedMailbox.scheduled == wholeMailbox.scheduled)
        #expect(numberedMailbox.waiting == 10_000)
        var numberedProducer = KafkaProducer(config: ProducerConfig(bootstrap: [BrokerID(1)]))
        var wholeProducer = KafkaProducer(config: ProducerConfig(bootstrap: [BrokerID(1)]))
        // Sent in slices, all scheduled ahead, so the schedules compact on the way (pooled records too).
        var now = Instant(microseconds: 0)
        while numberedMailbox.waiting > 0 {
            now = now + .microseconds(700)
            numberedMailbox.drive(&numberedProducer, at: now)
            wholeMailbox.drive(&wholeProducer, at: now)
            #expect(numberedMailbox.waiting == wholeMailbox.waiting)
            #expect(numberedMailbox.accepted == wholeMailbox.accepted)
            if numberedMailbox.waiting % 7 == 0 {
                #expect(
                    numberedMailbox.scheduled.suffix(numberedMailbox.waiting)
                        == wholeMailbox.scheduled.suffix(wholeMailbox.waiting))
            }
        }
        #expect(numberedMailbox.accepted == 10_000)
        // The producers hold the same records, in the same order: the same keys and values.
        numberedProducer.checkInvariants()
        #expect(numberedProducer.recordsPending == 10_000)
        #expect(numberedProducer.bufferedBytes == wholeProducer.bufferedBytes)
    }

    @Test("acknowledged places hold what a table of optional places would, in a tenth of the room")
    func acknowledgedPlaces() {
        var generator = SeededGenerator(seed: 3)
        var places = AcknowledgedPlaces()
        var model: [(TopicPartition, Offset)?] = []
        let partitions = (0..<4).map { TopicPartition("orders", Int32($0)) } + [TopicPartition("events", 0)]
        #expect(places.isEmpty)
        // Past the tables' growth chunk, so that entries grown ahead of the count are read too.
        for _ in 0..<(AcknowledgedPlaces.growthChunk + 2_000) {
            // Sequences mostly in order, sometimes ahead (leaving nil places) or back over a place.
            let sequence =
                generator.chance(0.1) ? Int(generator.next(below: UInt64(model.count + 20))) + 1 : model.count + 1
            let partition = partitions[Int(generator.next(below: UInt64(partitions.count)))]
            let offset = Offset(Int64(generator.next(below: 1 << 40)))
            places.grow(to: sequence)
            while model.count < sequence { model.append(nil) }
            if generator.chance(0.3) {
                // A batch's records at once: rising entries with gaps, and indexes below 0 skipped.
                var indexes: [Int] = []
                var next = sequence - 1 - Int(generator.next(below: 3))
                for _ in 0..<Int(generator.next(below: 6)) {
                    indexes.append(min(next, model.count - 1))
                    next += 1 + Int(generator.next(below: 3))
                }
                places.set(indexes, offsetsFrom: offset, slot: places.slot(of: partition))
                for (position, index) in indexes.enumerated() where index >= 0 {
                    model[index] = (partition, offset.advanced(by: Int64(position)))
                }
                continue
            }
            places.set(sequence - 1, offset: offset, slot: places.slot(of: partition))
            model[sequence - 1] = (partition, offset)
        }
        places.grow(to: 10)
        #expect(places.count == model.count)
        for (index, place) in places.enumerated() {
            #expect(place?.0 == model[index]?.0 && place?.1 == model[index]?.1, "\(index)")
        }
        #expect(places.contains { $0 == nil })
        #expect(places.slot(of: partitions[0]) == places.slot(of: partitions[0]))
    }
}
