import KafkaCore
import Testing

@Suite struct NodeIDTests {
    @Test("a broker and a controller with the same node.id are different nodes that share the BrokerID")
    func sharedIDSpace() {
        let broker = NodeID.broker(BrokerID(1))
        let controller = NodeID.controller(BrokerID(1))
        #expect(broker != controller)
        #expect(broker.brokerID == BrokerID(1))
        #expect(controller.brokerID == BrokerID(1))
    }

    @Test("clients have their own namespace and no BrokerID")
    func clients() {
        #expect(NodeID.client(1) != NodeID.broker(BrokerID(1)))
        #expect(NodeID.client(1).brokerID == nil)
    }

    @Test("nodes sort by role, then number, and print as role and number")
    func ordering() {
        let nodes = [NodeID.client(0), .broker(BrokerID(2)), .controller(BrokerID(3000)), .broker(BrokerID(1))]
        #expect(nodes.sorted().map(\.description) == ["controller 3000", "broker 1", "broker 2", "client 0"])
    }
}
