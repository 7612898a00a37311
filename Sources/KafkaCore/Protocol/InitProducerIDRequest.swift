/// InitProducerId for an idempotent (non-transactional) producer: any broker hands out a
/// producer id from the block the controller allocated to it.
public struct InitProducerIDRequest: Hashable, Sendable {
    /// The producer's current id and epoch when it asks to bump its epoch (KIP-360), -1 otherwise.
    public var producerID: Int64
    public var producerEpoch: Int16

    public init(producerID: Int64 = -1, producerEpoch: Int16 = -1) {
        self.producerID = producerID
        self.producerEpoch = producerEpoch
    }
}

/// The producer id and epoch to stamp on batches, or the error.
public struct InitProducerIDResponse: Hashable, Sendable {
    public var error: KafkaError
    public var producerID: Int64
    public var producerEpoch: Int16

    public init(error: KafkaError, producerID: Int64 = -1, producerEpoch: Int16 = -1) {
        self.error = error
        self.producerID = producerID
        self.producerEpoch = producerEpoch
    }
}
