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

    /// What the checks hold of one group: per partition, every offset the group consumed and
    /// how far `liveSkips` examined the gaps between them; per member, its last record on each
    /// partition. Partitions are kept sorted and found by `partitionPlace(of:key:)` (by their
    /// number first), groups and members by a scan of the few there are: a poll's entries are
    /// found without hashing its group's name and its partition (twice per poll).
    private struct GroupChecks {
        struct Consumed {
            var partition: TopicPartition
            var offsets = OffsetRanges()
            /// The gaps below this offset were examined by `liveSkips`.
            var examinedBelow = Int64.min
        }

        struct Last {
            var partition: TopicPartition
            var offset: Offset
            var generation: Int32
            var resets: Int
        }

        let name: String
        var consumed: [Consumed] = []
        /// By member number, in the order first seen: the member's last record per partition.
        var members: [(member: Int, last: [Last])] = []
    }

    /// In the order first seen; the skip checks visit them by name (then partition).
    private var groups: [GroupChecks] = []
    private(set) var findings: [Finding] = []
    private(set) var redelivered = 0
    static let findingLimit = 50

    /// Checks each record against the member's previous one on its partition. A poll returns a
    /// partition's records together, so the member's and the group's entries are looked up once
    /// per run of records of one partition, not once per record.
    mutating func observe(
        _ records: some Collection<ConsumerRecord>, group: String, member: Int, generation: Int32, resets: Int,
        at elapsed: Duration, fault: (line: Int, text: String, at: Duration)?
    ) {
        var start = records.startIndex
        while start != records.endIndex {
            let partition = records[start].topicPartition
            let end = records[start...].firstIndex { $0.topicPartition != partition } ?? records.endIndex
            observe(
                records[start..<end].lazy.map(\.offset), of: partition, group: group, member: member,
                generation: generation, resets: resets, at: elapsed, fault: fault)
            start = end
        }
    }

    /// `observe` for records as a consumer fetched them (one partition's): their offsets are read
    /// in place from the entries, no record is built.
    mutating func observe(
        _ records: FetchedRecords, group: String, member: Int, generation: Int32, resets: Int, at elapsed: Duration,
        fault: (line: Int, text: String, at: Duration)?
    ) {
        records.withUnsafeEntries { entries in
            observe(
                EntryOffsets(entries: entries), of: records.topicPartition, group: group, member: member,
                generation: generation, resets: resets, at: elapsed, fault: fault)
        }
    }

    /// The offsets of fetched records' entries, read in place: a concrete collection, so that the
    /// walk over them is specialised with the read inlined (a lazy map's closure was called per
    /// record once the walk was not inlined into its caller), over a buffer (no bounds check per
    /// record, as an array slice's subscript made).
    private struct EntryOffsets: RandomAccessCollection {
        let entries: UnsafeBufferPointer<RecordEntry>
        var startIndex: Int { entries.startIndex }
        var endIndex: Int { entries.endIndex }
        subscript(position: Int) -> Offset { Offset(entries[position].offset) }
    }

    /// Checks a run of records of `partition`, by their offsets in the order polled.
    ///
    /// The member's and the group's entries are each found once and changed in place. The
    /// offsets are walked once: the first is checked against the member's previous record here,
    /// and the group's ranges take the offsets with each later one checked against the record
    /// before it (same generation and resets, so a step back is always a finding).
    private mutating func observe(
        _ offsets: some Collection<Offset>, of partition: TopicPartition, group name: String, member: Int,
        generation: Int32, resets: Int, at elapsed: Duration, fault: (line: Int, text: String, at: Duration)?
    ) {
        guard let first = offsets.first else { return }
        let group = groupIndex(name)
        let slot = memberIndex(member, in: group)
        let last = groups[group].members[slot].last.partitionPlace(of: partition) { $0.partition }
        if last.found {
            let previous = groups[group].members[slot].last[last.index]
            if first <= previous.offset {
                if previous.generation == generation && previous.resets == resets {
                    addNonMonotonic(first, after: previous.offset, name, member, partition, generation, elapsed, fault)
                } else {
                    redelivered += 1
                }
            }
        }
        let consumed = groups[group].consumed.partitionPlace(of: partition) { $0.partition }
        if !consumed.found {
            groups[group].consumed.insert(GroupChecks.Consumed(partition: partition), at: consumed.index)
        }
        // Found while the ranges are changed, noted after (`add` changes `self` too).
        var stepsBack: [(offset: Offset, after: Offset)] = []
        let latest =
            groups[group].consumed[consumed.index].offsets.insert(offsets) { stepsBack.append(($0, $1)) } ?? first
        for step in stepsBack {
            addNonMonotonic(step.offset, after: step.after, name, member, partition, generation, elapsed, fault)
        }
        let previous = GroupChecks.Last(partition: partition, offset: latest, generation: generation, resets: resets)
        if last.found {
            groups[group].members[slot].last[last.index] = previous
        } else {
            groups[group].members[slot].last.insert(previous, at: last.index)
        }
    }

    /// The index of group `name` in `groups`, added when new.
    private mutating func groupIndex(_ name: String) -> Int {
        if let index = groups.firstIndex(where: { $0.name == name }) { return index }
        groups.append(GroupChecks(name: name))
        return groups.count - 1
    }

    /// The index of `member` in the members of `groups[group]`, added when new.
    private mutating func memberIndex(_ member: Int, in group: Int) -> Int {
        if let index = groups[group].members.firstIndex(where: { $0.member == member }) { return index }
        groups[group].members.append((member, []))
        return groups[group].members.count - 1
    }

    /// Each group's consumed partitions as `(group, partition)` pairs sort: groups by name, then
    /// partitions (kept sorted).
    private var groupsByName: [Int] { groups.indices.sorted { groups[$0].name < groups[$1].name } }

    /// Notes a non-monotonic poll: `offset` read after `previous` in the same generation.
    private mutating func addNonMonotonic(
        _ offset: Offset, after previous: Offset, _ group: String, _ member: Int, _ partition: TopicPartition,
        _ generation: Int32, _ elapsed: Duration, _ fault: (line: Int, text: String, at: Duration)?
    ) {
        add(
            "\(group)-\(member) read \(partition) at offset \(offset) after offset \(previous) in "
                + "the same generation \(generation) (non-monotonic poll, at \(elapsed))", fault: fault)
    }

    private mutating func add(_ text: String, fault: (line: Int, text: String, at: Duration)?) {
        guard findings.count < Self.findingLimit else { return }
        findings.append(Finding(text: text, fault: fault.map { "line \($0.line): \($0.text) at \($0.at)" }))
    }

    /// Offsets present in `logOffsets` (a partition's final log) below the highest offset the
    /// group consumed there, which the group never consumed, from the first offset it consumed.
    mutating func checkSkips(logOffsets: [TopicPartition: [Int64]]) {
        for group in groupsByName {
            for entry in groups[group].consumed {
                let consumed = entry.offsets
                guard let first = consumed.min, let highest = consumed.max, let offsets = logOffsets[entry.partition]
                else { continue }
                let skipped = offsets.filter { $0 >= first && $0 <= highest && !consumed.contains($0) }
                guard let low = skipped.first else { continue }
                add(
                    "\(groups[group].name) skipped \(skipped.count) record(s) of \(entry.partition) between offsets "
                        + "\(low) and \(skipped.last ?? low) although it consumed up to \(highest)", fault: nil)
            }
        }
    }
}

