import KafkaWire

/// Cuts a TCP byte stream into Kafka frames (a 4-byte big-endian size, then that many bytes).
///
/// The size is checked against `limit` (`socket.request.max.bytes`) before any of the frame is
/// buffered, so a hostile prefix cannot make the server allocate. Pure: the server feeds it what
/// `recv` returned and takes whole frames out.
struct FrameReader {
    /// The largest frame accepted.
    let limit: Int
    private var buffer: [UInt8] = []
    private var start = 0

    init(limit: Int = WireLimits.socketRequestMaxBytes) {
        self.limit = limit
    }

    /// Bytes received and not yet returned as frames.
    var bufferedBytes: Int { buffer.count - start }

    mutating func append(_ bytes: some Sequence<UInt8>) {
        if start > 0, start >= buffer.count / 2 {
            buffer.removeFirst(start)
            start = 0
        }
        buffer.append(contentsOf: bytes)
    }

    /// The next whole frame (without its size prefix), `nil` until one has arrived. Throws
    /// `invalidLength` or `frameTooLarge` for a bad size prefix; the stream is then unusable.
    mutating func nextFrame() throws(WireError) -> [UInt8]? {
        guard bufferedBytes >= 4 else { return nil }
        let size = try WireLimits.frameSize(prefix: Array(buffer[start..<start + 4]), limit: limit)
        guard bufferedBytes >= 4 + size else { return nil }
        let frame = Array(buffer[start + 4..<start + 4 + size])
        start += 4 + size
        if start == buffer.count {
            buffer.removeAll(keepingCapacity: buffer.capacity <= 1 << 20)
            start = 0
        }
        return frame
    }
}

/// Prepends the 4-byte big-endian size to a frame.
func sizePrefixed(_ frame: [UInt8]) -> [UInt8] {
    let size = UInt32(frame.count)
    var bytes: [UInt8] = [UInt8(size >> 24), UInt8((size >> 16) & 0xFF), UInt8((size >> 8) & 0xFF), UInt8(size & 0xFF)]
    bytes.append(contentsOf: frame)
    return bytes
}
