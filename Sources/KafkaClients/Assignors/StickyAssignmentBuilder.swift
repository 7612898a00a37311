import KafkaCore

/// The assignment logic shared by `StickyAssignor` and `CooperativeStickyAssignor`, after
/// Kafka's `AbstractStickyAssignor`: a balanced assignment that keeps as many previously owned
/// partitions with their owners as balance allows.
///
/// 1. **Claims.** Each member claims its `ownedPartitions` that still exist and that it still
///    subscribes to. The claim with the highest `generationID` wins; two members claiming a
///    partition in the same highest generation both lose it (Kafka logs an error and treats the
///    partition as unowned).
/// 2. **Equal subscriptions** (Kafka's `constrainedAssign`): with `n` partitions and `m`
///    members, every member gets `n / m` and `n % m` members get one more. Those extra places go
///    first to members that own more than `n / m`, so the number of partitions kept is the most
///    any balanced assignment could keep. Each member keeps its lowest owned partitions up to its
///    quota; the rest are dealt, sorted, to members below quota in member order.
/// 3. **Different subscriptions** (Kafka's `generalAssign`): members keep every owned partition;
///    unowned partitions go, those with the fewest eligible members first, to the eligible member
///    with the fewest partitions; then partitions move from a member with `c` partitions to an
///    eligible member with fewer than `c - 1` until no such move exists (Kafka's `isBalanced`),
///    moving partitions the donor did not own before first. Each move lowers the sum of squared
///    counts, so the loop ends.
///
/// Every choice is made over sorted members and partitions, never in dictionary order.
struct StickyAssignmentBuilder {
    let input: AssignorInput
    /// Each partition's previous owner once competing claims are resolved.
    let previousOwner: [TopicPartition: String]

    init(input: AssignorInput) {
        self.input = input
        previousOwner = Self.resolveClaims(input)
    }

    /// Partitions by member id.
    func assignment() -> [String: [TopicPartition]] {
        guard !input.members.isEmpty else { return [:] }
        let topicSets = input.members.map { input.topicsByMember[$0.memberID] ?? [] }
        let allEqual = topicSets.allSatisfy { $0 == topicSets[0] }
        return allEqual ? assignForEqualSubscriptions() : assignForDifferentSubscriptions()
    }

    private static func resolveClaims(_ input: AssignorInput) -> [TopicPartition: String] {
        let existing = Set(input.partitions)
        var best: [TopicPartition: (memberID: String, generation: Int32, contested: Bool)] = [:]
        for member in input.members {
            let generation = member.subscription.generationID
            for partition in Set(member.subscription.ownedPartitions).sorted()
            where existing.contains(partition) && input.isSubscribed(member.memberID, to: partition.topic) {
                guard let current = best[partition], generation <= current.generation else {
                    best[partition] = (member.memberID, generation, false)
                    continue
                }
                if generation == current.generation {
                    best[partition] = (current.memberID, generation, true)
                }
            }
        }
        return best.compactMapValues { $0.contested ? nil : $0.memberID }
    }

    /// The partitions each member keeps from its resolved claims, sorted, by member id.
    private func ownedByMember() -> [String: [TopicPartition]] {
        var owned: [String: [TopicPartition]] = [:]
        for partition in input.partitions {
            if let owner = previousOwner[partition] {
                owned[owner, default: []].append(partition)
            }
        }
        return owned
    }

    private func assignForEqualSubscriptions() -> [String: [TopicPartition]] {
        let memberIDs = input.members.map(\.memberID)
        let minQuota = input.partitions.count / memberIDs.count
        var extraPlaces = input.partitions.count % memberIDs.count
        let owned = ownedByMember()
        var quota: [String: Int] = [:]
        // Extra places first to members that can fill them from what they own.
        for memberID in memberIDs where extraPlaces > 0 && (owned[memberID]?.count ?? 0) > minQuota {
            quota[memberID] = minQuota + 1
            extraPlaces -= 1
        }
        for memberID in memberIDs where quota[memberID] == nil {
            quota[memberID] = minQuota + (extraPlaces > 0 ? 1 : 0)
            extraPlaces = max(0, extraPlaces - 1)
        }
        var assigned: [String: [TopicPartition]] = [:]
        var kept = Set<TopicPartition>()
        for memberID in memberIDs {
            let keep = (owned[memberID] ?? []).prefix(quota[memberID] ?? 0)
            assigned[memberID] = Array(keep)
            kept.formUnion(keep)
        }
        var pool = input.partitions.filter { !kept.contains($0) }[...]
        for memberID in memberIDs {
            let missing = (quota[memberID] ?? 0) - (assigned[memberID]?.count ?? 0)
            assigned[memberID, default: []] += pool.prefix(missing)
            pool = pool.dropFirst(missing)
        }
        precondition(pool.isEmpty, "\(pool.count) partitions left after filling every quota")
        return assigned
    }

