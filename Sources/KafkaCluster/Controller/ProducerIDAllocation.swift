import KafkaCore

/// The answer to AllocateProducerIds (KIP-730): a block of `count` producer ids starting at
/// `firstProducerID`, or an error with no block.
public struct ProducerIDAllocation: Hashable, Sendable {
    /// Ids per block (Kafka's `ProducerIdsBlock.PRODUCER_ID_BLOCK_SIZE`).
    public static let blockSize: Int32 = 1000

    public var error: KafkaError
    /// The first id of the block, or -1 on error.
    public var firstProducerID: Int64
    /// How many ids follow `firstProducerID`, or 0 on error.
    public var count: Int32

    public init(error: KafkaError = .none, firstProducerID: Int64 = -1, count: Int32 = 0) {
        self.error = error
        self.firstProducerID = firstProducerID
        self.count = count
    }

    /// One past the last id of the block: where the next block starts (-1 on error).
    public var nextProducerID: Int64 { firstProducerID + Int64(count) }
}
