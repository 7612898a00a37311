import KafkaCluster
import KafkaCore
import Testing

@Suite struct ControllerProducerIDTests {
    @Test("each allocation hands out the next 1000 ids, across brokers, and records where the next starts")
    func consecutiveBlocks() {
        var harness = ControllerHarness()
        harness.startBrokers(2)
        #expect(harness.image.nextProducerID == 0)
        var blocks: [ProducerIDAllocation] = []
        for broker in [0, 1, 0] as [Int32] {
            let id = BrokerID(broker)
            let result = harness.controller.allocateProducerIDs(id, brokerEpoch: harness.epochs[id] ?? -1)
            let end = result.response.nextProducerID
            #expect(
                result.records == [
                    .producerIDs(brokerID: id, brokerEpoch: harness.epochs[id] ?? -1, nextProducerID: end)
                ])
            blocks.append(harness.record(result))
        }
        #expect(blocks.map(\.error) == [.none, .none, .none])
        #expect(blocks.map(\.firstProducerID) == [0, 1000, 2000])
        #expect(blocks.map(\.count) == [1000, 1000, 1000])
        #expect(harness.image.nextProducerID == 3000)
        #expect(harness.image == harness.replayed())
    }

    @Test("unknown brokers and stale epochs get Kafka's codes and no ids; a fenced broker gets a block")
    func errors() {
        var harness = ControllerHarness()
        harness.startBrokers(2)
        let unknown = harness.controller.allocateProducerIDs(BrokerID(9), brokerEpoch: 0)
        #expect(unknown.response == ProducerIDAllocation(error: .brokerIDNotRegistered, firstProducerID: -1, count: 0))
        #expect(unknown.records.isEmpty)
        let epoch = harness.epochs[BrokerID(1)] ?? -1
        let stale = harness.controller.allocateProducerIDs(BrokerID(1), brokerEpoch: epoch + 1)
        #expect(stale.response.error == .staleBrokerEpoch)
        #expect(stale.records.isEmpty)
        harness.fence(1)
        #expect(harness.image.brokers[BrokerID(1)]?.fenced == true)
        let fenced = harness.record(harness.controller.allocateProducerIDs(BrokerID(1), brokerEpoch: epoch))
        #expect(fenced == ProducerIDAllocation(firstProducerID: 0, count: 1000))
    }

    @Test("a controller that replays the log continues after the last block, never reusing an id")
    func survivesFailover() {
        var harness = ControllerHarness()
        harness.startBrokers(3)
        var handedOut: [ClosedRange<Int64>] = []
        for broker in [2, 0, 2] as [Int32] {
            let id = BrokerID(broker)
            let block = harness.record(
                harness.controller.allocateProducerIDs(id, brokerEpoch: harness.epochs[id] ?? -1))
            handedOut.append(block.firstProducerID...(block.nextProducerID - 1))
        }
        var successor = QuorumController(generator: SeededGenerator(seed: 99))
        successor.replay(harness.log)
        #expect(successor.image.nextProducerID == 3000)
        let next = successor.allocateProducerIDs(BrokerID(1), brokerEpoch: harness.epochs[BrokerID(1)] ?? -1)
        handedOut.append(next.response.firstProducerID...(next.response.nextProducerID - 1))
        for (index, block) in handedOut.enumerated() {
            for other in handedOut[(index + 1)...] { #expect(!block.overlaps(other), "\(block) and \(other)") }
        }
        #expect(handedOut.map(\.lowerBound) == [0, 1000, 2000, 3000])
    }

    @Test("allocation stops with UNKNOWN_SERVER_ERROR before a block would pass Int64.max")
    func exhausted() {
        func quorum(next: Int64) -> QuorumController {
            controller(
                replaying: brokerRecords(1) + [
                    .producerIDs(brokerID: BrokerID(0), brokerEpoch: 0, nextProducerID: next)
                ])
        }
        var full = quorum(next: .max - 999)
        let refused = full.allocateProducerIDs(BrokerID(0), brokerEpoch: 0)
        #expect(refused.response.error == .unknownServerError)
        #expect(refused.records.isEmpty)
        var last = quorum(next: .max - 1000)
        #expect(last.allocateProducerIDs(BrokerID(0), brokerEpoch: 0).response.nextProducerID == .max)
    }
}
