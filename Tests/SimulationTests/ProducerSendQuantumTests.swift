import KafkaClients
import KafkaCore
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
}
