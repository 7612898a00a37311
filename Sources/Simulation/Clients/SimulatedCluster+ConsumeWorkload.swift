import KafkaClients
import KafkaCore

/// Benchmark consumers: a real `KafkaConsumer` driven by a `ConsumeWorkload`, and a run loop
/// that lives in this module so the generic `World` is specialised for `ClusterMessage` (see
/// `runUntilFinished`).
extension SimulatedCluster {
    /// The hosted node type of a benchmark consumer.
    public typealias ConsumeWorkloadNode = ClientNode<ConsumeWorkload>

    /// Hosts a `KafkaConsumer` as client `number` (2 or more) driven by `workload`.
    @discardableResult
    public mutating func addConsumeWorkload(
        _ config: ConsumerConfig, client number: Int32, workload: ConsumeWorkload
    ) -> NodeID {
        precondition(number >= 2, "clients 0 and 1 are taken; consumer clients are 2 and up, not \(number)")
        let id = NodeID.client(number)
        world.add(id) { ConsumeWorkloadNode(client: KafkaConsumer(config: config), application: workload) }
        return id
    }

    /// The consumer of the benchmark consumer hosted as `id`.
    public func consumeWorkloadClient(_ id: NodeID) -> KafkaConsumer? {
        (world.node(id) as? ConsumeWorkloadNode)?.client
    }

    /// Runs in slices of `slice` until `condition` holds for the benchmark consumer at `id` or
    /// `timeout` passes; whether it held. The clock ends on a slice boundary.
    @discardableResult
    public mutating func runUntil(
        consumer id: NodeID, timeout: Duration, slice: Duration = .milliseconds(1),
        _ condition: (KafkaConsumer, ConsumeWorkload) -> Bool
    ) -> Bool {
        precondition(slice > .zero, "a slice lasts a positive time, not \(slice)")
        func holds() -> Bool {
            guard let node = world.node(id) as? ConsumeWorkloadNode else { return false }
            return condition(node.client, node.application)
        }
        let deadline = world.now + timeout
        while world.now < deadline {
            if holds() { return true }
            world.run(until: min(deadline, world.now + slice))
            finishStops()
        }
        return holds()
    }
}