    private func assignForDifferentSubscriptions() -> [String: [TopicPartition]] {
        var state = MixedAssignment(input: input, previousOwner: previousOwner)
        state.assignUnowned()
        while state.moveOnePartitionTowardBalance() {}
        return state.assigned
    }
}

/// The working state of the different-subscriptions path of `StickyAssignmentBuilder`.
private struct MixedAssignment {
    let previousOwner: [TopicPartition: String]
    let partitions: [TopicPartition]
    /// Member ids in assignment order.
    let memberIDs: [String]
    /// Each member id's position in `memberIDs`, for tie-breaks.
    let rank: [String: Int]
    /// The members subscribed to each topic, in assignment order.
    let consumersByTopic: [String: [String]]
    /// Partitions by member id; every member has an entry.
    var assigned: [String: [TopicPartition]]

    init(input: AssignorInput, previousOwner: [TopicPartition: String]) {
        self.previousOwner = previousOwner
        partitions = input.partitions
        memberIDs = input.members.map(\.memberID)
        rank = Dictionary(uniqueKeysWithValues: memberIDs.enumerated().map { ($1, $0) })
        var consumersByTopic: [String: [String]] = [:]
        for topic in Set(input.partitions.map(\.topic)) {
            consumersByTopic[topic] = memberIDs.filter { input.isSubscribed($0, to: topic) }
        }
        self.consumersByTopic = consumersByTopic
        var assigned = Dictionary(uniqueKeysWithValues: memberIDs.map { ($0, [TopicPartition]()) })
        for partition in input.partitions {
            if let owner = previousOwner[partition] {
                assigned[owner, default: []].append(partition)
            }
        }
        self.assigned = assigned
    }

    private func count(_ memberID: String) -> Int { assigned[memberID]?.count ?? 0 }

    /// The least loaded of `candidates`, the earliest in member order on a tie.
    private func leastLoaded(_ candidates: [String]) -> String? {
        candidates.min { (count($0), rank[$0] ?? 0) < (count($1), rank[$1] ?? 0) }
    }

    mutating func assignUnowned() {
        let unowned = partitions.filter { previousOwner[$0] == nil }.sorted {
            let left = consumersByTopic[$0.topic]?.count ?? 0
            let right = consumersByTopic[$1.topic]?.count ?? 0
            return (left, $0.topic, $0.partition) < (right, $1.topic, $1.partition)
        }
        for partition in unowned {
            guard let receiver = leastLoaded(consumersByTopic[partition.topic] ?? []) else { continue }
            assigned[receiver, default: []].append(partition)
        }
    }

    /// Moves one partition from a member with `c` partitions to an eligible member with fewer
    /// than `c - 1`; false when there is no such move, which is Kafka's notion of balanced.
    mutating func moveOnePartitionTowardBalance() -> Bool {
        let donors = memberIDs.sorted { (-count($0), rank[$0] ?? 0) < (-count($1), rank[$1] ?? 0) }
        for donor in donors {
            let donorCount = count(donor)
            // Partitions the donor did not own before cost no stickiness, so they move first.
            let candidates = (assigned[donor] ?? []).sorted {
                (previousOwner[$0] == donor ? 1 : 0, $0.topic, $0.partition)
                    < (previousOwner[$1] == donor ? 1 : 0, $1.topic, $1.partition)
            }
            for partition in candidates {
                let receivers = (consumersByTopic[partition.topic] ?? []).filter { count($0) < donorCount - 1 }
                if let receiver = leastLoaded(receivers) {
                    assigned[donor]?.removeAll { $0 == partition }
                    assigned[receiver, default: []].append(partition)
                    return true
                }
            }
        }
        return false
    }
}
