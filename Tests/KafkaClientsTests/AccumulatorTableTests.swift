import KafkaCore
import Testing

@testable import KafkaClients

@Suite struct AccumulatorTableTests {
    @Test("accumulators added out of order are found, changed and lent in TopicPartition order")
    func addsFindsAndOrders() {
        var table = AccumulatorTable()
        var model: [TopicPartition: Int32] = [:]
        // Topics and partitions in a scrambled order: each addition moves the later ones up.
        let added = [
            TopicPartition("b", 2), TopicPartition("a", 5), TopicPartition("b", 0), TopicPartition("c", 1),
            TopicPartition("a", 0), TopicPartition("b", 7), TopicPartition("a", 3),
        ]
        for (number, topicPartition) in added.enumerated() {
            #expect(table[topicPartition] == nil)
            #expect(table.modify(topicPartition) { _ in true } == nil)
            #expect(table.read(topicPartition) { _ in true } == nil)
            let (result, created) = table.update(topicPartition) { accumulator in
                accumulator.nextSequence = Int32(number)
                return accumulator.topicPartition
            }
            #expect(result == topicPartition && created)
            model[topicPartition] = Int32(number)
            // Every accumulator still found where it was, after the ones behind it moved.
            for (topicPartition, sequence) in model {
                #expect(table[topicPartition]?.nextSequence == sequence, "\(topicPartition)")
                #expect(table.read(topicPartition) { $0.topicPartition } == topicPartition)
            }
        }
        #expect(table.count == added.count)
        #expect(table.update(TopicPartition("a", 5)) { $0.nextSequence }.created == false)
        table.modify(TopicPartition("b", 7)) { $0.nextSequence += 100 }
        model[TopicPartition("b", 7)]! += 100
        var lent: [TopicPartition] = []
        table.forEachBorrowed { lent.append($0.topicPartition) }
        #expect(lent == added.sorted())
        #expect((0..<table.count).map { place in table.read(at: place) { $0.topicPartition } } == added.sorted())
        #expect(table.map(\.topicPartition) == added.sorted())
        #expect(table.map(\.nextSequence) == added.sorted().map { model[$0]! })
        // Neighbours of the held partitions, and unknown topics, have none.
        for missing in [TopicPartition("a", 1), TopicPartition("a", 6), TopicPartition("b", 8), TopicPartition("d", 0)]
        {
            #expect(table[missing] == nil)
        }
    }

    @Test("update finds a topic's accumulators by the row it found last, and again after a topic is added before it")
    func updateAfterRowsMove() {
        var table = AccumulatorTable()
        // Each update of "m" looks at the row of the topic updated before it first: "m" moves to a
        // later row when "a" and then "b" are added before it.
        let updates = [
            TopicPartition("m", 1), TopicPartition("m", 1), TopicPartition("a", 0), TopicPartition("m", 1),
            TopicPartition("m", 0), TopicPartition("b", 2), TopicPartition("m", 0), TopicPartition("a", 0),
            TopicPartition("m", 1), TopicPartition("z", 0), TopicPartition("m", 1),
        ]
        var model: [TopicPartition: Int32] = [:]
        for topicPartition in updates {
            let (updated, created) = table.update(topicPartition.topic, topicPartition.partition) { accumulator in
                accumulator.nextSequence += 1
                return accumulator.topicPartition
            }
            #expect(updated == topicPartition)
            #expect(created == (model[topicPartition] == nil), "\(topicPartition)")
            model[topicPartition, default: 0] += 1
            for (topicPartition, count) in model {
                #expect(table[topicPartition]?.nextSequence == count, "\(topicPartition)")
            }
        }
        #expect(table.count == model.count)
        #expect(table.map(\.topicPartition) == model.keys.sorted())
    }
}
