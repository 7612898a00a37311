/// The limits a broker puts on what it reads from a client.
public enum WireLimits {
    /// Kafka's `socket.request.max.bytes` default: the largest request frame a broker reads (100 MiB).
    public static let socketRequestMaxBytes = 104_857_600

    /// The size of a frame from its 4-byte big-endian size prefix, checked against `limit` before
    /// any of the frame is read: a negative size is `invalidLength`, a size above `limit` is
    /// `frameTooLarge`.
    public static func frameSize(
        prefix: [UInt8], limit: Int = socketRequestMaxBytes
    ) throws(WireError) -> Int {
        var reader = WireReader(prefix)
        let size = Int(try reader.readInt32())
        guard size >= 0 else { throw .invalidLength(size) }
        guard size <= limit else { throw .frameTooLarge(size: size, limit: limit) }
        return size
    }
}
