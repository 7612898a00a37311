import KafkaClients
import KafkaCore

/// The checks on what consumers saw, fed every record a group member consumed:
///
/// - **non-monotonic polls**: a member's offsets for a partition went backwards within one
///   generation of its group and without an offset reset (a rebalance may legitimately rewind
///   to the committed offset, and `auto.offset.reset` to the log start after the log was
///   truncated under the consumer; anything else reading backwards is a bug);
/// - **skipped offsets**: at the end, offsets in the log that the group as a whole never consumed
///   although it consumed past them.
struct ConsumerChecks {
    struct Finding: Hashable {
        var text: String
        var fault: String?
    }

    private struct MemberKey: Hashable {
        var group: String
        var member: Int
        var partition: TopicPartition
    }

    private struct GroupKey: Hashable, Comparable {
        var group: String
        var partition: TopicPartition
        static func < (a: GroupKey, b: GroupKey) -> Bool { (a.group, a.partition) < (b.group, b.partition) }
    }

    private var last: [MemberKey: (offset: Offset, generation: Int32, resets: Int)] = [:]
    /// Per group and partition: every offset the group consumed.
    private var seen: [GroupKey: Set<Int64>] = [:]
    private(set) var findings: [Finding] = []
    private(set) var redelivered = 0
    static let findingLimit = 50

    mutating func observe(
        _ records: some Collection<ConsumerRecord>, group: String, member: Int, generation: Int32, resets: Int,
        at elapsed: Duration, fault: (line: Int, text: String, at: Duration)?
    ) {
        for record in records {
            let key = MemberKey(group: group, member: member, partition: record.topicPartition)
            if let previous = last[key], record.offset <= previous.offset {
                if previous.generation == generation && previous.resets == resets {
                    add(
                        "\(group)-\(member) read \(record.topicPartition) at offset \(record.offset) after offset "
                            + "\(previous.offset) in the same generation \(generation) (non-monotonic poll, at "
                            + "\(elapsed))", fault: fault)
                } else {
                    redelivered += 1
                }
            }
            last[key] = (record.offset, generation, resets)
            seen[GroupKey(group: group, partition: record.topicPartition), default: []].insert(record.offset.rawValue)
        }
    }

    private mutating func add(_ text: String, fault: (line: Int, text: String, at: Duration)?) {
        guard findings.count < Self.findingLimit else { return }
        findings.append(Finding(text: text, fault: fault.map { "line \($0.line): \($0.text) at \($0.at)" }))
    }

    /// Offsets present in `logOffsets` (a partition's final log) below the highest offset the
    /// group consumed there, which the group never consumed, from the first offset it consumed.
    mutating func checkSkips(logOffsets: [TopicPartition: [Int64]]) {
        for key in seen.keys.sorted() {
            guard let consumed = seen[key], let first = consumed.min(), let highest = consumed.max(),
                let offsets = logOffsets[key.partition]
            else { continue }
            let skipped = offsets.filter { $0 >= first && $0 <= highest && !consumed.contains($0) }
            guard let low = skipped.first else { continue }
            add(
                "\(key.group) skipped \(skipped.count) record(s) of \(key.partition) between offsets \(low) and "
                    + "\(skipped.last ?? low) although it consumed up to \(highest)", fault: nil)
        }
    }
}