extension ConsumerChecks {
    /// A skip found while the run goes.
    struct LiveSkip: Hashable {
        var text: String
        var partition: TopicPartition
        var group: String
        var count: Int
    }

    /// Skipped records found while the run goes: the gaps between the offsets a group consumed
    /// that were not examined yet, checked against `logOffsets` (the offsets of the run's
    /// records in that range of the partition's committed log; nil when it cannot be read now,
    /// and the gap waits). A gap the log has nothing in (compaction) is no skip. Found once: the
    /// report at the end checks the final logs again (`checkSkips`).
    mutating func liveSkips(logOffsets: (TopicPartition, ClosedRange<Int64>) -> [Int64]?) -> [LiveSkip] {
        var skips: [LiveSkip] = []
        for group in groupsByName {
            let name = groups[group].name
            for entry in groups[group].consumed.indices {
                let partition = groups[group].consumed[entry].partition
                let ranges = groups[group].consumed[entry].offsets.ranges
                guard ranges.count > 1, let highest = ranges.last?.upperBound else { continue }
                var examined = groups[group].consumed[entry].examinedBelow
                for index in 1..<ranges.count {
                    let gap = (ranges[index - 1].upperBound + 1)...(ranges[index].lowerBound - 1)
                    guard gap.upperBound >= examined else { continue }
                    let unexamined = max(gap.lowerBound, examined)...gap.upperBound
                    guard let offsets = logOffsets(partition, unexamined) else { break }
                    examined = gap.upperBound + 1
                    guard let low = offsets.first else { continue }
                    skips.append(
                        LiveSkip(
                            text: "\(name) skipped \(offsets.count) record(s) of \(partition) between offsets "
                                + "\(low) and \(offsets.last ?? low) although it consumed up to \(highest)",
                            partition: partition, group: name, count: offsets.count))
                }
                groups[group].consumed[entry].examinedBelow = examined
            }
        }
        return skips
    }
}

