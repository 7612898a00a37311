import Glibc
import KafkaCore
import KafkaWire
import Simulation

extension WireServer {
    /// One turn of the socket side: listeners follow the brokers, `poll(2)` waits up to
    /// `timeoutMilliseconds` for a socket to be ready, new connections are accepted, whole
    /// frames become broker requests, arrived answers become responses, and what can be
    /// written is written. Virtual time does not move here.
    ///
    /// `input`, if given, is waited on in the same `poll(2)` (the console's keyboard), so that a
    /// key ends the wait as a socket does; it is only watched, never read.
    /// - Returns: whether `input` is readable (or hung up).
    @discardableResult
    public mutating func pump(
        cluster: inout SimulatedCluster, timeoutMilliseconds: Int32, watching input: Int32? = nil
    ) -> Bool {
        lastSeen = cluster.now
        syncListeners(with: cluster)
        var descriptors: [pollfd] = []
        var owners: [PollOwner] = []
        for (broker, fd) in listeners.sorted(by: { $0.key < $1.key }) {
            descriptors.append(pollfd(fd: fd, events: Int16(POLLIN), revents: 0))
            owners.append(.listener(broker))
        }
        for id in connections.keys.sorted() {
            guard let connection = connections[id] else { continue }
            var events: Int16 = 0
            if acceptsMoreRequests(connection) { events |= Int16(POLLIN) }
            if connection.unsentBytes > 0 { events |= Int16(POLLOUT) }
            descriptors.append(pollfd(fd: connection.fd, events: events, revents: 0))
            owners.append(.connection(id))
        }
        if let input {
            descriptors.append(pollfd(fd: input, events: Int16(POLLIN), revents: 0))
            owners.append(.input)
        }
        var isInputReady = false
        let ready = descriptors.withUnsafeMutableBufferPointer { buffer in
            poll(buffer.baseAddress, nfds_t(buffer.count), max(0, timeoutMilliseconds))
        }
        if ready > 0 {
            for (index, descriptor) in descriptors.enumerated() where descriptor.revents != 0 {
                switch owners[index] {
                case .listener(let broker): acceptConnections(on: broker)
                case .connection(let id): service(id, revents: descriptor.revents, cluster: &cluster)
                case .input: isInputReady = true
                }
            }
        }
        deliverAnswers(from: &cluster)
        return isInputReady
    }

    /// Whether a connection may be read: not while it has `maxInFlightPerConnection` requests
    /// waiting or `maxOutboundBytesPerConnection` unsent (the client's TCP window fills instead).
    func acceptsMoreRequests(_ connection: WireConnection) -> Bool {
        connection.slots.count < limits.maxInFlightPerConnection
            && connection.unsentBytes < limits.maxOutboundBytesPerConnection
    }

    private mutating func acceptConnections(on broker: BrokerID) {
        guard let listener = listeners[broker] else { return }
        // Bounded per turn so that a connection storm cannot starve the brokers.
        for _ in 0..<64 {
            guard let fd = LoopbackSocket.accept(listener) else { return }
            guard connections.count < limits.maxConnections else {
                LoopbackSocket.close(fd)
                statistics.connectionsRefused += 1
                continue
            }
            let id = nextConnectionID
            nextConnectionID += 1
            connections[id] = WireConnection(id: id, fd: fd, broker: broker, maxFrameBytes: limits.maxFrameBytes)
            statistics.connectionsAccepted += 1
        }
    }

    private mutating func service(_ id: Int, revents: Int16, cluster: inout SimulatedCluster) {
        if revents & Int16(POLLOUT) != 0 { flush(id) }
        if revents & Int16(POLLIN | POLLHUP | POLLERR) != 0 { read(id, cluster: &cluster) }
    }

    private mutating func read(_ id: Int, cluster: inout SimulatedCluster) {
        guard let fd = connections[id]?.fd else { return }
        if readBuffer.count != limits.readChunkBytes {
            readBuffer = [UInt8](repeating: 0, count: limits.readChunkBytes)
        }
        switch LoopbackSocket.read(fd, into: &readBuffer) {
        case .wouldBlock: return
        case .closed:
            closeConnection(id)
            return
        case .bytes(let count):
            connections[id]?.frames.append(readBuffer[0..<count])
        }
        processBufferedFrames(id, cluster: &cluster)
    }

    /// Handles the whole frames a connection has buffered, while it may take more requests.
    mutating func processBufferedFrames(_ id: Int, cluster: inout SimulatedCluster) {
        while let connection = connections[id], acceptsMoreRequests(connection) {
            let frame: [UInt8]?
            do throws(WireError) {
                frame = try connections[id]?.frames.nextFrame()
            } catch {
                countMalformedFrame(on: id)
                closeConnection(id)
                return
            }
            guard let frame else { return }
            handleFrame(frame, on: id, cluster: &cluster)
        }
    }
}

/// What a `pollfd` entry belongs to.
enum PollOwner {
    case listener(BrokerID)
    case connection(Int)
    /// A descriptor the caller watches (the keyboard).
    case input
}
