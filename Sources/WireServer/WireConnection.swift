import KafkaCore

/// One client connection to one broker's listener: the frames coming in, and the responses
/// going out in request order.
///
/// Each request that expects a response takes a slot at the back of `slots`; the slot fills
/// when its response is ready, and only the filled slots at the front move to `outbound`. A
/// slow request (a long-poll Fetch) therefore holds back later responses on the same
/// connection, as in Kafka, which serves one request per connection at a time.
struct WireConnection {
    /// A response owed to the client, in request order.
    struct Slot {
        /// The broker request it waits for, `nil` once `frame` is set.
        var requestID: UInt64?
        /// The whole response frame, size prefix included.
        var frame: [UInt8]?
    }

    let id: Int
    let fd: Int32
    let broker: BrokerID
    var frames: FrameReader
    var slots: [Slot] = []
    var outbound: [UInt8] = []
    var outboundStart = 0

    init(id: Int, fd: Int32, broker: BrokerID, maxFrameBytes: Int) {
        self.id = id
        self.fd = fd
        self.broker = broker
        frames = FrameReader(limit: maxFrameBytes)
    }

    var unsentBytes: Int { outbound.count - outboundStart }

    /// Fills the slot waiting for `requestID`; false if none does.
    mutating func fill(_ requestID: UInt64, with frame: [UInt8]) -> Bool {
        guard let index = slots.firstIndex(where: { $0.requestID == requestID }) else { return false }
        slots[index] = Slot(requestID: nil, frame: frame)
        return true
    }

    /// Moves the filled slots at the front to `outbound`.
    mutating func releaseReadyResponses() {
        var released = 0
        while released < slots.count, let frame = slots[released].frame {
            outbound.append(contentsOf: frame)
            released += 1
        }
        if released > 0 { slots.removeFirst(released) }
    }

    /// Drops the first `count` unsent bytes, which the socket took.
    mutating func consumeOutbound(_ count: Int) {
        outboundStart += count
        if outboundStart == outbound.count {
            outbound.removeAll(keepingCapacity: outbound.capacity <= 1 << 20)
            outboundStart = 0
        } else if outboundStart > 1 << 20, outboundStart > outbound.count / 2 {
            outbound.removeFirst(outboundStart)
            outboundStart = 0
        }
    }

    /// The broker requests this connection still waits for.
    var awaitedRequests: [UInt64] { slots.compactMap(\.requestID) }
}
