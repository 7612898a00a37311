import KafkaCore

/// What a destructive operator action takes away, resolved to brokers and clients: the input of
/// the blast-radius preview. The simulation builds one from a command (`kill leader of orders-0`
/// becomes `brokersLost: [2]`) against the snapshot the operator is looking at.
public struct Disruption: Hashable, Sendable {
    /// A consumer group losing a member.
    public struct MemberLoss: Hashable, Sendable {
        public var group: String
        /// `close-consumer` leaves at once (LeaveGroup); a crash or a cut-off member is noticed
        /// after the session timeout.
        public var leavesCleanly: Bool

        public init(group: String, leavesCleanly: Bool) {
            self.group = group
            self.leavesCleanly = leavesCleanly
        }
    }

    /// Brokers the action takes out of the cluster: killed, stopped, paused, cut off, or left on
    /// the minority side of a network partition.
    public var brokersLost: [BrokerID]
    /// Whether the brokers leave gracefully (`stop`: leadership moves away first).
    public var isGraceful: Bool
    public var membersLost: [MemberLoss]
    /// Producers that stop (crashed or cut off).
    public var producersLost: [String]
    /// How long the fault lasts (`for D`, a pause's length), `nil` until undone by hand.
    public var lasts: Duration?
    /// Words for what is not computed exactly (a broker drawn at random, a disk fault).
    public var notes: [String]

    public init(
        brokersLost: [BrokerID] = [], isGraceful: Bool = false, membersLost: [MemberLoss] = [],
        producersLost: [String] = [], lasts: Duration? = nil, notes: [String] = []
    ) {
        self.brokersLost = brokersLost
        self.isGraceful = isGraceful
        self.membersLost = membersLost
        self.producersLost = producersLost
        self.lasts = lasts
        self.notes = notes
    }
}
