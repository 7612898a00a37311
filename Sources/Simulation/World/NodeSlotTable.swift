import KafkaCore

/// Where each hosted node sits in the world's `hosts`, by `NodeID`: the lookup every message
/// makes to find its receiver, so it avoids hashing.
///
/// Node numbers below `denseLimit` (every broker, controller and client a scenario makes) are
/// found by indexing one array per role; larger ones fall back to a dictionary. The table is
/// only ever looked up, never iterated, so hashing cannot decide any order.
struct NodeSlotTable {
    /// Node numbers from here on go to the dictionary: it bounds the dense arrays.
    static let denseLimit: Int32 = 1 << 16

    /// Per role (by raw value), per node number: the slot, or -1 when no such node is hosted.
    private var dense = [[Int]](repeating: [], count: NodeID.Role.allCases.count)
    private var sparse: [NodeID: Int] = [:]
    /// How many nodes are filed.
    private(set) var count = 0

    /// The slot of `id`, or nil when it is not hosted. Inlined: the world looks up the receiver
    /// of every message it sends, and the call cost about as much as the lookup.
    @inline(__always)
    subscript(id: NodeID) -> Int? {
        guard id.number < Self.denseLimit else { return sparse[id] }
        let role = Int(id.role.rawValue)
        let number = Int(id.number)
        guard number < dense[role].count else { return nil }
        let slot = dense[role][number]
        return slot < 0 ? nil : slot
    }

    /// Files `id` at `slot`; `id` must not be filed yet.
    mutating func insert(_ id: NodeID, slot: Int) {
        precondition(self[id] == nil, "\(id) is already filed at slot \(self[id] ?? -1)")
        precondition(slot >= 0, "\(id) cannot sit in slot \(slot)")
        count += 1
        guard id.number < Self.denseLimit else {
            sparse[id] = slot
            return
        }
        let role = Int(id.role.rawValue)
        let number = Int(id.number)
        if number >= dense[role].count {
            dense[role].append(contentsOf: repeatElement(-1, count: number + 1 - dense[role].count))
        }
        dense[role][number] = slot
    }
}
