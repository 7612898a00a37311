/// A value with a stable contribution to a `TraceDigest`.
///
/// Messages that travel through the simulated world conform, so that a run's digest covers what
/// was said and not only who talked to whom. The contribution must be a pure function of the
/// value, identical in every process: fold in fields in a fixed order, a tag word before each
/// enum case's payload, and never `hashValue`, `Set` or `Dictionary` order.
public protocol TraceDigestible {
    func digest(into digest: inout TraceDigest)
}

extension UInt64: TraceDigestible {
    @inlinable public func digest(into digest: inout TraceDigest) { digest.combine(self) }
}

extension UInt32: TraceDigestible {
    @inlinable public func digest(into digest: inout TraceDigest) { digest.combine(UInt64(self)) }
}

extension UInt8: TraceDigestible {
    @inlinable public func digest(into digest: inout TraceDigest) { digest.combine(UInt64(self)) }
}

extension Int64: TraceDigestible {
    @inlinable public func digest(into digest: inout TraceDigest) { digest.combine(UInt64(bitPattern: self)) }
}

extension Int32: TraceDigestible {
    @inlinable public func digest(into digest: inout TraceDigest) { digest.combine(UInt64(bitPattern: Int64(self))) }
}

extension Int: TraceDigestible {
    @inlinable public func digest(into digest: inout TraceDigest) { digest.combine(UInt64(bitPattern: Int64(self))) }
}

extension Bool: TraceDigestible {
    @inlinable public func digest(into digest: inout TraceDigest) { digest.combine(self ? 1 : 0) }
}

extension Double: TraceDigestible {
    @inlinable public func digest(into digest: inout TraceDigest) { digest.combine(bitPattern) }
}

extension String: TraceDigestible {
    /// The UTF-8 bytes from contiguous storage (a small string is copied to the stack), eight at
    /// a time: the same words as walking `utf8` byte by byte, at a fraction of the cost. Read in
    /// place; only a string without contiguous UTF-8 (bridged) is copied to get some.
    public func digest(into digest: inout TraceDigest) {
        if utf8.withContiguousStorageIfAvailable({ digest.combine(bytes: UnsafeRawBufferPointer($0)) }) != nil {
            return
        }
        var string = self
        string.withUTF8 { digest.combine(bytes: UnsafeRawBufferPointer($0)) }
    }
}

extension Optional: TraceDigestible where Wrapped: TraceDigestible {
    @inlinable public func digest(into digest: inout TraceDigest) {
        switch self {
        case .none: digest.combine(0)
        case .some(let wrapped):
            digest.combine(1)
            digest.combine(wrapped)
        }
    }
}

extension Array: TraceDigestible where Element: TraceDigestible {
    @inlinable public func digest(into digest: inout TraceDigest) {
        digest.combine(UInt64(count))
        for element in self { digest.combine(element) }
    }
}

extension Instant: TraceDigestible {
    @inlinable public func digest(into digest: inout TraceDigest) { digest.combine(microseconds) }
}

extension Duration: TraceDigestible {
    @inlinable public func digest(into digest: inout TraceDigest) { digest.combine(microseconds) }
}

extension BrokerID: TraceDigestible {
    @inlinable public func digest(into digest: inout TraceDigest) { digest.combine(rawValue) }
}

extension NodeID: TraceDigestible {
    @inlinable public func digest(into digest: inout TraceDigest) { digest.combine(packed) }
}

extension TopicPartition: TraceDigestible {
    public func digest(into digest: inout TraceDigest) {
        digest.combine(topic)
        digest.combine(partition)
    }
}

extension Int16: TraceDigestible {
    @inlinable public func digest(into digest: inout TraceDigest) { digest.combine(UInt64(bitPattern: Int64(self))) }
}
