import KafkaClients
import KafkaCluster
import KafkaCore

/// Real consumer clients (`KafkaConsumer`) in the cluster's world, as `ClientNode`s with a
/// `ConsumerClientMailbox`. A crash stops the node at once (no LeaveGroup, no commit); a restart
/// starts a new consumer with the same config on the same mailbox.
extension SimulatedCluster {
    /// The hosted node type of a consumer client.
    public typealias ConsumerClientNode = ClientNode<ConsumerClientMailbox>

    /// Hosts a `KafkaConsumer` as client `number` (2 or more: 0 is the in-process client and 1
    /// the benchmark workload) with the application `mailbox`.
    @discardableResult
    public mutating func addConsumerClient(
        _ config: ConsumerConfig, client number: Int32, mailbox: ConsumerClientMailbox
    ) -> NodeID {
        precondition(number >= 2, "clients 0 and 1 are taken; consumer clients are 2 and up, not \(number)")
        let id = NodeID.client(number)
        world.add(id) { ConsumerClientNode(client: KafkaConsumer(config: config), application: mailbox) }
        return id
    }

    /// Hosts a consumer that subscribes to `topics` and polls every `pollInterval`, processing at
    /// most `recordsPerSecond` (nil: no limit).
    @discardableResult
    public mutating func addConsumerClient(
        _ config: ConsumerConfig, client number: Int32, subscribe topics: [String],
        pollInterval: Duration = .milliseconds(100), recordsPerSecond: Int? = nil
    ) -> NodeID {
        let mailbox = ConsumerClientMailbox(
            intent: .subscribe(topics), pollInterval: pollInterval, recordsPerSecond: recordsPerSecond)
        return addConsumerClient(config, client: number, mailbox: mailbox)
    }

    /// The consumer hosted as `id`, as it is now (its last state if it is down).
    public func consumerClient(_ id: NodeID) -> KafkaConsumer? {
        (world.node(id) as? ConsumerClientNode)?.client
    }

    /// The application of the consumer hosted as `id`.
    public func consumerMailbox(_ id: NodeID) -> ConsumerClientMailbox? {
        (world.node(id) as? ConsumerClientNode)?.application
    }

    /// Changes how fast the application at `id` processes records.
    public mutating func setProcessingRate(of id: NodeID, recordsPerSecond: Int?) {
        consumerMailbox(id)?.setProcessingRate(recordsPerSecond)
        wakeClient(id)
    }

    /// Has the consumer at `id` close: commit (auto-commit), LeaveGroup (dynamic members), stop.
    /// The application of the consumer at `id` stops calling `poll` for `duration`.
    public mutating func stallConsumerClient(_ id: NodeID, for duration: Duration) {
        consumerMailbox(id)?.stall(until: now + duration)
        if world.status(of: id) == .up { world.command(id, .command(.wake)) }
    }

    public mutating func closeConsumerClient(_ id: NodeID) {
        consumerMailbox(id)?.requestClose()
        wakeClient(id)
    }

    /// Stops a hosted client at once, as `kill -9` would: it sends nothing more.
    public mutating func crashClient(_ id: NodeID) {
        world.crash(id)
    }

    /// Starts a crashed client again as a fresh instance on the same application.
    public mutating func restartClient(_ id: NodeID) {
        world.restart(id)
    }

    /// Wakes a hosted client so it reads its application's requests now.
    mutating func wakeClient(_ id: NodeID) {
        guard world.status(of: id) == .up else { return }
        world.command(id, .command(.wake))
    }
}
