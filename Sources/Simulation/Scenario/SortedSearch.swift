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
