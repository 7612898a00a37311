import KafkaCore

/// What one broker must do to its replicas after replaying a batch of metadata (Kafka's
/// `LocalReplicaChanges`, from `TopicsDelta.localChanges`): become leader, become or stay a
/// follower under a new registration, or drop the replica. Each list is in partition order.
public struct LocalReplicaChanges: Hashable, Sendable {
    /// One partition whose registration the broker must act on.
    public struct Change: Hashable, Sendable {
        public var topicPartition: TopicPartition
        /// The registration in the new image.
        public var partition: PartitionRegistration

        public init(_ topicPartition: TopicPartition, _ partition: PartitionRegistration) {
            self.topicPartition = topicPartition
            self.partition = partition
        }
    }

    /// New or changed partitions the broker now leads (`makeLeader`).
    public var leaders: [Change]
    /// New or changed partitions where the broker is a replica but not the leader
    /// (`makeFollower`).
    public var followers: [Change]
    /// Partitions the broker was a replica of and no longer is, or that are gone.
    public var deleted: [TopicPartition]

    public init(leaders: [Change] = [], followers: [Change] = [], deleted: [TopicPartition] = []) {
        self.leaders = leaders
        self.followers = followers
        self.deleted = deleted
    }

    /// Whether the broker has nothing to do.
    public var isEmpty: Bool { leaders.isEmpty && followers.isEmpty && deleted.isEmpty }
}
