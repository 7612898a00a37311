import KafkaLog

/// Positions among a fetch session's first 64 partitions, grouped by the `ChangeSignal` of each
/// partition's topic (which every change of the topic's partitions and their logs bumps), each
/// group with the count its signal had when the counts were last taken: one comparison per topic
/// then tells which positions' partitions cannot have changed since, without loading any of
/// them. Used by a leader's fetch session (`SilentPartitions`) and a follower's refresh stamps
/// (`RefreshStamps`).
///
/// The groups are one array: their owners leave their holders and come back on every fetch, and
/// each array they hold is a release.
struct TopicSignalGroups {
    private struct Group {
        let signal: ChangeSignal
        var positions: UInt64
        var count: UInt64
    }

    private var groups: [Group] = []
    /// The positions in some group: their replicas' signals are known.
    private(set) var grouped: UInt64 = 0

    /// The grouped positions whose topic's signal has not moved since the counts were taken.
    @inline(__always)
    func unchanged() -> UInt64 {
        var unchanged: UInt64 = 0
        for index in groups.indices where groups[index].signal.count == groups[index].count {
            unchanged |= groups[index].positions
        }
        return unchanged
    }

    /// Groups the positions of `positions` not grouped yet by their replica's signal in
    /// `replicas` (a replica without one stays ungrouped), then takes every group's count now.
    mutating func group(_ positions: UInt64, in replicas: [Partition?]) {
        var ungrouped = positions & ~grouped
        while ungrouped != 0 {
            let index = ungrouped.trailingZeroBitCount
            ungrouped &= ungrouped &- 1
            guard let signal = replicas[index]?.changeSignal else { continue }
            let bit: UInt64 = 1 &<< UInt64(index)
            if let group = groups.firstIndex(where: { $0.signal === signal }) {
                groups[group].positions |= bit
            } else {
                groups.append(Group(signal: signal, positions: bit, count: 0))
            }
            grouped |= bit
        }
        for index in groups.indices { groups[index].count = groups[index].signal.count }
    }

    /// Every group's positions, and `grouped`, passed through `transform` (positions that move).
    mutating func movePositions(_ transform: (UInt64) -> UInt64) {
        grouped = transform(grouped)
        for index in groups.indices { groups[index].positions = transform(groups[index].positions) }
    }

    /// No position grouped.
    mutating func forget() {
        grouped = 0
        groups.removeAll()
    }

    /// The positions `0..<min(count, 64)`.
    static func positions(below count: Int) -> UInt64 {
        count >= 64 ? ~0 : (1 &<< UInt64(max(count, 0))) &- 1
    }
}
