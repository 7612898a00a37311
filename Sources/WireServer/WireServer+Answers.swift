import KafkaCore
import KafkaWire
import Simulation

extension WireServer {
    /// Takes the brokers' answers that have arrived, turns them into response frames in their
    /// connections' slots, writes what is ready, and reads frames that waited for room.
    public mutating func deliverAnswers(from cluster: inout SimulatedCluster) {
        lastSeen = cluster.now
        for requestID in pending.keys.sorted() {
            guard let answer = cluster.takeAnswer(requestID), let (id, call) = pending.removeValue(forKey: requestID)
            else { continue }
            guard let response = translator.response(to: call, answer: answer.response),
                let frame = Self.responseFrame(
                    correlationID: call.header.correlationID, apiKey: call.header.apiKey,
                    version: call.header.apiVersion, response: response)
            else {
                statistics.unsupportedRequests += 1
                closeConnection(id)
                continue
            }
            if connections[id]?.fill(requestID, with: frame) == true {
                connections[id]?.releaseReadyResponses()
                statistics.responses += 1
            }
        }
        takeOrphanedAnswers(from: &cluster)
        for id in connections.keys.sorted() {
            if connections[id]?.unsentBytes ?? 0 > 0 { flush(id) }
            if connections[id]?.frames.bufferedBytes ?? 0 > 0 { processBufferedFrames(id, cluster: &cluster) }
        }
    }

    private mutating func takeOrphanedAnswers(from cluster: inout SimulatedCluster) {
        guard !orphans.isEmpty else { return }
        let before = orphans.count
        orphans.removeAll { cluster.takeAnswer($0.requestID) != nil }
        statistics.orphanedAnswers += before - orphans.count
        let now = cluster.now
        orphans.removeAll { now - $0.since > Self.orphanLifetime }
    }

    /// Writes as much of the connection's unsent bytes as the socket takes.
    mutating func flush(_ id: Int) {
        guard let connection = connections[id], connection.unsentBytes > 0 else { return }
        guard
            let written = LoopbackSocket.write(
                connection.fd, connection.outbound[connection.outboundStart...])
        else {
            closeConnection(id)
            return
        }
        connections[id]?.consumeOutbound(written)
    }
}
