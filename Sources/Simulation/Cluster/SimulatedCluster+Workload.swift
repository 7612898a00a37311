import KafkaCluster
import KafkaCore

/// Workload clients in the cluster's world, and a run loop for benchmarks. The loop lives in
/// this module so that the generic `World` is specialised for `ClusterMessage` (a caller in
/// another module would run it unspecialised, many times slower).
extension SimulatedCluster {
    /// Hosts a `ProducerWorkload` as client `number` (1 or more: client 0 is the in-process
    /// client); it starts at once. A restart after a crash begins the budget afresh.
    @discardableResult
    public mutating func addProducer(_ config: ProducerWorkloadConfig, client number: Int32) -> NodeID {
        precondition(number >= 1, "client 0 is the in-process client; workloads are client 1 and up, not \(number)")
        let id = NodeID.client(number)
        world.add(id) { ProducerWorkload(config: config) }
        return id
    }

    /// The producer hosted as `id`, as it is now.
    public func producer(_ id: NodeID) -> ProducerWorkload? {
        world.node(id) as? ProducerWorkload
    }

    /// Runs in slices of `slice` until the producer at `id` has finished or `timeout` passes;
    /// whether it finished. The clock ends on a slice boundary, up to `slice` after the last
    /// acknowledgement (`finishedAt` has the exact instant).
    @discardableResult
    public mutating func runUntilFinished(
        _ id: NodeID, timeout: Duration, slice: Duration = .milliseconds(1)
    ) -> Bool {
        precondition(slice > .zero, "a slice lasts a positive time, not \(slice)")
        let deadline = world.now + timeout
        while world.now < deadline {
            if producer(id)?.isFinished == true { return true }
            world.run(until: min(deadline, world.now + slice))
            finishStops()
        }
        return producer(id)?.isFinished == true
    }

    /// The log end offset of each partition `0..<partitions` of `topic` on its current leader
    /// (nil where there is no live leader with the partition).
    public func leaderLogEndOffsets(topic: String, partitions: Int32) -> [Offset?] {
        (0..<partitions).map { partition in
            let topicPartition = TopicPartition(topic, partition)
            guard let leader = leader(of: topicPartition), isUp(leader) else { return nil }
            return server(leader)?.replica(topicPartition)?.logEndOffset
        }
    }

    /// Whether every replica of partitions `0..<partitions` of `topic` has its leader's log end
    /// offset (live brokers only; false while a partition has no live leader).
    public func isFullyReplicated(topic: String, partitions: Int32) -> Bool {
        (0..<partitions).allSatisfy { partition in
            let topicPartition = TopicPartition(topic, partition)
            guard let registration = registration(topicPartition), registration.hasLeader, isUp(registration.leader),
                let end = server(registration.leader)?.replica(topicPartition)?.logEndOffset
            else { return false }
            return registration.replicas.filter(isUp).allSatisfy {
                server($0)?.replica(topicPartition)?.logEndOffset == end
            }
        }
    }

    /// Runs in slices of `slice` until every replica of the topic has caught up with its leader
    /// (`isFullyReplicated`) or `timeout` passes; whether they did.
    @discardableResult
    public mutating func runUntilFullyReplicated(
        topic: String, partitions: Int32, timeout: Duration, slice: Duration = .milliseconds(1)
    ) -> Bool {
        precondition(slice > .zero, "a slice lasts a positive time, not \(slice)")
        let deadline = world.now + timeout
        while world.now < deadline {
            if isFullyReplicated(topic: topic, partitions: partitions) { return true }
            world.run(until: min(deadline, world.now + slice))
            finishStops()
        }
        return isFullyReplicated(topic: topic, partitions: partitions)
    }
}
