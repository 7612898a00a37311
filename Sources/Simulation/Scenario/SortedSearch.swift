import KafkaCore

extension RandomAccessCollection {
    /// The element whose `key` is `value`, found by binary search in a collection sorted by `key`
    /// (a partition's records by offset); nil when none has it.
    func element<Key: Comparable>(withSorted key: (Element) -> Key, equalTo value: Key) -> Element? {
        var low = startIndex
        var count = self.count
        // The first index whose key is not below `value`.
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
        return low < endIndex && key(self[low]) == value ? self[low] : nil
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
        var low = 0
        var high = count
        while low < high {
            let middle = (low + high) / 2
            if key(self[middle]) < partition { low = middle + 1 } else { high = middle }
        }
        return (low, low < count && key(self[low]) == partition)
    }
}
