/// Java's `String.hashCode()`: `h = 31 * h + c` over the string's UTF-16 code units, with 32-bit
/// wraparound.
///
/// It iterates UTF-16 units, not UTF-8 bytes, so a character outside the Basic Multilingual Plane
/// contributes its two surrogates, exactly as in the JVM.
public func javaStringHashCode(_ string: String) -> Int32 {
    var hash: Int32 = 0
    for unit in string.utf16 {
        hash = hash &* 31 &+ Int32(unit)
    }
    return hash
}

/// Kafka's `Utils.abs`: the absolute value, except that `Int32.min` (which has none) maps to 0.
public func kafkaAbs(_ value: Int32) -> Int32 {
    value == .min ? 0 : abs(value)
}

/// The `__consumer_offsets` partition that holds a group, and so whose leader coordinates it:
/// `Utils.abs(groupID.hashCode()) % offsets.topic.num.partitions`.
public func coordinatorPartition(for groupID: String, partitionCount: Int32 = 50) -> Int32 {
    precondition(partitionCount > 0, "__consumer_offsets needs at least one partition, got \(partitionCount)")
    return kafkaAbs(javaStringHashCode(groupID)) % partitionCount
}
