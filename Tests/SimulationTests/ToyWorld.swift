import KafkaCore
import Simulation

/// A small, busy world for determinism tests: five gossiping brokers and a recorder, over a
/// lossy, jittery network with a capped link, a one-way partition, an isolation, a pause and a
/// crash with restart along the way.
enum ToyWorld {
    static let brokers = (0..<5).map { NodeID.broker(BrokerID(Int32($0))) }
    static let recorder = NodeID.client(0)

    static func make(seed: UInt64, limits: WorldLimits = WorldLimits()) -> World<ToyMessage> {
        let network = LinkConfig(latency: .milliseconds(1), jitter: .microseconds(800), dropRate: 0.02)
        var world = World<ToyMessage>(seed: seed, defaultLink: network, limits: limits)
        for broker in brokers {
            let peers = brokers.filter { $0 != broker } + [recorder]
            let generator = world.stream("gossip \(broker.number)")
            let start = world.now
            world.add(broker) {
                GossipNode(peers: peers, period: .milliseconds(5), generator: generator, start: start)
            }
        }
        world.add(recorder) { RecorderNode() }
        world.setBandwidth(Link(from: brokers[0], to: brokers[1]), bytesPerSecond: 200_000)
        return world
    }

    /// Runs the scripted faults, then tops up to exactly `events` processed events.
    static func run(seed: UInt64, events: Int = 10_000) -> World<ToyMessage> {
        var world = make(seed: seed)
        world.run(for: .milliseconds(300))
        world.partition(brokers[1], brokers[2], oneWay: true)
        world.pause(brokers[3], for: .milliseconds(40))
        world.run(for: .milliseconds(200))
        world.crash(brokers[0])
        world.isolate(brokers[4])
        world.run(for: .milliseconds(150))
        world.restart(brokers[0])
        world.setExtraDelay(Link(from: brokers[2], to: brokers[3]), .milliseconds(3))
        world.run(for: .milliseconds(150))
        world.healAll()
        world.run(events: events - world.statistics.eventsProcessed)
        return world
    }
}
