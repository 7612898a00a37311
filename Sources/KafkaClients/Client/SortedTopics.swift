extension Array where Element == String {
    /// Where `topic` is in this ascending array of topic names, or where it would be inserted
    /// (binary search): the clients' per-topic tables keep their topics sorted instead of hashing
    /// them.
    func sortedPosition(of topic: String) -> (index: Int, found: Bool) {
        var low = 0
        var high = count
        while low < high {
            let middle = (low + high) / 2
            if self[middle] < topic { low = middle + 1 } else { high = middle }
        }
        return (low, low < count && self[low] == topic)
    }
}
