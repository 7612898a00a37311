import KafkaClients
import KafkaCluster
import KafkaCore

/// Real producer clients (`KafkaProducer`) in the cluster's world, as `ClientNode`s with a
/// `ProducerClientMailbox`. The application schedules records into the mailbox; the cluster
/// wakes the node so they are sent at their instant, and feeds acknowledged batches from the
/// delivery reports to the checker.
extension SimulatedCluster {
    /// The hosted node type of a producer client.
    public typealias ProducerClientNode = ClientNode<ProducerClientMailbox>

    /// Hosts a `KafkaProducer` as client `number` (2 or more: 0 is the in-process client and 1
    /// the benchmark workload). A restart after a crash starts a new producer (a new producer
    /// id) on the same mailbox.
    @discardableResult
    public mutating func addProducerClient(_ config: ProducerConfig, client number: Int32) -> NodeID {
        precondition(number >= 2, "clients 0 and 1 are taken; producer clients are 2 and up, not \(number)")
        let id = NodeID.client(number)
        let mailbox = ProducerClientMailbox()
        world.add(id) { ProducerClientNode(client: KafkaProducer(config: config), application: mailbox) }
        return id
    }

    /// The producer hosted as `id`, as it is now (its last state if it is down).
    public func producerClient(_ id: NodeID) -> KafkaProducer? {
        (world.node(id) as? ProducerClientNode)?.client
    }

    /// The mailbox of the producer hosted as `id`.
    public func producerMailbox(_ id: NodeID) -> ProducerClientMailbox? {
        (world.node(id) as? ProducerClientNode)?.application
    }

    /// Has the producer at `id` send a record at `at` (default: now).
    public mutating func sendRecord(
        via id: NodeID, topic: String, key: [UInt8]?, value: [UInt8]?, headers: [RecordHeader] = [],
        at instant: Instant? = nil
    ) {
        guard let mailbox = producerMailbox(id) else { preconditionFailure("\(id) is not a producer client") }
        mailbox.schedule(
            ProducerClientMailbox.ScheduledRecord(
                at: instant ?? now, topic: topic, key: key, value: value, headers: headers))
        wake(id)
    }

    /// Has the producer at `id` send each record at its instant; one wake-up for all of them.
    public mutating func sendRecords(via id: NodeID, _ records: [ProducerClientMailbox.ScheduledRecord]) {
        guard !records.isEmpty else { return }
        guard let mailbox = producerMailbox(id) else { preconditionFailure("\(id) is not a producer client") }
        mailbox.schedule(contentsOf: records)
        wake(id)
    }

    /// Wakes the producer client at `id` after records were scheduled straight into its mailbox
    /// (what `sendRecords` does after scheduling them).
    mutating func wakeProducerClient(_ id: NodeID) { wake(id) }

    /// Has the producer at `id` close: it sends what it holds and refuses more.
    public mutating func closeProducerClient(_ id: NodeID) {
        producerMailbox(id)?.requestClose()
        wake(id)
    }

    /// Takes the producer's delivery reports and records each acknowledged batch (`acks` ≠ 0,
    /// with a known offset) with the checker, once per batch.
    @discardableResult
    public mutating func drainDeliveryReports(_ id: NodeID) -> [DeliveryReport] {
        drainDeliveryBatches(id).flatMap(\.reports)
    }

    /// `drainDeliveryReports` a batch at a time, without a report built per record.
    @discardableResult
    public mutating func drainDeliveryBatches(_ id: NodeID) -> [DeliveryBatch] {
        let delivered = producerMailbox(id)?.takeDeliveryBatches() ?? []
        noteDelivered(delivered, stamps: nil)
        return delivered
    }

    /// `drainDeliveryBatches`, each batch with its records' `valueNumber`s
    /// (`ProducerClientMailbox.takeNumberedDeliveryBatches()`).
    mutating func drainNumberedDeliveryBatches(_ id: NodeID) -> (batches: [DeliveryBatch], numbers: [[Int]?]) {
        let delivered = drainDeliveryBatchesWithNumbers(id)
        return (
            delivered.batches, ProducerClientMailbox.DeliveryNumbers.lists(delivered.numbers, of: delivered.batches)
        )
    }

    /// `drainNumberedDeliveryBatches` with the numbers as the mailbox keeps them (no array per batch).
    mutating func drainDeliveryBatchesWithNumbers(
        _ id: NodeID
    ) -> (batches: [DeliveryBatch], numbers: [ProducerClientMailbox.DeliveryNumbers]) {
        guard let (batches, numbers, stamps) = producerMailbox(id)?.takeDeliveryBatchesWithNumbers() else {
            return ([], [])
        }
        noteDelivered(batches, stamps: stamps)
        return (batches, numbers)
    }

    /// Records each acknowledged batch (`acks` ≠ 0, with a known offset) with the checker, by the
    /// checksum and last offset delta of its bytes: from `stamps` (`stamps[i]` those of
    /// `delivered[i]`) when given, else read from the bytes.
    ///
    /// The stamps the mailbox read as it collected the batches spare a cache miss per batch: drained
    /// up to a sample interval after they were built, the bytes have left the cache. The batches'
    /// fields are read in place, through the buffer (a copy of a batch, even lent `borrowing` to a
    /// function, retained its arrays, each retain stalling on a miss too).
    private mutating func noteDelivered(
        _ delivered: [DeliveryBatch], stamps: [ProducerClientMailbox.DeliveryStamp?]?
    ) {
        delivered.withUnsafeBufferPointer { batches in
            for index in batches.indices {
                guard batches[index].acks != 0, case .acknowledged = batches[index].outcome,
                    batches[index].baseOffset != .none,
                    let stamp = stamps.map({ $0[index] })
                        ?? batches[index].batch.map(ProducerClientMailbox.DeliveryStamp.init(of:))
                else { continue }
                checker.acknowledged(
                    checksum: stamp.checksum, lastOffsetDelta: stamp.lastOffsetDelta, at: batches[index].baseOffset,
                    in: batches[index].topicPartition, acks: batches[index].acks)
            }
        }
    }

    /// Runs in slices until the producer at `id` has nothing scheduled or pending, draining its
    /// reports into `into` (and the checker) after every slice; whether it got there in time.
    @discardableResult
    public mutating func runProducerClient(
        _ id: NodeID, collecting reports: inout [DeliveryReport], timeout: Duration,
        slice: Duration = .milliseconds(10), checking: Bool = false
    ) -> Bool {
        let deadline = world.now + timeout
        func done(_ cluster: SimulatedCluster) -> Bool {
            guard let producer = cluster.producerClient(id), let mailbox = cluster.producerMailbox(id) else {
                return true
            }
            return mailbox.waiting == 0 && producer.recordsPending == 0
        }
        while world.now < deadline {
            reports += drainDeliveryReports(id)
            if done(self) { return true }
            run(until: min(deadline, world.now + slice), checking: checking)
        }
        reports += drainDeliveryReports(id)
        return done(self)
    }

    /// Drops everything `broker` sends to the client at `id` (answers are lost, requests still
    /// arrive): the fault that makes a producer retry a write that did land.
    public mutating func dropAnswers(from broker: BrokerID, to id: NodeID) {
        world.partition(.broker(broker), id, oneWay: true)
    }

    /// Restores both directions between `broker` and the client at `id`.
    public mutating func healClient(_ id: NodeID, and broker: BrokerID) {
        world.heal(.broker(broker), id)
    }

    /// Wakes a hosted client so it reads its mailbox now.
    private mutating func wake(_ id: NodeID) {
        guard world.status(of: id) == .up else { return }
        world.command(id, .command(.wake))
    }
}
