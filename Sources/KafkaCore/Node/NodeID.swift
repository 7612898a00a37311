/// The address of one node in the world: a broker, a controller or a client.
///
/// Brokers and controllers share Kafka's `node.id` space (`number` is the `BrokerID`'s raw value);
/// a process in combined mode is two nodes, `.broker(n)` and `.controller(n)`, because Kafka runs
/// the two roles behind separate listeners. Clients have a namespace of their own, so client 1
/// and broker 1 never collide. Nodes sort by role (controllers, brokers, clients), then number,
/// so listings and trace encodings never depend on hash order.
public struct NodeID: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// What kind of process a node is.
    public enum Role: UInt8, Hashable, Comparable, Sendable, CaseIterable {
        case controller = 0
        case broker = 1
        case client = 2

        public static func < (lhs: Role, rhs: Role) -> Bool { lhs.rawValue < rhs.rawValue }
    }

    public let role: Role
    /// The node's number within its role: `node.id` for brokers and controllers.
    public let number: Int32

    public init(role: Role, number: Int32) {
        precondition(number >= 0, "node numbers are never negative: \(role) \(number)")
        self.role = role
        self.number = number
    }

    /// The broker role of `node.id` `id`.
    public static func broker(_ id: BrokerID) -> NodeID { NodeID(role: .broker, number: id.rawValue) }

    /// The controller role of `node.id` `id` (a dedicated controller, or the controller half of a
    /// combined-mode process).
    public static func controller(_ id: BrokerID) -> NodeID { NodeID(role: .controller, number: id.rawValue) }

    /// A client (producer, consumer or admin) by its number in the world.
    public static func client(_ number: Int32) -> NodeID { NodeID(role: .client, number: number) }

    /// The Kafka `node.id` of a broker or controller; nil for clients.
    public var brokerID: BrokerID? { role == .client ? nil : BrokerID(number) }

    /// Role and number in one word: the hash input and the trace encoding.
    public var packed: UInt64 { UInt64(role.rawValue) << 32 | UInt64(UInt32(bitPattern: number)) }

    public static func < (lhs: NodeID, rhs: NodeID) -> Bool { lhs.packed < rhs.packed }

    public static func == (lhs: NodeID, rhs: NodeID) -> Bool { lhs.packed == rhs.packed }

    public func hash(into hasher: inout Hasher) { hasher.combine(packed) }

    /// `broker 1`, `controller 3000`, `client 7`.
    public var description: String { "\(role) \(number)" }
}