/// A set of offsets as sorted, disjoint, non-adjacent closed ranges: what a consumer reads is
/// mostly contiguous, so a group's millions of offsets take a handful of ranges, and the usual
/// insertion (the offset after the last one) extends the last range in place.
struct OffsetRanges: Hashable {
    private(set) var ranges: [ClosedRange<Int64>] = []

    var min: Int64? { ranges.first?.lowerBound }
    var max: Int64? { ranges.last?.upperBound }

    func contains(_ offset: Int64) -> Bool {
        let index = firstRange(endingAtOrAfter: offset)
        return index < ranges.count && ranges[index].contains(offset)
    }

    mutating func insert(_ offset: Int64) {
        if let last = ranges.last, offset >= last.lowerBound {
            if offset <= last.upperBound { return }
            if offset == last.upperBound + 1 {
                ranges[ranges.count - 1] = last.lowerBound...offset
                return
            }
            ranges.append(offset...offset)
            return
        }
        let index = firstRange(endingAtOrAfter: offset)
        if index < ranges.count && ranges[index].contains(offset) { return }
        // Joins the range before (ending at offset − 1) and the one at `index` (starting at offset + 1).
        let joinsBefore = index > 0 && ranges[index - 1].upperBound == offset - 1
        let joinsAfter = index < ranges.count && ranges[index].lowerBound == offset + 1
        switch (joinsBefore, joinsAfter) {
        case (true, true):
            ranges[index - 1] = ranges[index - 1].lowerBound...ranges[index].upperBound
            ranges.remove(at: index)
        case (true, false): ranges[index - 1] = ranges[index - 1].lowerBound...offset
        case (false, true): ranges[index] = offset...ranges[index].upperBound
        case (false, false): ranges.insert(offset...offset, at: index)
        }
    }

    /// Inserts `offsets`, in the order polled, and returns the last (nil when there is none):
    /// consecutive offsets (a poll's records, usually all of them) go in as one run, at one
    /// comparison each. Each offset at or below the one before it is handed to `stepBack` with
    /// that one, in order: a consumer's checks find a non-monotonic poll in the same walk.
    @discardableResult
    mutating func insert(
        _ offsets: some Collection<Offset>, stepBack: (_ offset: Offset, _ after: Offset) -> Void = { _, _ in }
    ) -> Offset? {
        var remaining = offsets.makeIterator()
        guard let first = remaining.next() else { return nil }
        var runStart = first.rawValue
        var latest = first.rawValue
        while let offset = remaining.next() {
            if offset.rawValue == latest + 1 {
                latest = offset.rawValue
                continue
            }
            if offset.rawValue <= latest { stepBack(offset, Offset(latest)) }
            insert(runStart...latest)
            runStart = offset.rawValue
            latest = offset.rawValue
        }
        insert(runStart...latest)
        return Offset(latest)
    }

    /// Inserts every offset of `run`: at once when it lies after every range held (a consumer's
    /// polls mostly do), else offset by offset.
    mutating func insert(_ run: ClosedRange<Int64>) {
        guard let last = ranges.last, run.lowerBound <= last.upperBound else {
            if let last = ranges.last, run.lowerBound == last.upperBound + 1 {
                ranges[ranges.count - 1] = last.lowerBound...run.upperBound
            } else {
                ranges.append(run)
            }
            return
        }
        for offset in run { insert(offset) }
    }

    /// The index of the first range whose upper bound is at or above `offset` (binary search).
    private func firstRange(endingAtOrAfter offset: Int64) -> Int {
        var low = 0
        var high = ranges.count
        while low < high {
            let middle = (low + high) / 2
            if ranges[middle].upperBound < offset { low = middle + 1 } else { high = middle }
        }
        return low
    }
}
