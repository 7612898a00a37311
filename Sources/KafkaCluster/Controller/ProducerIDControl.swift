import KafkaCore

/// The controller's producer-id decisions over one image (Kafka's `ProducerIdControlManager`):
/// hands each asking broker the next unused block. Returns records; changes nothing.
struct ProducerIDControl {
    let image: MetadataImage

    /// The next block for `broker`, which must be registered at `brokerEpoch` (fenced is fine: a
    /// broker allocates while it starts up). The record moves `nextProducerID` past the block,
    /// so a later allocation, here or after replay on another controller, never overlaps it.
    func allocate(_ broker: BrokerID, brokerEpoch: Int64) -> ControllerResult<ProducerIDAllocation> {
        let refused = { (error: KafkaError) in
            ControllerResult(records: [], response: ProducerIDAllocation(error: error))
        }
        guard let registration = image.brokers[broker] else { return refused(.brokerIDNotRegistered) }
        guard registration.epoch == brokerEpoch else { return refused(.staleBrokerEpoch) }
        let first = image.nextProducerID
        // Kafka refuses once a block would run past Int64.max ("Exhausted all producerIds").
        guard first <= Int64.max - Int64(ProducerIDAllocation.blockSize) else { return refused(.unknownServerError) }
        let allocation = ProducerIDAllocation(firstProducerID: first, count: ProducerIDAllocation.blockSize)
        let record = MetadataRecord.producerIDs(
            brokerID: broker, brokerEpoch: brokerEpoch, nextProducerID: allocation.nextProducerID)
        return ControllerResult(records: [record], response: allocation)
    }
}
