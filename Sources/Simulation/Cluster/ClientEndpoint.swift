import KafkaCluster
import KafkaCore

/// A bare client in the world: the cluster's in-process API sends requests as it, and the
/// answers land in its `mailbox`, which the cluster reads. Tests and benchmarks drive brokers
/// through it, using the same broker entry points as every other client.
struct ClientEndpoint: Node {
    typealias Message = ClusterMessage

    let mailbox: ClientMailbox

    mutating func receive(
        _ envelope: consuming Envelope<ClusterMessage>, at now: Instant
    ) -> [Outgoing<ClusterMessage>] {
        if case .response(let id, let response) = envelope.message { mailbox.deliver(response, id: id, at: now) }
        return []
    }

    mutating func tick(at now: Instant) -> [Outgoing<ClusterMessage>] { [] }

    var nextDeadline: Instant? { nil }
}

/// Answers that reached the in-process client, by request id, until taken.
final class ClientMailbox {
    private(set) var responses: [UInt64: (response: ClientResponse, arrivedAt: Instant)] = [:]

    func deliver(_ response: ClientResponse, id: UInt64, at now: Instant) {
        responses[id] = (response, now)
    }

    func take(_ id: UInt64) -> (response: ClientResponse, arrivedAt: Instant)? {
        responses.removeValue(forKey: id)
    }

    func has(_ id: UInt64) -> Bool { responses[id] != nil }
}
