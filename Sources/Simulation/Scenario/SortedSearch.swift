import KafkaCore

extension RandomAccessCollection {
    /// The element whose `key` is `value`, found by binary search in a collection sorted by `key`
    /// (a partition's records by offset); nil when none has it.
    func element<Key: Comparable>(withSorted key: (Element) -> Key, equalTo value: Key) -> Element? {
        let low = firstIndex(sortedBy: key, notBelow: value)
        return low < endIndex && key(self[low]) == value ? self[low] : nil
    }

    /// The first index whose `key` is not below `value` (`endIndex` when none), by binary search
    /// in a collection sorted by `key`.
    func firstIndex<Key: Comparable>(sortedBy key: (Element) -> Key, notBelow value: Key) -> Index {
        var low = startIndex
        var count = self.count
        while count > 0 {
            let half = count / 2
            let middle = index(low, offsetBy: half)
            if key(self[middle]) < value {
                low = index(after: middle)
                count -= half + 1
            } else {
                count = half
            }
        }
        return low
    }
}

extension Array {
    /// Where `partition` is in an array sorted by the partition `key` gives (each at most once),
    /// or where it would be inserted, and whether it is there.
    ///
    /// Partition N is looked for at index N first: an array of the partitions of one topic that
    /// holds all of them has each there, found by one comparison instead of a binary search whose
    /// every step compares topic names (a producer's partitions, once per delivered batch).
    func partitionPlace(
        of partition: TopicPartition, key: (Element) -> TopicPartition
    ) -> (index: Int, found: Bool) {
        let hint = Int(partition.partition)
        if hint >= 0, hint < count, key(self[hint]) == partition { return (hint, true) }
        let low = firstIndex(sortedBy: key, notBelow: partition)
        return (low, low < count && key(self[low]) == partition)
    }
}
