import KafkaCore
import Simulation
import Testing

/// The instant `milliseconds` after the start of the world.
func ms(_ milliseconds: Int64) -> Instant { .zero + .milliseconds(milliseconds) }

let alice = NodeID.client(1)
let bob = NodeID.broker(BrokerID(2))
let carol = NodeID.broker(BrokerID(3))

/// A world of recorders over a lossless, jitter-free network with 1 ms one-way latency.
func recorderWorld(
    _ nodes: [NodeID] = [alice, bob, carol], latency: Duration = .milliseconds(1), limits: WorldLimits = WorldLimits()
) -> World<ToyMessage> {
    var world = World<ToyMessage>(seed: 1, defaultLink: LinkConfig(latency: latency), limits: limits)
    for node in nodes { world.add(node) { RecorderNode() } }
    return world
}

extension World where Message == ToyMessage {
    /// The recorder hosted as `id`, as it is now.
    func recorder(_ id: NodeID, sourceLocation: SourceLocation = #_sourceLocation) throws -> RecorderNode {
        try #require(node(id) as? RecorderNode, sourceLocation: sourceLocation)
    }

    /// Events of the trace ring that are drops, as (message, reason).
    var drops: [(ToyMessage, DropReason)] {
        trace.elements.compactMap { event in
            if case .dropped(let envelope, let reason) = event.kind { (envelope.message, reason) } else { nil }
        }
    }
}
